"""The default human report: location, code, message, source excerpt with labels, help.

Everything that came from the user (file names, source lines, messages quoting source) is
printed through ``report.safe.printable``, so no control character reaches the terminal and no
file name can start a line of its own. ``note``/``help``/``fix``/``docs`` lines are wrapped to
the console's width (the terminal's, else ``COLUMNS``, else 80) with a hanging indent; the
header line and the source excerpt are never wrapped, so they stay greppable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from lstmlint import rule_url
from lstmlint.api import FileResult
from lstmlint.codes import CONFIRM_CODES, Code
from lstmlint.diagnostics import Diagnostic, Label, Severity
from lstmlint.report.fixes import FixTitles
from lstmlint.report.safe import one_line, printable
from lstmlint.report.safe import path as safe_path
from lstmlint.source.files import source_lines

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold blue",
}


def excerpt(diag: Diagnostic, lines: list[str]) -> list[Text]:
    """The source lines of a finding, each label underlined (``^^^`` primary, ``---`` secondary)."""
    labels = sorted(diag.labels or (Label(diag.span, "", True),), key=lambda lb: (lb.span.line, lb.span.column))
    width = len(str(max(lb.span.line for lb in labels)))
    pad = " " * (width + 1)
    out = [Text(f"{pad}|", style="blue")]
    last_line = None
    for label in labels:
        line_no = label.span.line
        if not 1 <= line_no <= len(lines):
            continue
        source = printable(lines[line_no - 1].rstrip("\n").expandtabs(4))
        if line_no != last_line:
            if last_line is not None and line_no > last_line + 1:
                out.append(Text(f"{pad}:", style="blue"))
            row = Text(f"{line_no:>{width}} | ", style="blue")
            row.append(source)
            out.append(row)
        last_line = line_no
        start = label.span.column - 1
        if label.span.end_line == line_no:
            end = max(label.span.end_column - 1, start + 1)
        else:
            end = max(len(source), start + 1)
        mark = ("^" if label.primary else "-") * (end - start)
        row = Text(f"{pad}| ", style="blue")
        row.append(" " * start)
        style = (
            "bold red"
            if label.primary and diag.severity is Severity.ERROR
            else ("bold yellow" if label.primary else "cyan")
        )
        row.append(mark + (" " + one_line(label.message) if label.message else ""), style=style)
        out.append(row)
    return out


def wrapped(pad: str, key: str, text: str, width: int | None, key_style: str = "") -> list[Text]:
    """``{pad}= key: text``, wrapped to ``width`` with the continuation lines under the text."""
    lead = f"{pad}= {key}: "
    body = one_line(text)
    if width is None or width - len(lead) < 20:
        chunks = [body]
    else:
        chunks = textwrap.wrap(body, width=width - len(lead), break_long_words=False, break_on_hyphens=False) or [""]
    first = Text(f"{pad}= ", style="blue")
    first.append(key, style=key_style)
    first.append(f": {chunks[0]}")
    return [first] + [Text(" " * len(lead) + chunk) for chunk in chunks[1:]]


def render_diagnostic(
    diag: Diagnostic, lines: list[str] | None, *, width: int | None = None, fix: str | None = None, docs: bool = True
) -> list[Text]:
    head = Text()
    head.append(f"{safe_path(diag.path)}:{diag.span.line}:{diag.span.column}: ", style="bold")
    head.append(f"{diag.severity.value}[{diag.code}]", style=_SEVERITY_STYLE[diag.severity])
    head.append(" " + one_line(diag.message), style="bold")
    out = [head]
    if lines is not None and diag.code != Code.UNREADABLE_FILE:
        out += excerpt(diag, lines)
    pad = " " * (len(str(max([lb.span.line for lb in diag.labels] or [diag.span.line]))) + 1)
    for note in diag.notes:
        out += wrapped(pad, "note", note, width)
    if diag.help:
        out += wrapped(pad, "help", diag.help, width, key_style="bold cyan")
    if fix:
        out += wrapped(pad, "fix", fix, width, key_style="bold cyan")
    if diag.confirm_note is not None and diag.code not in CONFIRM_CODES:  # --confirm
        verdict = {True: "confirmed", False: "not reproduced", None: "unconfirmed"}[diag.confirmed]
        out += wrapped(pad, "keras", f"{verdict}: {diag.confirm_note}", width)
    if docs:
        out += wrapped(pad, "docs", rule_url(diag.code), width)  # offline: lstmlint --explain CODE
    return out


def summary(results: Sequence[FileResult]) -> Text:
    errors = sum(1 for r in results for d in r.diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for r in results for d in r.diagnostics if d.severity is Severity.WARNING)
    files = len({r.path for r in results if r.diagnostics})
    checked = len(results)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if not errors and not warnings:
        return Text(f"No shape problems found in {plural(checked, 'file')}.", style="bold green")
    parts = [plural(errors, "error")] + ([plural(warnings, "warning")] if warnings else [])
    return Text(
        f"Found {' and '.join(parts)} in {plural(files, 'file')} ({plural(checked, 'file')} checked).",
        style="bold red" if errors else "bold yellow",
    )


def report(
    results: Sequence[FileResult],
    out: IO[str],
    *,
    color: bool = False,
    annotate: bool = False,
    quiet: bool = False,
    fixes: FixTitles | None = None,
    width: int | None = None,
    **_: Any,
) -> None:
    """Every finding with its excerpt, then (unless ``quiet``) the summary line."""
    if annotate:  # --annotate: each model's annotated source and summary table first
        from lstmlint.report.annotate import print_text

        print_text(results, out, color)
    console = Console(
        file=out,
        no_color=not color,
        force_terminal=color,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        color_system="auto" if color else None,
        width=width,
    )
    for result in results:
        lines = source_lines(result.source) if result.source is not None else None
        for diag in result.diagnostics:
            fix = fixes.get(diag) if fixes else None
            for row in render_diagnostic(diag, lines, width=console.width, fix=fix.describe() if fix else None):
                console.print(row)
            console.print()
    if not quiet:
        console.print(summary(results))
