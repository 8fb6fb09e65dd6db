"""``--format markdown``: a summary for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment.

A headline, a table of counts by code, then every finding with its source excerpt (the
labels show each operand's shape and where it came from) and its help line. With
``--annotate``, each model follows with its annotated source and a summary table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import IO, Any

from lstmlint.api import FileResult
from lstmlint.codes import TABLE, Code, parse_code
from lstmlint.diagnostics import Diagnostic, Severity
from lstmlint.report.annotate import code_span, fence
from lstmlint.report.annotate import markdown as models_markdown
from lstmlint.report.safe import one_line
from lstmlint.report.text import excerpt
from lstmlint.source.files import source_lines

MAX_FINDINGS = 200  # GitHub caps a step summary at 1 MiB; past this only the counts are listed


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
        known = parse_code(code)
        info = TABLE[known] if known is not None else None
        name = f"`{info.name}`" if info else ""
        severity = info.severity.value if info else ""
        rows.append(f"| {code} | {name} | {severity} | {counts[code]} |")
    return "\n".join(rows)


_BLOCK_START = re.compile(r"^(\s*)([#>+*=|-]|\d+[.)])")


def _text(text: str) -> str:
    """A message as one Markdown paragraph, its `code` spans kept.

    Messages quote the user's source, which may hold backticks or start with ``#``: line breaks
    become spaces (no new block can start), control characters are escaped, a message with an
    unbalanced backtick has all its backticks escaped (no span can swallow what follows), and
    a leading ``#``/``>``/list marker is escaped so the paragraph stays a paragraph.
    """
    text = one_line(text)
    if text.count("`") % 2:
        text = text.replace("`", "\\`")
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def finding(diag: Diagnostic, lines: list[str] | None) -> str:
    where = f"{diag.path}:{diag.span.line}:{diag.span.column}"
    out = [f"#### {diag.severity.value}[{diag.code}] {code_span(where)}", "", _text(diag.message), ""]
    if lines is not None and diag.code != Code.UNREADABLE_FILE:
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
        lines = source_lines(result.source) if result.source is not None else None
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
        parts.append(
            "### lstmlint failed on some files\n\n"
            + "\n".join(f"- {code_span(r.path)}: {code_span(r.internal_error or '')}" for r in failed)
        )
    if annotate:
        parts.append(models_markdown(results))
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"


def report(
    results: Sequence[FileResult], out: IO[str], *, color: bool = False, annotate: bool = False, **_: Any
) -> None:
    out.write(render(results, annotate))
