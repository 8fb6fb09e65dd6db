"""The default human report: location, code, message, source excerpt with labels, help."""

from __future__ import annotations

from typing import IO, Sequence

from rich.console import Console
from rich.text import Text

from lstmlint.api import FileResult
from lstmlint.diagnostics import Diagnostic, Label, Severity

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
        source = lines[line_no - 1].rstrip("\n").expandtabs(4)
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
        style = "bold red" if label.primary and diag.severity is Severity.ERROR else (
            "bold yellow" if label.primary else "cyan"
        )
        row.append(mark + (" " + label.message if label.message else ""), style=style)
        out.append(row)
    return out


def render_diagnostic(diag: Diagnostic, lines: list[str] | None) -> list[Text]:
    head = Text()
    head.append(f"{diag.path}:{diag.span.line}:{diag.span.column}: ", style="bold")
    head.append(f"{diag.severity.value}[{diag.code}]", style=_SEVERITY_STYLE[diag.severity])
    head.append(" " + diag.message, style="bold")
    out = [head]
    if lines is not None and diag.code not in ("LST001",):
        out += excerpt(diag, lines)
    pad = " " * (len(str(max([lb.span.line for lb in diag.labels] or [diag.span.line]))) + 1)
    for note in diag.notes:
        out.append(Text(f"{pad}= note: {note}"))
    if diag.help:
        row = Text(f"{pad}= ", style="blue")
        row.append("help", style="bold cyan")
        row.append(f": {diag.help}")
        out.append(row)
    if diag.confirm_note is not None and diag.code not in ("LST301", "LST302", "LST303", "LST304"):  # --confirm
        verdict = {True: "confirmed", False: "not reproduced", None: "unconfirmed"}[diag.confirmed]
        out.append(Text(f"{pad}= keras: {verdict}: {diag.confirm_note}"))
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


def report(results: Sequence[FileResult], out: IO[str], *, color: bool = False, annotate: bool = False) -> None:
    if annotate:  # --annotate: each model's annotated source and summary table first
        from lstmlint.report.annotate import print_text

        print_text(results, out, color)
    console = Console(
        file=out, no_color=not color, force_terminal=color, highlight=False, soft_wrap=True, emoji=False,
        color_system="auto" if color else None,
    )
    for result in results:
        lines = result.source.splitlines() if result.source is not None else None
        for diag in result.diagnostics:
            for row in render_diagnostic(diag, lines):
                console.print(row)
            console.print()
    console.print(summary(results))
