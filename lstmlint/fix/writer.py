"""Writing fixed files back: atomically, in their own encoding, never over someone else's edit.

The new text goes to a temporary file in the same folder (so ``os.replace`` is an atomic
rename on the same file system), gets the original's permission bits, and replaces the
original only if the original still holds the bytes the fix was computed from.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass


@dataclass(frozen=True)
class WriteError(Exception):
    message: str


def encoding_of(data: bytes) -> str:
    """The encoding Python reads ``data`` with (``utf-8-sig`` when it starts with a BOM)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return encoding


def encode(text: str, original: bytes) -> bytes:
    """``text`` in the encoding (and BOM) of ``original``."""
    encoding = encoding_of(original)
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as e:
        raise WriteError(f"cannot encode the fixed file as {encoding}: {e}") from None


def write_atomic(path: str, text: str, original: bytes) -> None:
    """Replace ``path`` with ``text`` if it still holds ``original``; raise WriteError if not."""
    data = encode(text, original)
    target = os.path.realpath(path)            # write through a symlink, keep the link
    folder = os.path.dirname(target) or "."
    try:
        st = os.stat(target)
    except OSError as e:
        raise WriteError(f"cannot write {path}: {e.strerror or e}") from None
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".lstmlint-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        # last moment check: the file must still be the one we read
        try:
            with open(target, "rb") as fh:
                now = fh.read()
        except OSError as e:
            raise WriteError(f"cannot re-read {path}: {e.strerror or e}") from None
        if now != original:
            raise WriteError(f"{path} changed on disk while lstmlint was fixing it; not overwritten")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
