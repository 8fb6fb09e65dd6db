"""Jupyter notebooks: the code cells, in order, form one program.

The notebook's JSON is read with the standard library (no nbformat at lint time). Each code
cell's lines are laid end to end, so every line of the program is exactly one line of one cell.
IPython-only lines become Python of the same indentation, as IPython's own input transformer
turns them into calls: a top-level ``%magic``/``!shell``/``x?`` line becomes a blank line, an
indented one ``pass`` (so ``if IS_COLAB:\n    %pip install x`` stays valid), and
``files = !ls`` or ``t = %timeit -o f()`` becomes ``files = get_ipython()`` (an unknown value).
A line inside a string or an open bracket is never taken for a magic. Whole ``%%cell-magic``
cells become blank lines. Lines end only at ``\n``, ``\r\n`` and ``\r`` (U+2028 or a form feed
inside a string do not end one).

A code cell that is not text (a NUL, a lone surrogate) is left out (``bad_cells``); so is one
that does not parse on its own (``api`` finds those): Jupyter runs cells one by one, so the
others are still analysed. Only the code counts against the size limit (``MAX_CODE_BYTES``),
not the outputs (images) the file holds.

Line mapping: a diagnostic's line is its line in that program (the code cells one after
another, markdown cells left out), so the text reporter's excerpt stays consistent; each
diagnostic also gets the note ``notebook cell N, line L`` where N counts every cell of the
notebook from 1 (markdown cells included, as the notebook shows them) and L is the line inside
that cell. For the machine-readable reports (``--format json``, ``sarif``, ``github``), which
pull-request annotations are placed by, ``file_span`` gives the line and column of the
``.ipynb`` file where that source text is.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from lstmlint.diagnostics import Diagnostic, Span

SUFFIX = ".ipynb"


MAX_CODE_BYTES = 2 * 1024 * 1024  # the code a notebook's cells hold (its outputs are not limited)
MAX_FILE_BYTES = 64 * 1024 * 1024  # the .ipynb file itself, outputs (images) included


class NotebookError(Exception):
    """The file is not a notebook the linter can read (the message says why)."""


@dataclass(frozen=True)
class LeftOut:
    """A code cell left out of the program (its lines blank), and why."""

    message: str
    line: int = 1  # where in the cell (1-based)
    column: int = 1
    too_complex: bool = False  # nested too deeply or too long (LST003), not a syntax error (LST002)


@dataclass
class NotebookSource:
    text: str
    cells: list[tuple[int, int]]  # program line i+1 -> (cell number, line in cell)
    python: bool = True  # False: another kernel's language; nothing to check
    # program line i+1 -> (line, column) in the .ipynb file where that source line's text starts
    file_lines: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    # cells left out of the program (blank lines in their place): cell number -> why
    bad_cells: dict[int, LeftOut] = dataclasses.field(default_factory=dict)

    def where(self, line: int) -> tuple[int, int] | None:
        if 1 <= line <= len(self.cells):
            return self.cells[line - 1]
        return None

    def in_file(self, line: int) -> tuple[int, int] | None:
        """Where program line ``line`` is in the ``.ipynb`` file: (line, column), both 1-based."""
        if 1 <= line <= len(self.file_lines):
            return self.file_lines[line - 1]
        return None

    def cell_program_lines(self, cell: int) -> list[int]:
        return [i for i, (number, _) in enumerate(self.cells, start=1) if number == cell]

    def without_cell(self, cell: int, why: LeftOut) -> NotebookSource:
        """The same program with cell ``cell`` blanked (its lines kept, so the map stays exact)."""
        lines = self.text.split("\n")
        for i in self.cell_program_lines(cell):
            lines[i - 1] = ""
        bad = dict(self.bad_cells)
        bad[cell] = why
        return dataclasses.replace(self, text="\n".join(lines), bad_cells=bad)


# ------------------------------------------------------------------ IPython syntax
_HELP = re.compile(r"^\s*(\?{1,2}[\w.]*|[\w.\[\]()]+\?{1,2})\s*$")
_ASSIGN = re.compile(r"^(?P<lhs>\s*[\w.]+(\s*,\s*[\w.]+)*)\s*=\s*(?P<rest>[%!].*)$")


def _ipython_line(line: str) -> str | None:
    """The Python statement an IPython-only line stands for (same indentation), or None when
    ``line`` is plain Python. A top-level magic becomes a blank line, an indented one ``pass``,
    an assignment from a magic or shell command ``lhs = get_ipython()`` (an unknown value), as
    IPython's own input transformer turns them into calls."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if not stripped:
        return None
    m = _ASSIGN.match(line)
    if m is not None:
        rest = m.group("rest")
        if not rest.startswith("%=") and not rest.startswith("!="):
            return f"{m.group('lhs')} = get_ipython()"
    if stripped.startswith(("%", "!")) or _HELP.match(stripped):
        return indent + "pass" if indent else ""
    return None


class _Continuation:
    """Is the next line a new logical line? Tracks open brackets, triple-quoted strings and
    backslashes well enough to never take a line inside a string or call for a magic."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: str | None = None  # the open triple quote, if any
        self.backslash = False

    @property
    def fresh(self) -> bool:
        return self.depth == 0 and self.quote is None and not self.backslash

    def feed(self, line: str) -> None:
        i, n = 0, len(line)
        self.backslash = False
        while i < n:
            if self.quote is not None:
                end = line.find(self.quote, i)
                while end > 0 and _escaped(line, end):
                    end = line.find(self.quote, end + 1)
                if end < 0:
                    return
                i, self.quote = end + 3, None
                continue
            ch = line[i]
            if ch == "#":
                return
            if ch in "([{":
                self.depth += 1
            elif ch in ")]}":
                self.depth = max(0, self.depth - 1)
            elif ch in "'\"":
                if line.startswith(ch * 3, i):
                    self.quote = ch * 3
                    i += 3
                    continue
                j = i + 1
                while j < n and line[j] != ch:
                    j += 2 if line[j] == "\\" else 1
                i = j + 1
                continue
            elif ch == "\\" and i == n - 1:
                self.backslash = True
            i += 1


def _escaped(line: str, at: int) -> bool:
    k, back = at - 1, 0
    while k >= 0 and line[k] == "\\":
        back, k = back + 1, k - 1
    return back % 2 == 1


def _code_lines(lines: list[str]) -> list[str]:
    """A code cell's lines with IPython-only lines replaced (never a line inside a string or call)."""
    out: list[str] = []
    state = _Continuation()
    magic_continues = False
    for line in lines:
        if magic_continues:  # `%pip install a \` continues on the next line
            out.append("")
            magic_continues = line.rstrip().endswith("\\")
            continue
        replaced = _ipython_line(line) if state.fresh else None
        if replaced is not None:
            out.append(replaced)
            magic_continues = line.rstrip().endswith("\\")
            continue
        out.append(line)
        state.feed(line)
    return out


# ------------------------------------------------------------------ reading
def _split_lines(text: str) -> list[str]:
    """Lines as Python sees them: only \n, \r\n and \r end a line (not U+2028, a form feed, ...)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _cell_text(source: object) -> str:
    if isinstance(source, list):
        if not all(isinstance(s, str) for s in source):
            raise NotebookError("a cell's `source` is not text")
        return "".join(source)
    if isinstance(source, str):
        return source
    raise NotebookError("a cell has no `source` text")


def _small_int(text: str) -> int | float:
    """JSON integers as Python ints, except ones too long to convert (an output may hold one)."""
    return int(text) if len(text) <= 4000 else float("inf")


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (not text)"
    return None


def notebook_source(raw: str) -> NotebookSource:
    """The program a notebook's code cells form. Raises NotebookError on a malformed file."""
    try:
        doc = json.loads(raw, parse_int=_small_int)
    except json.JSONDecodeError as e:
        raise NotebookError(f"not a valid notebook: the JSON does not parse ({e.msg} at line {e.lineno})") from None
    except RecursionError:
        raise NotebookError("not a valid notebook: its JSON is nested too deeply to read") from None
    except (ValueError, TypeError) as e:
        raise NotebookError(f"not a valid notebook: the JSON does not parse ({e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise NotebookError("not a valid notebook: no `cells` list (only nbformat 4 notebooks are read)")
    raw_meta = doc.get("metadata")
    meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
    language = None
    if isinstance(meta.get("language_info"), dict):
        language = meta["language_info"].get("name")
    if language is None and isinstance(meta.get("kernelspec"), dict):
        language = meta["kernelspec"].get("language")
    python = language is None or str(language).lower() in ("python", "python3", "ipython")
    positions = source_positions(raw)
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    file_lines: list[tuple[int, int]] = []
    bad: dict[int, LeftOut] = {}
    size = 0
    for number, cell in enumerate(doc["cells"], start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"not a valid notebook: cell {number} is not an object")
        if cell.get("cell_type") != "code":
            continue
        text = _cell_text(cell.get("source", ""))
        size += len(text)
        if size > MAX_CODE_BYTES:
            raise NotebookError(
                f"notebook too large to check: its code cells hold more than {MAX_CODE_BYTES / 1048576:.0f} MiB"
            )
        cell_lines = _split_lines(text)
        problem = _bad_text(text)
        if problem is not None:
            bad[number] = LeftOut(f"cell {number} {problem}: not checked")
            cell_lines = [""] * len(cell_lines)
        elif cell_lines and cell_lines[0].lstrip().startswith("%%"):
            cell_lines = [""] * len(cell_lines)
        else:
            cell_lines = _code_lines(cell_lines)
        starts = positions.get(number - 1, [])
        for k, line in enumerate(cell_lines, start=1):
            lines.append(line)
            where.append((number, k))
            file_lines.append(starts[k - 1] if k - 1 < len(starts) else (starts[-1] if starts else (1, 1)))
    text = "\n".join(lines) + ("\n" if lines else "")
    return NotebookSource(text, where, python, file_lines, bad)


# ------------------------------------------------------------------ positions in the .ipynb file
_BREAK = re.compile(r"\r\n|\r|\n")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


def source_positions(raw: str) -> dict[int, list[tuple[int, int]]]:
    """For each cell (0-based index in ``cells``), where each of its source lines starts in the
    file: (line, column), 1-based. A ``source`` list holds one JSON string per line, each at its
    own place; a ``source`` string holds every line on one line of the file (JSON strings have
    no raw line breaks), so its lines share that position. Never raises: an unexpected layout
    gives fewer positions (callers fall back to the file's first line)."""
    out: dict[int, list[tuple[int, int]]] = {}
    try:
        _scan_positions(raw, out)
    except (ValueError, IndexError, RecursionError):
        pass
    return out


def _scan_positions(raw: str, out: dict[int, list[tuple[int, int]]]) -> None:
    # a stack of containers: ("o", key) for an object (the key being read), ("a", index) for an array
    stack: list[list[Any]] = []
    fresh: dict[int, bool] = {}  # cell -> does its next source element start a line?
    expecting_key = False
    line, line_start, last = 1, 0, 0

    def locate(pos: int) -> tuple[int, int]:
        nonlocal line, line_start, last
        while True:
            nl = raw.find("\n", last, pos)
            if nl < 0:
                break
            line, line_start, last = line + 1, nl + 1, nl + 1
        last = pos
        return line, pos - line_start + 2  # the column just inside the opening quote

    def path() -> list[Any]:
        return [item[1] for item in stack]

    for m in _TOKEN.finditer(raw):
        tok = m.group()
        if tok == "{":
            stack.append(["o", None])
            expecting_key = True
        elif tok == "[":
            stack.append(["a", 0])
            expecting_key = False
        elif tok in "}]":
            stack.pop()
            expecting_key = False
        elif tok == ",":
            if stack and stack[-1][0] == "a":
                stack[-1][1] += 1
            else:
                expecting_key = True
        elif tok == ":":
            expecting_key = False
        elif expecting_key and stack and stack[-1][0] == "o":
            stack[-1][1] = tok[1:-1]
        elif tok.startswith('"'):
            p = path()
            if len(p) == 4 and p[0] == "cells" and p[2] == "source" and isinstance(p[1], int):
                if stack[-1][0] == "a":  # one element of a `source` list: usually one line
                    text = json.loads(tok)
                    starts = out.setdefault(p[1], [])
                    if p[3] == 0:
                        fresh[p[1]] = True
                    if text and fresh.get(p[1], True):
                        starts.append(locate(m.start()))
                    ends = bool(text) and text[-1] in "\r\n"
                    inner = len(_BREAK.findall(text)) - (1 if ends else 0)  # lines starting inside it
                    starts.extend([locate(m.start())] * inner)
                    fresh[p[1]] = ends
            elif len(p) == 3 and p[0] == "cells" and p[2] == "source" and isinstance(p[1], int):
                at = locate(m.start())
                n = len(_split_lines(json.loads(tok)))
                out[p[1]] = [at] * max(n, 1)


def annotate(diagnostics: list[Diagnostic], nb: NotebookSource) -> list[Diagnostic]:
    """Add "notebook cell N, line L" to each diagnostic (its line stays the program's line), and
    ``data["file_line"]``/``data["file_column"]``: where that source text is in the ``.ipynb``
    file (what ``file_span`` gives the github, sarif and json reporters)."""
    out = []
    for d in diagnostics:
        at = nb.where(d.span.line)
        if at is None:
            out.append(d)
            continue
        note = f"notebook cell {at[0]}, line {at[1]}"
        data = dict(d.data)
        data.update({"cell": at[0], "cell_line": at[1]})
        in_file = nb.in_file(d.span.line)
        if in_file is not None:
            data.update({"file_line": in_file[0], "file_column": in_file[1] + max(d.span.column - 1, 0)})
        out.append(dataclasses.replace(d, notes=(note,) + tuple(d.notes), data=data))
    return out


def file_span(d: Diagnostic) -> Span:
    """Where ``d`` is in the file on disk: for a notebook, the ``.ipynb`` line that holds the
    source line (``annotate`` put it in ``data``); for any other file, ``d.span``."""
    line, column = d.data.get("file_line"), d.data.get("file_column")
    if not isinstance(line, int) or not isinstance(column, int):
        return d.span
    width = max(d.span.end_column - d.span.column, 0) if d.span.end_line == d.span.line else 0
    return Span(line, column, line, column + width)
