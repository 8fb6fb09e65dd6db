"""``--show-fixes``: the title of the fix lstmlint has for each finding, read-only.

The fix builders (``lstmlint.fix.builders``) are asked what they would do; nothing is edited
or verified here (``--diff`` shows verified edits, ``--fix`` applies the safe ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lstmlint.api import FileResult
from lstmlint.diagnostics import Diagnostic


@dataclass(frozen=True)
class FixTitle:
    title: str
    safe: bool

    @property
    def applicability(self) -> str:
        return "safe" if self.safe else "unsafe"

    def describe(self) -> str:
        how = "`lstmlint --fix`" if self.safe else "`lstmlint --fix --unsafe-fixes`"
        return f"{self.title} ({self.applicability}: {how})"


FixTitles = dict[Diagnostic, FixTitle]


def fix_titles(results: Sequence[FileResult]) -> FixTitles:
    """Each finding that has a fix, mapped to the fix's title and safety."""
    from lstmlint.fix.builders import build_fixes

    out: FixTitles = {}
    for result in results:
        if not result.diagnostics or result.internal_error:
            continue
        try:
            fixes = build_fixes(result)
        except Exception:  # noqa: BLE001 - a fix that cannot be planned is simply not shown
            continue
        for fix in fixes:
            out.setdefault(fix.target, FixTitle(fix.description, fix.safe))
    return out
