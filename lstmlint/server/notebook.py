"""LSP notebook documents as one program, and positions between the program and its cells.

The cells are laid end to end exactly as ``lstmlint`` does for an ``.ipynb`` file on disk
(``lstmlint.source.notebooks``: IPython-only lines blanked, markdown cells left out), so a
notebook open in the editor gets the same findings as the CLI reports for the saved file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from lstmlint.source.notebooks import NotebookError, notebook_source


@dataclass(frozen=True)
class Cell:
    uri: str
    code: bool
    text: str


@dataclass
class Program:
    """The program a notebook's code cells form."""

    text: str
    cells: list[Cell]
    where: list[tuple[int, int]]  # program line i (0-based) -> (cell index, line in cell), 0-based
    starts: dict[int, int]  # cell index -> its first program line (0-based)

    def to_cell(self, line: int) -> tuple[Cell, int] | None:
        """Program line (0-based) -> (cell, line in the cell)."""
        if 0 <= line < len(self.where):
            index, in_cell = self.where[line]
            return self.cells[index], in_cell
        return None

    def to_program(self, uri: str, line: int) -> int | None:
        """Line ``line`` (0-based) of cell ``uri`` -> program line (0-based)."""
        for index, cell in enumerate(self.cells):
            if cell.uri == uri:
                start = self.starts.get(index)
                return None if start is None else start + line
        return None

    def cell_lines(self, index: int) -> range:
        start = self.starts.get(index)
        if start is None:
            return range(0)
        end = start
        while end < len(self.where) and self.where[end][0] == index:
            end += 1
        return range(start, end)


def program(cells: list[Cell], language: str | None = None) -> Program:
    """Raises NotebookError if the cells cannot form a program (never for real notebooks)."""
    doc = {
        "cells": [{"cell_type": "code" if c.code else "markdown", "source": c.text, "metadata": {}} for c in cells],
        "metadata": {"language_info": {"name": language}} if language else {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    nb = notebook_source(json.dumps(doc))
    if not nb.python:
        return Program("", cells, [], {})
    where = [(number - 1, line - 1) for number, line in nb.cells]
    starts: dict[int, int] = {}
    for i, (index, _) in enumerate(where):
        starts.setdefault(index, i)
    # an empty code cell has no lines but still has a place
    return Program(nb.text, cells, where, starts)


__all__ = ["Cell", "NotebookError", "Program", "program"]
