"""``--format markdown``: a summary for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment.

A headline, a table of counts by code, then every finding with its source excerpt (the
labels show each operand's shape and where it came from) and its help line. With
``--annotate``, each model follows with its annotated source and a summary table.
"""

from __future__ import annotations

from collections import Counter
from typing import IO, Any, Sequence

from lstmlint.api import FileResult
from lstmlint.diagnostics import Diagnostic, Severity
from lstmlint.rules import RULES
from lstmlint.report.annotate import code_span, fence, markdown as models_markdown
from lstmlint.report.text import excerpt

MAX_FINDINGS = 200     # GitHub caps a step summary at 1 MiB; past this only the counts are listed


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def headline(results: Sequence[FileResult]) -> str:
    diags = [d for r in results for d in r.diagnostics]
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    infos = sum(d.severity is Severity.INFO for d in diags)
    checked = _plural(len(results), "file")
    if not diags:
        return f"## lstmlint\n\nNo shape problems found ({checked} checked)."
    parts = [_plural(errors, "error"), _plural(warnings, "warning")] + ([_plural(infos, "info")] if infos else [])
    files = _plural(len({r.path for r in results if r.diagnostics}), "file")
    return f"## lstmlint\n\nFound {', '.join(parts)} in {files} ({checked} checked)."


def counts_table(results: Sequence[FileResult]) -> str:
    counts = Counter(d.code for r in results for d in r.diagnostics)
    if not counts:
        return ""
    rows = ["| Code | Name | Severity | Count |", "|---|---|---|---:|"]
    for code in sorted(counts):
        rule = RULES.get(code)
        name = f"`{rule.name}`" if rule else ""
        severity = rule.severity.value if rule else ""
        rows.append(f"| {code} | {name} | {severity} | {counts[code]} |")
    return "\n".join(rows)


def _text(text: str) -> str:
    """A message as Markdown: its `code` spans kept, one paragraph."""
    return " ".join(text.split("\n"))


def finding(diag: Diagnostic, lines: list[str] | None) -> str:
    where = f"{diag.path}:{diag.span.line}:{diag.span.column}"
    out = [f"#### {diag.severity.value}[{diag.code}] {code_span(where)}", "", _text(diag.message), ""]
    if lines is not None and diag.code != "LST001":
        body = "\n".join(row.plain for row in excerpt(diag, lines))
        f = fence(body)
        out += [f"{f}text", body, f, ""]
    for note in diag.notes:
        out += [f"> note: {_text(note)}", ""]
    if diag.help:
        out += [f"**help:** {_text(diag.help)}", ""]
    return "\n".join(out)


def render(results: Sequence[FileResult], annotate: bool = False) -> str:
    parts = [headline(results)]
    table = counts_table(results)
    if table:
        parts.append(table)
    shown = 0
    for result in results:
        if not result.diagnostics:
            continue
        lines = result.source.splitlines() if result.source is not None else None
        for diag in result.diagnostics:
            if shown == MAX_FINDINGS:
                break
            parts.append(finding(diag, lines))
            shown += 1
    total = sum(len(r.diagnostics) for r in results)
    if total > shown:
        parts.append(f"_{total - shown} more findings not shown; run lstmlint locally to see them all._")
    failed = [r for r in results if r.internal_error]
    if failed:
        parts.append("### lstmlint failed on some files\n\n" + "\n".join(
            f"- {code_span(r.path)}: {code_span(r.internal_error or '')}" for r in failed))
    if annotate:
        parts.append(models_markdown(results))
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"


def report(results: Sequence[FileResult], out: IO[str], *, color: bool = False, annotate: bool = False,
           **_: Any) -> None:
    out.write(render(results, annotate))
