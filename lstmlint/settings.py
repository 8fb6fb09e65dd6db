"""``[tool.lstmlint]`` in ``pyproject.toml``: which codes to report, which files to skip.

Each checked file uses the nearest ``pyproject.toml`` with a ``[tool.lstmlint]`` table, found
by walking up from the file's folder (a ``pyproject.toml`` without that table is passed over,
as ruff does). Command-line settings override the file's. Patterns are ``fnmatch`` globs: one
without ``/`` matches a file or folder name anywhere (``build`` skips every ``build/``); one
with ``/`` matches the path relative to the folder of the file that declares it (``*`` also
matches ``/`` there, as in flake8).

Nothing here prints; a bad configuration raises ``ConfigError`` with a one-line message.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field, replace
from typing import Any

from lstmlint.codes import known as _known_code
from lstmlint.source.files import DEFAULT_EXCLUDES

CONFIG_FILE = "pyproject.toml"
DEFAULT_EXCLUDE = (*sorted(DEFAULT_EXCLUDES), "*.egg-info")
KEYS = (
    "select",
    "ignore",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "warnings-as-errors",
    "jobs",
    "cache-dir",
    "keras-version",
)
KERAS_VERSIONS = ("auto", "2", "3")  # the Keras a file is judged by (source/keras_target.py)


@dataclass(frozen=True)
class Options:
    """What to report and how, for one file (or, on the command line, the overrides)."""

    select: frozenset[str] | None = None  # codes or prefixes to report; None = all
    ignore: frozenset[str] | None = None  # None = nothing (or, on the command line: the config's)
    # [tool.lstmlint] and its overrides (see ``Resolver``); None = not given, the config decides
    warnings_as_errors: bool | None = None  # warnings make the exit status 1
    exclude: tuple[str, ...] | None = None  # replaces the config's / default exclusions
    extend_exclude: tuple[str, ...] = ()
    config: str | None = None  # use this file's [tool.lstmlint] for every file
    isolated: bool = False  # read no configuration file
    noqa: bool = True  # honour noqa comments (the flake8 plugin leaves them to flake8)
    respect_gitignore: bool = True  # a folder walk skips what git ignores (source/gitignore.py)
    keras_version: str | None = None  # "auto" | "2" | "3"; None = not given (the config, else auto)

    @property
    def keras_setting(self) -> str:
        """The ``keras-version`` setting in force: ``auto`` unless "2" or "3" was chosen."""
        return self.keras_version if self.keras_version in KERAS_VERSIONS else "auto"

    def wants(self, code: str) -> bool:
        if self.ignore and any(code.startswith(p) for p in self.ignore):
            return False
        return self.select is None or any(code.startswith(p) for p in self.select)


class ConfigError(Exception):
    """A configuration the user must fix; ``str(e)`` is the one-line message to show."""


@dataclass(frozen=True)
class Pattern:
    glob: str
    root: str  # absolute folder the pattern is relative to

    def matches(self, path: str) -> bool:
        """Does the pattern match ``path`` (a file or folder)?"""
        glob = self.glob
        if "/" not in glob:
            return fnmatch.fnmatchcase(os.path.basename(os.path.normpath(path)), glob)
        absolute = os.path.abspath(path)
        if os.path.isabs(glob):
            return fnmatch.fnmatchcase(absolute, glob.rstrip("/"))
        rel = os.path.relpath(absolute, self.root).replace(os.sep, "/")
        if rel.startswith("../"):
            return False
        glob = glob.removeprefix("./").rstrip("/")
        return fnmatch.fnmatchcase(rel, glob)


@dataclass(frozen=True)
class FileConfig:
    """The validated ``[tool.lstmlint]`` table of one file. ``None`` means "not set"."""

    path: str
    select: frozenset[str] | None = None
    ignore: frozenset[str] | None = None
    exclude: tuple[Pattern, ...] | None = None
    extend_exclude: tuple[Pattern, ...] = ()
    per_file_ignores: tuple[tuple[Pattern, frozenset[str]], ...] = ()
    warnings_as_errors: bool | None = None
    jobs: int | None = None  # processes for a run (lstmlint/run.py); run-wide, from the cwd's config
    cache_dir: str | None = None  # absolute; run-wide like jobs
    keras_version: str | None = None  # "auto" | "2" | "3"

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


# ------------------------------------------------------------------ reading and validating
def known_code(code: str) -> bool:
    """``code`` is a registered code, or a prefix of one (``LST1``)."""
    return _known_code(code)


def _codes(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where} must be a list of codes, like ["LST101", "LST11"]')
    codes = frozenset(v.strip().upper() for v in value if v.strip())
    for code in sorted(codes):
        if not known_code(code):
            raise ConfigError(f"{where}: unknown code or prefix {code!r} (see `lstmlint --explain`)")
    return codes


def _patterns(value: Any, where: str, root: str) -> tuple[Pattern, ...]:
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where} must be a list of glob patterns, like ["build", "legacy/*.py"]')
    return tuple(Pattern(v, root) for v in value if v.strip())


def parse_table(table: Any, path: str) -> FileConfig:
    """Validate a ``[tool.lstmlint]`` table read from ``path``."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.lstmlint] must be a table")
    root = os.path.dirname(os.path.abspath(path))
    for key in table:
        if key not in KEYS:
            hint = f"; did you mean {key.replace('_', '-')!r}?" if key.replace("_", "-") in KEYS else ""
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.lstmlint]{hint} (known keys: {', '.join(KEYS)})")
    where = f"{path}: [tool.lstmlint]"
    cfg = FileConfig(path)
    if "select" in table:
        cfg = replace(cfg, select=_codes(table["select"], f"{where} select"))
    if "ignore" in table:
        cfg = replace(cfg, ignore=_codes(table["ignore"], f"{where} ignore"))
    if "exclude" in table:
        cfg = replace(cfg, exclude=_patterns(table["exclude"], f"{where} exclude", root))
    if "extend-exclude" in table:
        cfg = replace(cfg, extend_exclude=_patterns(table["extend-exclude"], f"{where} extend-exclude", root))
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{where} per-file-ignores must be a table of glob = [codes]")
        cfg = replace(
            cfg,
            per_file_ignores=tuple(
                (Pattern(glob, root), _codes(codes, f"{where} per-file-ignores {glob!r}"))
                for glob, codes in pfi.items()
            ),
        )
    if "warnings-as-errors" in table:
        value = table["warnings-as-errors"]
        if not isinstance(value, bool):
            raise ConfigError(f"{where} warnings-as-errors must be true or false")
        cfg = replace(cfg, warnings_as_errors=value)
    if "jobs" in table:
        jobs = table["jobs"]
        if type(jobs) is not int or jobs < 1:
            raise ConfigError(f"{where} jobs must be a whole number of processes, 1 or more")
        cfg = replace(cfg, jobs=jobs)
    if "cache-dir" in table:
        cache_dir = table["cache-dir"]
        if not isinstance(cache_dir, str) or not cache_dir.strip():
            raise ConfigError(f'{where} cache-dir must be a folder name, like ".lstmlint_cache"')
        cfg = replace(cfg, cache_dir=os.path.join(root, os.path.expanduser(cache_dir)))
    if "keras-version" in table:
        cfg = replace(cfg, keras_version=parse_keras_version(table["keras-version"], f"{where} keras-version"))
    return cfg


def parse_keras_version(value: Any, where: str) -> str:
    """``auto``, ``2`` or ``3`` (a number or a string), or a ConfigError saying so."""
    text = str(value).strip().lower() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text in ("2", "3", "auto"):
        return text
    raise ConfigError(f'{where} must be "auto", "2" or "3" (the Keras the files run on), got {value!r}')


def load(path: str, *, required: bool = False) -> FileConfig | None:
    """The ``[tool.lstmlint]`` table of ``path``; ``None`` when it has none (an error if ``required``)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read configuration: {e.strerror or e}") from None
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        if required or b"lstmlint" in data:
            raise ConfigError(f"{path}: not valid TOML: {e}") from None
        return None  # somebody else's broken file: not ours to judge
    tool = doc.get("tool")
    table = tool.get("lstmlint") if isinstance(tool, dict) else None
    if table is None:
        if required:
            raise ConfigError(f"{path}: no [tool.lstmlint] table")
        return None
    return parse_table(table, path)


# ------------------------------------------------------------------ resolution
@dataclass
class Resolver:
    """Turns the command line's ``Options`` into each file's ``Options`` and exclusions.

    In ``overrides`` a field left ``None`` means "not given": the configuration file decides.
    """

    overrides: Options
    _by_dir: dict[str, FileConfig | None] = field(default_factory=dict)
    _fixed: FileConfig | None = None
    _cwd: str = field(default_factory=os.getcwd)
    _exclusions: dict[int, tuple[Pattern, ...]] = field(default_factory=dict)
    _excluded: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.overrides.config is not None:
            self._fixed = load(self.overrides.config, required=True)

    def config_for(self, path: str) -> FileConfig | None:
        """The configuration that governs ``path`` (a file or a folder)."""
        if self.overrides.isolated:
            return None
        if self._fixed is not None:
            return self._fixed
        absolute = os.path.abspath(path)
        start = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        walked: list[str] = []
        d = start
        found: FileConfig | None = None
        while True:
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            walked.append(d)
            candidate = os.path.join(d, CONFIG_FILE)
            if os.path.isfile(candidate):
                found = load(candidate)
                if found is not None:
                    break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        for w in walked:
            self._by_dir[w] = found
        return found

    def exclusions(self, cfg: FileConfig | None) -> tuple[Pattern, ...]:
        key = id(cfg)
        if key not in self._exclusions:
            self._exclusions[key] = self._exclusions_for(cfg)
        return self._exclusions[key]

    def _exclusions_for(self, cfg: FileConfig | None) -> tuple[Pattern, ...]:
        o = self.overrides
        if o.exclude is not None:
            base = tuple(Pattern(p, self._cwd) for p in o.exclude)
        elif cfg is not None and cfg.exclude is not None:
            base = cfg.exclude
        else:
            base = tuple(Pattern(p, self._cwd) for p in DEFAULT_EXCLUDE)
        extra = cfg.extend_exclude if cfg is not None else ()
        return base + extra + tuple(Pattern(p, self._cwd) for p in o.extend_exclude)

    def excluded(self, path: str) -> bool:
        """Should ``path`` (a file or folder, found by walking or named) be skipped?

        A named file is skipped when a folder above it matches too (up to the governing
        config's folder, or the current folder without one), as flake8 does: pre-commit
        names every file, and ``exclude`` must still hold.
        """
        absolute = os.path.abspath(path)
        hit = self._excluded.get(absolute)
        if hit is None:
            if absolute == self._cwd or self._cwd.startswith(absolute.rstrip(os.sep) + os.sep):
                return False  # `lstmlint .` inside a folder named build/ or env/
            cfg = self.config_for(absolute)
            hit = any(p.matches(absolute) for p in self.exclusions(cfg))
            if not hit:
                root = cfg.root if cfg is not None else self._cwd
                parent = os.path.dirname(absolute)
                if parent != root and parent.startswith(root.rstrip(os.sep) + os.sep):
                    hit = self.excluded(parent)
            self._excluded[absolute] = hit
        return hit

    def options_for(self, path: str) -> Options:
        """The settings that apply to the file ``path``."""
        o = self.overrides
        cfg = self.config_for(path)
        if cfg is None:
            return replace(o, ignore=o.ignore or frozenset(), warnings_as_errors=bool(o.warnings_as_errors))
        ignore = o.ignore if o.ignore is not None else (cfg.ignore or frozenset())
        for pattern, codes in cfg.per_file_ignores:
            if pattern.matches(path):
                ignore = ignore | codes
        return replace(
            o,
            select=o.select if o.select is not None else cfg.select,
            ignore=ignore,
            warnings_as_errors=o.warnings_as_errors
            if o.warnings_as_errors is not None
            else bool(cfg.warnings_as_errors),
            keras_version=o.keras_version if o.keras_version is not None else cfg.keras_version,
        )
