"""Jupyter notebooks: the code cells, in order, form one program.

The notebook's JSON is read with the standard library (no nbformat at lint time). Each code
cell's lines are laid end to end; IPython-only lines (``%magic``, ``!shell``, ``?help``) and
whole ``%%cell-magic`` cells are replaced by blank lines, so every line of the program is
exactly one line of one cell.

Line mapping (the one documented for users): a diagnostic's line is its line in that program
(the code cells one after another, markdown cells left out), so the text reporter's excerpt
and ``--format json`` stay consistent; each diagnostic also gets the note
``notebook cell N, line L`` where N counts every cell of the notebook from 1 (markdown cells
included, as the notebook shows them) and L is the line inside that cell.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from lstmlint.diagnostics import Diagnostic

SUFFIX = ".ipynb"


class NotebookError(Exception):
    """The file is not a notebook the linter can read (the message says why)."""


@dataclass
class NotebookSource:
    text: str
    cells: list[tuple[int, int]]          # program line i+1 -> (cell number, line in cell)
    python: bool = True                    # False: another kernel's language; nothing to check

    def where(self, line: int) -> tuple[int, int] | None:
        if 1 <= line <= len(self.cells):
            return self.cells[line - 1]
        return None


def _is_ipython_line(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("%", "!")) or (stripped.startswith("?") and len(stripped) > 1) or (
        stripped.endswith("?") and not stripped.startswith("#") and stripped[:-1].replace(".", "").replace("_", "").isalnum()
    )


def _cell_lines(source: object) -> list[str]:
    if isinstance(source, list):
        if not all(isinstance(s, str) for s in source):
            raise NotebookError("a cell's `source` is not text")
        text = "".join(source)
    elif isinstance(source, str):
        text = source
    else:
        raise NotebookError("a cell has no `source` text")
    return text.splitlines()


def notebook_source(raw: str) -> NotebookSource:
    """The program a notebook's code cells form. Raises NotebookError on a malformed file."""
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as e:
        raise NotebookError(f"not a valid notebook: the JSON does not parse ({e.msg} at line {e.lineno})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise NotebookError("not a valid notebook: no `cells` list (only nbformat 4 notebooks are read)")
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    language = None
    if isinstance(meta.get("language_info"), dict):
        language = meta["language_info"].get("name")
    if language is None and isinstance(meta.get("kernelspec"), dict):
        language = meta["kernelspec"].get("language")
    python = language is None or str(language).lower() in ("python", "python3", "ipython")
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    for number, cell in enumerate(doc["cells"], start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"not a valid notebook: cell {number} is not an object")
        if cell.get("cell_type") != "code":
            continue
        cell_lines = _cell_lines(cell.get("source", ""))
        magic_cell = bool(cell_lines) and cell_lines[0].lstrip().startswith("%%")
        for k, line in enumerate(cell_lines, start=1):
            lines.append("" if magic_cell or _is_ipython_line(line) else line)
            where.append((number, k))
    text = "\n".join(lines) + ("\n" if lines else "")
    return NotebookSource(text, where, python)


def annotate(diagnostics: list[Diagnostic], nb: NotebookSource) -> list[Diagnostic]:
    """Add "notebook cell N, line L" to each diagnostic (its line stays the program's line)."""
    out = []
    for d in diagnostics:
        at = nb.where(d.span.line)
        if at is None:
            out.append(d)
            continue
        note = f"notebook cell {at[0]}, line {at[1]}"
        data = dict(d.data)
        data.update({"cell": at[0], "cell_line": at[1]})
        out.append(dataclasses.replace(d, notes=(note,) + tuple(d.notes), data=data))
    return out
