"""Notebooks in CI (issue 14): IPython syntax is not a syntax error, a bad cell costs only that
cell, outputs do not count against the size limit, and machine-readable reports point at the
line of the ``.ipynb`` file that holds the code (fast tier: no TensorFlow)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmlint.api import lint_file
from lstmlint.cli import main
from lstmlint.source.notebooks import notebook_source, source_positions

HEAD = ["from keras import layers, Input\n", "x = Input((4, 3))\n"]
BAD_CELL = ["y = layers.Dense(3)(x)\n", "z = layers.LSTM(4)(y[:, 0])\n"]       # LST101 on its line 2


def _nb(cells: list[list[str] | str], outputs: list[Any] | None = None, indent: int | None = 1) -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"language_info": {"name": "python"}},
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": outputs or [],
                   "source": c} for c in cells],
    }, indent=indent)


def _lint(tmp_path: Path, raw: str, name: str = "nb.ipynb") -> list[tuple[str, int, str]]:
    path = tmp_path / name
    path.write_text(raw, encoding="utf-8")
    result = lint_file(str(path))
    assert result.internal_error is None, result.internal_error
    return [(str(d.code), d.line, d.notes[0] if d.notes else "") for d in result.diagnostics]


IPYTHON = [
    ["IS_COLAB = False\n", "if IS_COLAB:\n", "    %pip install -q keras\n", "    !apt-get install x\n",
     "for i in range(2):\n", "    %time f(i)\n"],
    ["files = !ls\n", "t = %timeit -o f()\n", "a, b = %who_ls\n", "x.shape??\n", "?x\n", "x?\n",
     "%pip install \\\n", "    keras\n"],
    ["s = 'a\u2028b'\n", "u = 'c\x0cd'\n", "\x0c\n", "doc = '''\n", "!not a magic: inside a string\n", "'''\n"],
]


def test_ipython_syntax_is_not_a_syntax_error(tmp_path: Path) -> None:
    found = _lint(tmp_path, _nb([*IPYTHON, HEAD, BAD_CELL]))
    assert found == [("LST101", 24, "notebook cell 5, line 2")]


def test_magics_become_statements_of_the_same_indentation() -> None:
    nb = notebook_source(_nb(IPYTHON))
    lines = nb.text.split("\n")
    assert lines[2] == "    pass" and lines[3] == "    pass" and lines[5] == "    pass"
    assert lines[6] == "files = get_ipython()" and lines[7] == "t = get_ipython()"
    assert lines[8] == "a, b = get_ipython()"
    assert lines[9:14] == ["", "", "", "", ""]            # help lines and the continued %pip
    assert lines[18] == "!not a magic: inside a string"     # a string's text is left alone
    assert nb.where(15) == (3, 1) and nb.where(17) == (3, 3)


def test_a_cell_that_does_not_parse_costs_only_that_cell(tmp_path: Path) -> None:
    found = _lint(tmp_path, _nb([HEAD, ["def broken(:\n", "    pass\n"], BAD_CELL]))
    assert [code for code, _, _ in found] == ["LST002", "LST101"]
    assert found[0][1] in (3, 4) and found[0][2].startswith("notebook cell 2, line ")   # where libcst stopped
    assert found[1][1:] == (6, "notebook cell 3, line 2")
    path = tmp_path / "nb.ipynb"
    message = lint_file(str(path)).diagnostics[0].message
    assert message.startswith("syntax error, cell 2 not checked:")


@pytest.mark.parametrize("bad, why", [
    ("s = '\ud800'\n", "cell 2 contains a lone surrogate (not text): not checked"),
    ("s = 1\x00\n", "cell 2 contains a NUL character: not checked"),
    ("x = " + " and ".join(["a"] * 8000) + "\n", "cell 2 not checked: an expression nested deeper than 200"),
])
def test_a_cell_that_is_not_text_or_too_deep_costs_only_that_cell(tmp_path: Path, bad: str, why: str) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(_nb([HEAD, [bad], BAD_CELL]), encoding="utf-8")
    result = lint_file(str(path))
    assert result.internal_error is None
    assert [d.code for d in result.diagnostics] == ["LST003" if "deeper" in why else "LST002", "LST101"]
    assert result.diagnostics[0].message.startswith(why)


def test_huge_integers_and_deep_json(tmp_path: Path) -> None:
    raw = _nb([HEAD, BAD_CELL], outputs=[{"output_type": "execute_result", "execution_count": 1,
                                          "data": {"text/plain": ["1"]}, "metadata": {}}])
    raw = raw.replace('"execution_count": 1', '"execution_count": ' + "9" * 5000)   # over 4,300 digits
    assert [code for code, _, _ in _lint(tmp_path, raw)] == ["LST101"]
    deep = '{"cells": [], "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert _lint(tmp_path, deep, "deep.ipynb") == [("LST001", 1, "")]
    path = tmp_path / "deep.ipynb"
    assert "nested too deeply" in lint_file(str(path)).diagnostics[0].message


def test_outputs_do_not_count_against_the_size_limit(tmp_path: Path) -> None:
    image = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * 3_000_000}}
    raw = _nb([HEAD, BAD_CELL], outputs=[image])
    assert len(raw) > 2 * 1024 * 1024
    assert [code for code, _, _ in _lint(tmp_path, raw)] == ["LST101"]
    code = ["x = 1  # " + "c" * 100 + "\n"] * 25_000                   # 2.7 MB of code
    found = _lint(tmp_path, _nb([HEAD, code, BAD_CELL]), "code.ipynb")
    assert found == [("LST001", 1, "")]
    assert "code cells hold more than 2 MiB" in lint_file(str(tmp_path / "code.ipynb")).diagnostics[0].message


def _file_line_of(raw: str, text: str) -> int:
    [line] = [i for i, row in enumerate(raw.split("\n"), start=1) if text in row]
    return line


@pytest.mark.parametrize("indent", [1, None])
def test_reports_point_at_the_line_of_the_ipynb_file(tmp_path: Path, indent: int | None) -> None:
    raw = _nb([*IPYTHON, HEAD, BAD_CELL], indent=indent)
    path = tmp_path / "nb.ipynb"
    path.write_text(raw, encoding="utf-8")
    want = _file_line_of(raw, "z = layers.LSTM(4)")
    row = raw.split("\n")[want - 1]
    col = row.index("z = layers.LSTM(4)") + 1 + len("z = ")            # the LSTM call, 1-based
    runner = CliRunner()

    [item] = json.loads(runner.invoke(main, ["--no-cache", "--format", "json", str(path)]).output)
    assert (item["line"], item["column"]) == (want, col)
    assert (item["cell"], item["cell_line"], item["program_line"]) == (5, 2, 24)

    github = runner.invoke(main, ["--no-cache", "--format", "github", str(path)]).output
    assert f"line={want},col={col}," in github

    sarif = json.loads(runner.invoke(main, ["--no-cache", "--format", "sarif", str(path)]).output)
    [result] = sarif["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (want, col)
    assert result["properties"]["cell"] == 5 and result["properties"]["cellLine"] == 2

    text = runner.invoke(main, ["--no-cache", "--format", "concise", str(path)]).output
    assert f"{path}:24:5: LST101" in text                             # the program's line, as documented


def test_source_as_one_string_maps_every_line_to_its_file_line() -> None:
    raw = _nb([["a = 1\n"], "b = 2\nc = 3\n"])
    positions = source_positions(raw)
    line = _file_line_of(raw, '"b = 2\\nc = 3\\n"')
    assert positions[1] == [(line, positions[1][0][1])] * 2
    assert notebook_source(raw).in_file(3) == positions[1][1]
