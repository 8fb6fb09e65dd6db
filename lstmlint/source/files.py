"""Finding the files to check and reading them as text, without surprises."""

from __future__ import annotations

import io
import os
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

MAX_BYTES = 2 * 1024 * 1024
DEFAULT_EXCLUDES = frozenset({
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist", "node_modules",
    "site-packages", ".ipynb_checkpoints", ".eggs",
})
SUFFIXES = (".py", ".ipynb")   # notebooks: lstmlint/source/notebooks.py


def discover(
    paths: list[str], suffixes: tuple[str, ...] = SUFFIXES, skip: Callable[[str], bool] | None = None
) -> Iterator[str]:
    """Files to check, in a stable order. Named files are always checked; folders are walked.

    ``skip(path)`` (from ``config.Resolver.excluded``) replaces the default folder exclusions
    and applies to named paths, walked folders and walked files alike.
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
                for name in sorted(names):
                    if name.endswith(suffixes):
                        full = os.path.join(root, name)
                        if skip is not None and skip(full):
                            continue
                        if full not in seen:
                            seen.add(full)
                            yield full
        else:
            if raw not in seen:
                seen.add(raw)
                yield raw


@dataclass(frozen=True)
class ReadError(Exception):
    message: str


def read_source(path: str, max_bytes: int = MAX_BYTES) -> tuple[str, bytes]:
    """The file's text and raw bytes. Raises ReadError with a message a person can act on."""
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}") from None
    if size > max_bytes:
        raise ReadError(f"file is too large to check ({size / 1048576:.1f} MiB > {max_bytes / 1048576:.0f} MiB)")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}") from None
    return decode(data), data


def decode(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as e:
        raise ReadError(f"cannot decode file: {e}") from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise ReadError(f"cannot decode file as {encoding}: {e}") from None
    if "\x00" in text:
        raise ReadError("file contains NUL bytes: not Python source")
    return text.removeprefix("\ufeff")


def mentions_keras(data: bytes | str) -> bool:
    """Cheap pre-filter: a file that never says keras or tensorflow builds no Keras model."""
    if isinstance(data, str):
        return "keras" in data or "tensorflow" in data
    return b"keras" in data or b"tensorflow" in data
