"""User-controlled text made safe to print: file names, quoted source, comments, messages.

A file name may hold a newline (``bad.py\\n::error::x`` would start a GitHub workflow command
on a line of its own), a comment may hold an ESC sequence that recolours or retitles the
terminal, a right-to-left override may reorder what a reviewer reads. Everything a reporter
prints that came from the user's files or file names passes through :func:`printable` first:
control characters, line and paragraph separators and bidirectional controls are shown as
visible escapes (``\\n``, ``\\x1b``, ``\\u202e``), so each finding stays on the lines lstmlint
chose and nothing reaches the terminal as a command.
"""

from __future__ import annotations

import re
import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# bidirectional embeddings, overrides and isolates ("Trojan Source", CVE-2021-42574)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _unsafe(ch: str) -> bool:
    return ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


_CANDIDATES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_tabs: bool = True) -> str:
    """``text`` with every control character escaped; tabs kept unless ``keep_tabs`` is False."""

    def sub(m: re.Match[str]) -> str:
        ch = m.group(0)
        if ch == "\t" and keep_tabs:
            return ch
        return _escape(ch) if _unsafe(ch) else ch

    return _CANDIDATES.sub(sub, text)


def one_line(text: str) -> str:
    """A message on one line: its own line breaks become spaces, every other control escaped."""
    return printable(" ".join(text.replace("\r\n", "\n").split("\n")), keep_tabs=False)


def path(text: str) -> str:
    """A file name on one line, exactly: a line break shows as ``\\n``, never as a new line."""
    return printable(text, keep_tabs=False)
