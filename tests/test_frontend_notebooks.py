"""Notebooks (.ipynb) and --verbose."""

from __future__ import annotations

import json
import textwrap

from click.testing import CliRunner

from lstmlint.api import lint_file, lint_paths
from lstmlint.cli import main
from lstmlint.source.notebooks import notebook_source


def _nb(cells: list[tuple[str, str]], language: str = "python") -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "language": language, "display_name": "Python 3"},
                     "language_info": {"name": language}},
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": textwrap.dedent(src).strip("\n").splitlines(keepends=True),
             **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for kind, src in cells
        ],
    })


CELLS = [
    ("markdown", "# Forecasting\nSome text."),
    ("code", """
        %matplotlib inline
        !pip install keras
        import numpy as np
        import keras
        from keras import layers
    """),
    ("code", """
        X = np.zeros((64, 12, 5))
        inp = keras.Input(shape=X.shape[1:])
        x = layers.LSTM(16)(inp)
    """),
    ("markdown", "Now the second layer"),
    ("code", """
        # stack another one
        x = layers.LSTM(8)(x)
        model = keras.Model(inp, x)
    """),
    ("code", """
        %%time
        model.fit(X, np.zeros((64, 8)))
    """),
]


def test_notebook_cells_form_one_program_with_cell_positions(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(_nb(CELLS))
    result = lint_file(str(path))
    assert result.internal_error is None
    (d,) = result.diagnostics
    assert d.code == "LST101"
    # the line is the line in the program the code cells form (magics blanked, not removed)
    assert result.source.splitlines()[d.line - 1] == "x = layers.LSTM(8)(x)"
    assert d.line == 10
    assert d.notes[0] == "notebook cell 5, line 2"
    assert d.data["cell"] == 5 and d.data["cell_line"] == 2


def test_magics_are_blanked_and_line_map_is_exact():
    nb = notebook_source(_nb(CELLS))
    lines = nb.text.splitlines()
    assert lines[0] == "" and lines[1] == ""          # %matplotlib, !pip
    assert lines[2] == "import numpy as np"
    assert nb.where(3) == (2, 3)
    assert nb.where(len(lines)) == (6, 2)
    assert lines[-1] == "" and lines[-2] == ""          # the whole %%time cell


def test_malformed_notebook_is_lst001(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text('{"cells": [ {"cell_type": "code", ')
    (d,) = lint_file(str(bad)).diagnostics
    assert d.code == "LST001" and "not a valid notebook" in d.message
    nocells = tmp_path / "nocells.ipynb"
    nocells.write_text('{"metadata": {}}')
    (d,) = lint_file(str(nocells)).diagnostics
    assert d.code == "LST001" and "`cells`" in d.message


def test_other_kernels_are_not_checked(tmp_path):
    path = tmp_path / "r.ipynb"
    path.write_text(_nb([("code", "library(keras)\nx <- layer_lstm(units = 4)")], language="R"))
    assert lint_file(str(path)).diagnostics == []


def test_folders_include_notebooks(tmp_path):
    (tmp_path / "nb.ipynb").write_text(_nb(CELLS))
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "nb-checkpoint.ipynb").write_text(_nb(CELLS))
    paths = [r.path for r in lint_paths([str(tmp_path)])]
    assert paths == [str(tmp_path / "nb.ipynb")]


def test_notebook_through_the_cli(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(_nb(CELLS))
    out = CliRunner().invoke(main, [str(path), "--no-color", "--isolated"])
    assert out.exit_code == 1
    assert f"{path}:10:5: error[LST101]" in out.output
    assert "note: notebook cell 5, line 2" in out.output


# -------------------------------------------------------------------- verbose
def test_verbose_says_where_the_analysis_lost_track(tmp_path):
    src = tmp_path / "m.py"
    src.write_text(textwrap.dedent("""
        import sys
        import keras
        from keras import layers
        from mylib import Squeeze

        inp = keras.Input((10, 3))
        x = layers.LSTM(8, return_sequences=True)(inp)
        x = Squeeze()(x)
        model = keras.Model(inp, layers.Dense(1)(x))

        seq = keras.Sequential([keras.Input((5, 2)), layers.LSTM(3)])
        for _ in range(int(sys.argv[1])):
            seq.add(layers.RepeatVector(2))

        ok = keras.Sequential([keras.Input((5, 2)), layers.LSTM(3)])
    """))
    out = CliRunner().invoke(main, [str(src), "--verbose", "--isolated"])
    assert out.exit_code == 0
    err = out.stderr if hasattr(out, "stderr") else out.output
    assert f"{src}: model `model` (line 10): shape unknown after line 9: custom layer `Squeeze` is not followed" in err
    assert f"{src}: Sequential model `seq` (line 12): shape unknown after line 13: loop over" in err
    assert f"{src}: Sequential model `ok` (line 16): followed to the end: output (None, 3)" in err
    quiet = CliRunner().invoke(main, [str(src), "--isolated"])
    assert "shape unknown" not in quiet.output
