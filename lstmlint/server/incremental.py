"""Parse an edited document again by re-parsing only the top-level statements the edit touched.

libcst's parser is the largest part of an analysis (about 35 ms of CPU for a 300-line file);
while typing, an edit changes one statement. :func:`reparse` parses the text from the start of
the statement before the edit to the end of the statement after it, and puts the result between
the unchanged statements of the previous module (the same node objects). The result is used
only when it is provably the tree ``parse_module(new_text)`` gives:

* the tokenizer state at both ends of the re-parsed text is the clean state between two
  top-level statements: the start lies in the unchanged prefix where one statement ended, the
  re-parsed text parses as a whole module, and the unchanged suffix starts with a statement at
  column 0 exactly as it did before;
* who owns the comment and blank lines at both ends is checked, not assumed: the first and the
  last re-parsed statements (both unchanged text) must equal the previous module's nodes
  (``deep_equals``), with the re-parsed module's header given back to its first statement, and
  the re-parsed module must have no footer;
* the module-wide settings are the same: the first two lines (encoding cookie, default newline)
  lie in the unchanged prefix, the re-parsed text detects the same newline as the module, and the
  end of the file is unchanged. libcst takes the default indentation from the first indented block
  of the text it parses and records a block's indentation only where it differs: new blocks must
  have been read against the file's default, and the file's first block must stay where it was.

Anything else (an edit in the first or last statement, a syntax error, any check that fails)
returns None, and the caller parses the whole text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import libcst as cst

from lstmlint.source.parsing import parse_module
from lstmlint.source.positions import Locator

__all__ = ["Reparsed", "reparse"]


@dataclass(frozen=True)
class Reparsed:
    """``module`` is ``parse_module`` of the new text; its statements ``first`` .. ``first + count``
    are new, the others the previous module's; ``locate`` gives its positions (the new statements'
    generated, the others' moved), or is None when they could not be carried over."""

    module: cst.Module
    first: int
    count: int
    locate: Locator | None


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of ``a`` and ``b`` (string comparisons in C, halving)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix of ``a`` and ``b``, at most ``limit``."""
    lo, hi = 0, min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _indents(stmt: cst.BaseStatement) -> bool:
    """Does ``stmt`` hold an indented block (an INDENT token)?"""
    if isinstance(stmt, cst.SimpleStatementLine):
        return False
    if isinstance(stmt, cst.Match):
        return True
    stack: list[cst.CSTNode] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.IndentedBlock):
            return True
        stack.extend(
            c
            for c in node.children
            if isinstance(c, (cst.BaseSuite, cst.If, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally))
        )
    return False


def reparse(old_text: str, old: cst.Module, locate: Locator, new_text: str) -> Reparsed | None:
    """``parse_module(new_text)``, computed from ``old`` (``parse_module(old_text)``, whose
    ``locate`` gives the statement ranges), or None when that cannot be shown to be the same."""
    body = old.body
    n = len(body)
    if n < 3 or new_text == old_text:
        return None
    ranges = locate.statement_ranges()
    # the offsets are those of the generated code: they must be those of the text (libcst drops a
    # line continuation alone on its line, for one); a module without a trailing newline generates
    # it and drops it afterwards
    if locate.code_length() != len(old_text) + (0 if old.has_trailing_newline else len(old.default_newline)):
        return None
    starts = [r[0] for r in ranges]
    prefix = _common_prefix(old_text, new_text)
    suffix = _common_suffix(old_text, new_text, min(len(old_text), len(new_text)) - prefix)
    edit_start, edit_end = prefix, len(old_text) - suffix  # the changed range of the old text
    # the statements the edit touches (an insertion at a statement boundary touches both sides)
    touched_first = max(bisect_right(starts, edit_start) - 1, 0)
    touched_last = max(bisect_right(starts, edit_end) - 1, 0)
    if edit_start == ranges[touched_first][0] and touched_first > 0:
        touched_first -= 1
    first, last = touched_first - 1, touched_last + 1  # one unchanged statement on each side
    if first < 1 or last > n - 2:
        return None  # the module's header, encoding line, first newline or end: parse it all
    start, end = ranges[first][0], ranges[last][1]
    if ranges[first][1] > edit_start or ranges[last][0] < edit_end:
        return None
    second_line_end = old_text.find("\n", old_text.find("\n") + 1)
    if second_line_end < 0 or start <= second_line_end:
        return None
    delta = len(new_text) - len(old_text)
    chunk = new_text[start : end + delta]
    try:
        part = parse_module(chunk)  # (light nodes: the server owns its process)
    except Exception:  # noqa: BLE001 - a syntax error (or anything else): the whole parse decides
        return None
    if part.footer or not part.body or len(part.body) < 2 or not part.has_trailing_newline or part.code != chunk:
        return None
    if part.default_newline != old.default_newline or part.encoding != old.encoding:
        return None
    lead = part.body[0]
    if part.header:
        lead = lead.with_changes(leading_lines=(*part.header, *lead.leading_lines))
    if not lead.deep_equals(body[first]) or not part.body[-1].deep_equals(body[last]):
        return None
    middle = list(part.body[1:-1])
    # the default indentation: libcst takes it from the first indented block of the text it parses,
    # and an IndentedBlock records its indentation only where it differs from that default
    if any(_indents(s) for s in middle):
        if part.default_indent != old.default_indent:
            return None  # the new blocks were read against another default than the file's
    elif not any(_indents(s) for s in body[: first + 1]) and any(_indents(s) for s in body[first + 1 : last]):
        return None  # the old first indented block is gone: the file's default may change
    module = old.with_changes(body=[*body[: first + 1], *middle, *body[last:]])
    return Reparsed(module, first + 1, len(middle), locate.after_edit(module, first + 1, len(middle)))
