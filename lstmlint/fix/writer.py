"""Writing fixed files back: atomically, in their own encoding, never over someone else's edit.

The new text goes to a temporary file in the same folder (so ``os.replace`` is an atomic
rename on the same file system), gets the original's permission bits (and its owner and group
when lstmlint runs as root), and replaces the original only if the original still holds the
bytes the fix was computed from. A file its user cannot write (no write permission bit, as
``chmod 444`` leaves it, even for root) is never replaced: renaming over it would bypass the
protection, so lstmlint says so instead.
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
    except (UnicodeError, LookupError, ValueError, TypeError) as e:  # idna: UnicodeError "label too long"
        raise WriteError(f"cannot encode the fixed file as {encoding}: {e}") from None


def write_atomic(path: str, text: str, original: bytes) -> None:
    """Replace ``path`` with ``text`` if it still holds ``original``; raise WriteError if not."""
    data = encode(text, original)
    target = os.path.realpath(path)  # write through a symlink, keep the link
    folder = os.path.dirname(target) or "."
    try:
        st = os.stat(target)
    except OSError as e:
        raise WriteError(f"cannot write {path}: {e.strerror or e}") from None
    if not writable(target, st):
        raise WriteError(f"{path} is read-only; not fixed (make it writable to let --fix change it)")
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".lstmlint-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        _keep_owner(tmp, st)
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


def writable(target: str, st: os.stat_result) -> bool:
    """May the user write ``target``? Its write permission for them, and for root (whom
    ``os.access`` always allows) at least one write bit: a 0444 file is read-only for everyone."""
    if not stat.S_ISREG(st.st_mode):
        return False
    if os.name == "posix" and os.geteuid() == 0:
        return bool(st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return os.access(target, os.W_OK)


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """Give the new file the original's owner and group (only root may give it away)."""
    if os.name != "posix":
        return
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        if os.geteuid() == 0:
            os.chown(tmp, st.st_uid, st.st_gid)
        else:
            os.chown(tmp, -1, st.st_gid)  # a group the user belongs to; else it stays theirs
    except OSError:
        pass
