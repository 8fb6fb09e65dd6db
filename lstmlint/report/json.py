"""``--format json``: one JSON array of findings on stdout.

Each finding is ``Diagnostic.to_json()`` plus the rule's ``name`` (``recurrent-input-not-a-sequence``)
and ``url`` (its documentation page, ``docs/rules/<code>.md`` in the repository); with
``--show-fixes`` also ``fix``: ``{"title": ..., "applicability": "safe" | "unsafe"}`` or null.
With ``--annotate``: one object ``{"diagnostics": [the array above], "files": [{"path", "models": [...]}]}``,
the shape report of ``lstmlint.report.coverage``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from lstmlint import rule_url
from lstmlint.api import FileResult
from lstmlint.codes import TABLE, parse_code
from lstmlint.diagnostics import Diagnostic
from lstmlint.report.fixes import FixTitles
from lstmlint.source.notebooks import file_span


def rule_name(code: str) -> str | None:
    known = parse_code(code)
    return TABLE[known].name if known is not None else None


def item(diag: Diagnostic, fixes: FixTitles | None = None) -> dict[str, Any]:
    out: dict[str, Any] = dict(diag.to_json())
    if "file_line" in diag.data:  # a notebook: the line of the .ipynb file, and the cell's own place
        span = file_span(diag)
        out.update(
            {
                "line": span.line,
                "column": span.column,
                "end_line": span.end_line,
                "end_column": span.end_column,
                "cell": diag.data.get("cell"),
                "cell_line": diag.data.get("cell_line"),
                "program_line": diag.span.line,
            }
        )
    out["name"] = rule_name(diag.code)
    out["url"] = rule_url(diag.code)
    if fixes is not None:
        fix = fixes.get(diag)
        out["fix"] = None if fix is None else {"title": fix.title, "applicability": fix.applicability}
    return out


def report(
    results: Sequence[FileResult],
    out: IO[str],
    *,
    color: bool = False,
    fixes: FixTitles | None = None,
    annotate: bool = False,
    **_: Any,
) -> None:
    items = [item(d, fixes) for r in results for d in r.diagnostics]
    if annotate:  # the public shape report: {"diagnostics": [...], "files": [...]} (report/coverage.py)
        from lstmlint.report.coverage import file_report

        json.dump({"diagnostics": items, "files": [file_report(r) for r in results]}, out, indent=2)
    else:
        json.dump(items, out, indent=2)
    out.write("\n")
