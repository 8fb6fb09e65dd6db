"""``--format concise``: one line per finding, ``path:line:col: CODE message``, as flake8 prints.

Easy to grep and to parse with an editor's problem matcher. The summary line that follows
(``Found 2 errors ...``) is left out with ``--quiet``; a fix title is appended with
``--show-fixes``. File names and messages are printed through ``report.safe`` so that a line
break or an escape sequence in them cannot start a line of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from lstmlint.api import FileResult
from lstmlint.diagnostics import Diagnostic
from lstmlint.report.fixes import FixTitles
from lstmlint.report.safe import one_line
from lstmlint.report.safe import path as safe_path
from lstmlint.report.text import summary


def line(diag: Diagnostic, fix: str | None = None) -> str:
    text = f"{safe_path(diag.path)}:{diag.span.line}:{diag.span.column}: {diag.code} {one_line(diag.message)}"
    return text + (f" [fix: {one_line(fix)}]" if fix else "")


def report(
    results: Sequence[FileResult],
    out: IO[str],
    *,
    color: bool = False,
    quiet: bool = False,
    fixes: FixTitles | None = None,
    **_: Any,
) -> None:
    for result in results:
        for diag in result.diagnostics:
            fix = fixes.get(diag) if fixes else None
            out.write(line(diag, fix.describe() if fix else None) + "\n")
    if not quiet:
        out.write(summary(results).plain + "\n")
