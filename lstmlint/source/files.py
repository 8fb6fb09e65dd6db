"""Finding the files to check and reading them as text, without surprises."""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
DEFAULT_EXCLUDES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".env",
        "env",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        ".ipynb_checkpoints",
        ".eggs",
    }
)
SUFFIXES = (".py", ".ipynb")  # notebooks: lstmlint/source/notebooks.py


def discover(
    paths: list[str],
    suffixes: tuple[str, ...] = SUFFIXES,
    skip: Callable[[str], bool] | None = None,
    ignored: Callable[[str], bool] | None = None,
) -> Iterator[str]:
    """Files to check, in a stable order. Named files are always checked; folders are walked.

    ``skip(path)`` (from ``config.Resolver.excluded``) replaces the default folder exclusions
    and applies to named paths, walked folders and walked files alike. ``ignored(path)``
    (``source.gitignore.GitIgnore``) applies only to what a walk finds. Paths are yielded
    without a leading ``./`` (``lstmlint .`` reports ``pkg/model.py``, as ruff and flake8 do).
    """
    seen: set[str] = set()
    for raw in paths:
        if skip is not None and skip(raw):
            continue
        p = Path(raw)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                if skip is None:
                    dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDES and not d.endswith(".egg-info"))
                else:
                    dirs[:] = sorted(d for d in dirs if not skip(os.path.join(root, d)))
                if ignored is not None:
                    dirs[:] = [d for d in dirs if not ignored(os.path.join(root, d))]
                for name in sorted(names):
                    if name.endswith(suffixes):
                        full = os.path.normpath(os.path.join(root, name))
                        if skip is not None and skip(full):
                            continue
                        if ignored is not None and ignored(full):
                            continue
                        if full not in seen:
                            seen.add(full)
                            yield full
        else:
            named = raw[2:] if raw.startswith(("./", "." + os.sep)) and len(raw) > 2 else raw
            if named not in seen:
                seen.add(named)
                yield named


@dataclass(frozen=True)
class ReadError(Exception):
    message: str


def read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The raw bytes of the regular file ``path`` (symlinks followed), at most ``max_bytes``.

    Never blocks and never reads without end: the file is opened non-blocking and refused
    unless it is a regular file (a FIFO named ``x.py``, ``/dev/stdin``, ``/dev/zero``, a socket
    or a folder are not source files), and no more than ``max_bytes + 1`` bytes are read.
    Raises ReadError with a message a person can act on.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise ReadError(_os_message(e)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"not a regular file ({_kind(st.st_mode)}): not read")
        if st.st_size > max_bytes:
            raise ReadError(_too_large(st.st_size, max_bytes))
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise ReadError(_too_large(total, max_bytes))
        return b"".join(chunks)
    except OSError as e:
        raise ReadError(_os_message(e)) from None
    finally:
        os.close(fd)


def read_source(path: str, max_bytes: int = MAX_BYTES) -> tuple[str, bytes]:
    """The file's text and raw bytes. Raises ReadError with a message a person can act on."""
    data = read_bytes(path, max_bytes)
    return decode(data), data


def _os_message(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "cannot read file: a symbolic link loop (or too many links) on the way to it"
    if e.errno == errno.EISDIR:
        return "not a regular file (a folder): not read"
    return f"cannot read file: {e.strerror or e}"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a plain file"


def _too_large(size: int, max_bytes: int) -> str:
    return f"file is too large to check ({size / 1048576:.1f} MiB > {max_bytes / 1048576:.0f} MiB)"


def decode(data: bytes) -> str:
    """``data`` decoded as Python decodes source: BOM, coding cookie, else UTF-8. Raises ReadError."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except (SyntaxError, LookupError, ValueError) as e:
        raise ReadError(f"cannot decode file: {e}") from None
    try:
        if not getattr(codecs.lookup(encoding), "_is_text_encoding", True):
            raise ReadError(f"cannot decode file: {encoding!r} is not a text encoding")
        text = data.decode(encoding)
    except (UnicodeError, LookupError, ValueError, TypeError) as e:
        raise ReadError(f"cannot decode file as {encoding}: {_short(e)}") from None
    if "\x00" in text:
        raise ReadError("file contains NUL bytes: not Python source")
    if encoding not in ("utf-8", "utf-8-sig") and _has_surrogate(text):
        raise ReadError(f"cannot decode file as {encoding}: it decodes to a lone surrogate, not text")
    return text.removeprefix("\ufeff")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _short(e: BaseException) -> str:
    text = str(e) or type(e).__name__
    return text if len(text) <= 200 else text[:200] + "..."


def mentions_keras(data: bytes | str) -> bool:
    """Cheap pre-filter: a file that never says keras or tensorflow builds no Keras model."""
    if isinstance(data, str):
        return "keras" in data or "tensorflow" in data
    return b"keras" in data or b"tensorflow" in data


def source_lines(text: str) -> list[str]:
    """``text`` split into lines as Python numbers them: only ``\\n``, ``\\r\\n`` and ``\\r`` end a
    line (``str.splitlines`` also splits at U+2028, a form feed, ``\\x1c``..., which a string
    literal may hold, and every later line number would be off)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
