"""A result cache like ruff's: per file, keyed by everything that decides the file's findings.

The key is a SHA-256 of: the file's path and content hash, lstmlint's version, a fingerprint
of lstmlint's own code (so an edited checkout never serves stale results), the file's
effective settings (every field of its ``Options``) and the Keras target. An entry also records
the project modules the analysis followed with their content hashes (and the paths it looked for
in vain); it is served only while they are unchanged (``Entry.current``). An entry is one JSON
file ``<cache-dir>/v1/<key[:2]>/<key>.json`` holding the diagnostics, the shape coverage counts
and, when there are findings, the source text the reporters quote.

Writes are atomic (a temporary file in the same folder, then ``os.replace``), so concurrent runs
never see half an entry; an entry that cannot be read or does not validate is ignored (and
rewritten by the run that misses it). The folder gets a ``.gitignore`` containing ``*`` and a
``CACHEDIR.TAG``. Only the diagnostics path uses the cache: ``--fix``, ``--confirm``,
``--annotate`` and ``--verbose`` need the analysis itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstmlint import __version__
from lstmlint.diagnostics import Diagnostic, Label, Severity, Span
from lstmlint.report.coverage import Coverage
from lstmlint.source.modules import content_hash

DEFAULT_DIR = ".lstmlint_cache"
FORMAT = "v1"
GITIGNORE = "# Automatically created by lstmlint.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by lstmlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

_code_fingerprint: str | None = None


def code_fingerprint() -> str:
    """Size and modification time of every module of lstmlint: changes whenever its code does."""
    global _code_fingerprint
    if _code_fingerprint is None:
        root = Path(__file__).resolve().parent
        h = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(dirpath, name))
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    h.update(f"{rel}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        _code_fingerprint = h.hexdigest()
    return _code_fingerprint


def _plain(value: Any) -> Any:
    """A JSON-able, order-independent form of a settings value."""
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def settings_fingerprint(options: Any) -> Any:
    """Every field of the file's effective ``Options``, in a stable form."""
    return _plain(options)


def cache_key(
    path: str,
    content: bytes,
    options: Any,
    *,
    keras_target: str | None = None,
    version: str = __version__,
    code: str | None = None,
) -> str:
    """The key of ``path``'s entry. ``keras_target`` defaults to ``options.keras_target`` when
    settings have one (Keras 3 today: the field is a placeholder until the Keras-2 target lands)."""
    if keras_target is None:
        keras_target = getattr(options, "keras_target", None)
    payload = {
        "format": FORMAT,
        "version": version,
        "code": code_fingerprint() if code is None else code,
        "keras_target": keras_target,
        "settings": settings_fingerprint(options),
        "path": path,
        "content": hashlib.sha256(content).hexdigest(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the cache keeps of one file's result."""

    diagnostics: tuple[Diagnostic, ...]
    coverage: Coverage
    internal_error: str | None = None
    source: str | None = None  # kept only when there are findings to quote
    # the project modules the analysis followed (``interp/modules.py``): (path, SHA-256 of the
    # content it read, "" for a path it looked for that did not exist); the entry is stale as
    # soon as one of them differs
    followed: tuple[tuple[str, str], ...] = ()

    def current(self) -> bool:
        """Whether every module the result followed still has the content it had (and every
        path looked for in vain is still absent)."""
        for path, digest in self.followed:
            if digest == "":
                if os.path.lexists(path):
                    return False
            elif content_hash(path) != digest:
                return False
        return True


# ------------------------------------------------------------------ (de)serialisation
def _span_json(s: Span) -> list[int]:
    return [s.line, s.column, s.end_line, s.end_column]


def _span(data: Any) -> Span:
    if not (isinstance(data, list) and len(data) == 4 and all(type(v) is int for v in data)):
        raise ValueError("bad span")
    return Span(*data)


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "span": _span_json(d.span),
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "help": d.help,
        "notes": list(d.notes),
        "data": d.data,
        "labels": [[_span_json(lb.span), lb.message, lb.primary] for lb in d.labels],
        "confirmed": d.confirmed,
        "confirm_note": d.confirm_note,
    }


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def diagnostic_from_json(data: Any) -> Diagnostic:
    if not isinstance(data, dict):
        raise ValueError("bad diagnostic")
    labels = []
    for item in data["labels"]:
        span, message, primary = item
        if not isinstance(primary, bool):
            raise ValueError("bad label")
        labels.append(Label(_span(span), _str(message), primary))
    confirmed = data["confirmed"]
    if confirmed is not None and not isinstance(confirmed, bool):
        raise ValueError("bad confirmed")
    extra = data["data"]
    if not isinstance(extra, dict):
        raise ValueError("bad data")
    return Diagnostic(
        _str(data["path"]),
        _span(data["span"]),
        _str(data["code"]),
        Severity(data["severity"]),
        _str(data["message"]),
        labels=tuple(labels),
        notes=tuple(_str(n) for n in data["notes"]),
        help=_opt_str(data["help"]),
        data=extra,
        confirmed=confirmed,
        confirm_note=_opt_str(data["confirm_note"]),
    )


def entry_json(entry: Entry) -> str:
    return json.dumps(
        {
            "diagnostics": [diagnostic_json(d) for d in entry.diagnostics],
            "coverage": entry.coverage.to_json(),
            "internal_error": entry.internal_error,
            "source": entry.source,
            "followed": [[path, digest] for path, digest in entry.followed],
        },
        separators=(",", ":"),
    )


def entry_from_json(text: str) -> Entry:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("bad entry")
    followed = []
    for item in data.get("followed", []):
        if not (isinstance(item, list) and len(item) == 2):
            raise ValueError("bad followed module")
        followed.append((_str(item[0]), _str(item[1])))
    return Entry(
        tuple(diagnostic_from_json(d) for d in data["diagnostics"]),
        Coverage.from_json(data["coverage"]),
        _opt_str(data["internal_error"]),
        _opt_str(data["source"]),
        tuple(followed),
    )


# ------------------------------------------------------------------ the store
class Cache:
    """A cache folder. Every method is safe to call from several processes at once."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self._ready = False

    def _entry_path(self, key: str) -> Path:
        return self.root / FORMAT / key[:2] / f"{key}.json"

    def get(self, key: str) -> Entry | None:
        """The entry for ``key``; ``None`` when absent, unreadable, invalid, or stale (a project
        module the result followed has changed since)."""
        try:
            text = self._entry_path(key).read_text(encoding="utf-8")
            entry = entry_from_json(text)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            return None
        return entry if entry.current() else None

    def _prepare(self) -> None:
        if self._ready:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            marker = self.root / name
            if not marker.exists():
                _atomic_write(marker, text)
        self._ready = True

    def put(self, key: str, entry: Entry) -> bool:
        """Store ``entry``; False (and nothing stored) when it cannot be written or serialised."""
        try:
            text = entry_json(entry)
        except (TypeError, ValueError):  # data that JSON cannot hold: just do not cache it
            return False
        try:
            self._prepare()
            target = self._entry_path(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(target, text)
        except OSError:
            return False
        return True

    def clear(self) -> None:
        """Remove what lstmlint stored (``--clear-cache``, ``lstmlint clean``), then the folder if it is
        left empty: a ``--cache-dir`` that names a folder of the user's loses nothing else."""
        if self.root.is_dir():
            shutil.rmtree(self.root / FORMAT, ignore_errors=True)
            for name in (".gitignore", "CACHEDIR.TAG"):
                marker = self.root / name
                try:
                    if marker.is_file() and marker.read_text(encoding="utf-8") in (GITIGNORE, CACHEDIR_TAG):
                        marker.unlink()
                except (OSError, UnicodeDecodeError):
                    pass
            try:
                self.root.rmdir()
            except OSError:
                pass  # not empty: not only ours
        self._ready = False


def _atomic_write(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
