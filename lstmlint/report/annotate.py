"""``--annotate``: every model of a file, its source annotated with the shapes lstmlint
inferred, and a table like Keras' ``model.summary()`` (layer, output shape, parameters,
inputs), all computed statically (``lstmlint.graph.summary``). Unknown shapes and counts are ``?``.

Used by the text reporter (rich tables) and the Markdown reporter (Markdown tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from lstmlint.api import FileResult
from lstmlint.diagnostics import Span
from lstmlint.graph.summary import ModelSummary, Row, format_outputs, format_shape, summarize
from lstmlint.report.safe import printable
from lstmlint.source.files import source_lines

GAP = 3  # unrelated source lines longer than this are folded into one "..." row
NOTE_COLUMN = 60  # annotations line up at this column (or after the longest shown line)


@dataclass
class Line:
    number: int | None  # None: folded lines
    text: str
    note: str = ""
    codes: tuple[str, ...] = ()  # findings reported on this line


def file_summaries(result: FileResult) -> list[ModelSummary]:
    if result.analysis is None or not result.analysis.models:
        return []
    return summarize(result.analysis, result.locate)


def annotated_lines(result: FileResult, summary: ModelSummary) -> list[Line]:
    """The source that builds ``summary``'s model, each layer line noted with its output shape."""
    if result.source is None or result.locate is None:
        return []
    locate = result.locate
    lines = source_lines(result.source)
    notes: dict[int, list[tuple[str, str]]] = {}
    covered: set[int] = set()

    def cover(span: Span) -> None:
        covered.update(range(span.line, span.end_line + 1))

    for node in summary.inputs:
        if node.source in ("Input", "InputLayer"):
            span = locate(node.node)
            cover(span)
            notes.setdefault(span.end_line, []).append(("Input", format_shape(node.shape)))
    for app in summary.applications:
        span = locate(app.node)
        cover(span)
        notes.setdefault(span.end_line, []).append((app.layer.cfg.display, format_outputs(app.outputs)))
    if summary.span is not None:
        cover(summary.span)
    if not covered:
        return []
    codes: dict[int, list[str]] = {}
    for diag in result.diagnostics:
        codes.setdefault(diag.span.line, []).append(diag.code)
    first, last = min(covered), min(max(covered), len(lines))
    out: list[Line] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) > GAP:
            out.append(Line(None, "..."))
        else:
            out.extend(Line(n, lines[n - 1]) for n in run)
        run.clear()

    for n in range(first, last + 1):
        if n not in covered and n not in notes:
            run.append(n)
            continue
        flush()
        out.append(Line(n, lines[n - 1], _join(notes.get(n, [])), tuple(codes.get(n, ()))))
    flush()
    return out


def _join(entries: list[tuple[str, str]]) -> str:
    """One line's notes: ``(None, 8)``; a loop's ``(None, 8) x3``; ``LSTM: (None, 4); Dense: (None, 1)``."""
    counts: dict[tuple[str, str], int] = {}
    for entry in entries:
        counts[entry] = counts.get(entry, 0) + 1
    one_kind = len({kind for kind, _ in counts}) == 1
    parts = []
    for (kind, shape), n in counts.items():
        text = shape if one_kind else f"{kind}: {shape}"
        parts.append(text + (f" x{n}" if n > 1 else ""))
    return "; ".join(parts)


def _note_text(line: Line) -> str:
    note = f"# {line.note}" if line.note else ""
    if line.codes:
        note += ("  " if note else "# ") + " ".join(f"[{c}]" for c in line.codes)
    return note


def source_rows(lines: list[Line]) -> list[tuple[str, str, str]]:
    """(line number, source, note) rows, numbers right-aligned and notes lined up."""
    numbered = [ln.number for ln in lines if ln.number is not None]
    if not numbered:
        return []
    width = len(str(max(numbered)))
    # control characters from the source (ESC in a comment) shown escaped in every format, and
    # before the widths are measured so that the notes stay lined up
    texts = [printable(ln.text.rstrip().expandtabs(4)) for ln in lines]
    column = max([len(t) for t, ln in zip(texts, lines) if _note_text(ln) and len(t) <= NOTE_COLUMN] or [0])
    rows = []
    for text, ln in zip(texts, lines):
        number = " " * width if ln.number is None else f"{ln.number:>{width}}"
        note = _note_text(ln)
        rows.append((number, text.ljust(column) if note else text, note))
    return rows


def source_block(lines: list[Line]) -> list[str]:
    """Plain annotated source: ``  6 | x = layers.LSTM(32)(inp)   # (None, 32)``."""
    return [f"{number} | {text}{'  ' + note if note else ''}".rstrip() for number, text, note in source_rows(lines)]


def title(result: FileResult, summary: ModelSummary) -> str:
    where = f"{result.path}:{summary.span.line}" if summary.span else result.path
    return printable(f"{where}: model `{summary.name}` ({summary.kind})", keep_tabs=False)


def totals(summary: ModelSummary) -> list[str]:
    known = summary.known
    unknown = summary.unknown_rows
    if not unknown and summary.unfollowed:
        k = summary.unfollowed
        return [
            "Total params: ?",
            f"Counted: {known.total:,} ({known.trainable:,} trainable) in the layers followed; "
            f"{k} tensor{'s' if k != 1 else ''} of its graph come{'s' if k == 1 else ''} from code lstmlint "
            "does not follow (slices, ops, nested models), whose layers are not counted",
        ]
    if not unknown:
        return [
            f"Total params: {known.total:,}",
            f"Trainable params: {known.trainable:,}",
            f"Non-trainable params: {known.non_trainable:,}",
        ]
    names = ", ".join(f"`{r.name}`" for r in unknown[:5]) + (", ..." if len(unknown) > 5 else "")
    return [
        "Total params: ?",
        f"Counted: {known.total:,} ({known.trainable:,} trainable), "
        f"unknown for {len(unknown)} layer{'s' if len(unknown) != 1 else ''}: {names}",
    ]


def columns(summary: ModelSummary) -> list[str]:
    cols = ["Layer (type)", "Output Shape", "Param #"]
    if summary.branched:
        cols.append("Connected to")
    return cols + ["Line"]


def cells(summary: ModelSummary, row: Row) -> list[str]:
    out = [f"{row.name} ({row.display})", row.output, row.params_text]
    if summary.branched:
        out.append(", ".join(row.connected) or "-")
    return [printable(cell, keep_tabs=False) for cell in out] + [str(row.line) if row.line else ""]


# ------------------------------------------------------------------ text (rich)
def rich_model(result: FileResult, summary: ModelSummary, color: bool) -> RenderableType:
    parts: list[RenderableType] = [Text(title(result, summary), style="bold" if color else "")]
    for number, code, note in source_rows(annotated_lines(result, summary)):
        text = Text(f"{number} | ", style="blue")
        text.append(printable(code))
        if note:
            text.append("  " + note, style="cyan")
        parts.append(text)
    table = Table(box=box.SQUARE, show_lines=False, header_style="bold" if color else "", expand=False)
    for name in columns(summary):
        table.add_column(name, justify="right" if name in ("Param #", "Line") else "left", overflow="fold")
    for row in summary.rows:
        table.add_row(*cells(summary, row))
    parts.append(table)
    parts.extend(Text(t) for t in totals(summary))
    return Group(*parts)


def _console(out: IO[str], color: bool, width: int | None = None) -> Console:
    return Console(
        file=out,
        width=width,
        no_color=not color,
        force_terminal=color,
        highlight=False,
        soft_wrap=False,
        emoji=False,
        color_system="auto" if color else None,
    )


def print_text(results: Sequence[FileResult], out: IO[str], color: bool) -> int:
    """Print every model of every file; returns how many models were shown."""
    console = _console(out, color)
    shown = 0
    for result in results:
        for summary in file_summaries(result):
            renderable = rich_model(result, summary, color)
            target = console
            if not console.is_terminal:  # a log or a pipe: never wrap a table row
                natural = _console(out, color, width=100_000).measure(renderable).maximum
                width = max(console.width, natural)
                target = _console(out, color, width)
            target.print(renderable)
            target.print()
            shown += 1
    if not shown:
        console.print(Text("No Keras models found to annotate."))
        console.print()
    return shown


# ------------------------------------------------------------------ Markdown
def md_cell(text: str) -> str:
    """Plain text in a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def code_span(text: str) -> str:
    """``text`` as an inline code span (nothing inside a code span needs escaping but backticks)."""
    text = printable(text, keep_tabs=False)  # a line break in a file name would end the span
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def md_code_cell(text: str) -> str:
    """A code span inside a table cell: GFM still needs its pipes escaped."""
    return code_span(text.replace("\n", " ")).replace("|", "\\|")


def fence(body: str) -> str:
    ticks = "```"
    while ticks in body:
        ticks += "`"
    return ticks


def markdown_model(result: FileResult, summary: ModelSummary) -> str:
    out = [
        f"### Model {code_span(summary.name)} ({summary.kind}) in {code_span(result.path)}"
        + (f" line {summary.span.line}" if summary.span else ""),
        "",
    ]
    rows = source_block(annotated_lines(result, summary))
    if rows:
        body = "\n".join(rows)
        f = fence(body)
        out += [f"{f}text", body, f, ""]
    cols = columns(summary)
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "|".join("---:" if c in ("Param #", "Line") else "---" for c in cols) + "|")
    for row in summary.rows:
        values = [md_cell(v) for v in cells(summary, row)]
        values[0] = f"{md_code_cell(row.name)} ({md_cell(row.display)})"
        out.append("| " + " | ".join(values) + " |")
    out.append("")
    out.append("  \n".join(totals(summary)))
    return "\n".join(out) + "\n"


def markdown(results: Sequence[FileResult]) -> str:
    blocks = [markdown_model(r, s) for r in results for s in file_summaries(r)]
    if not blocks:
        return "## Models\n\nNo Keras models found to annotate.\n"
    return "## Models\n\n" + "\n".join(blocks)
