"""The server's analysis adapter and position mapping, in process (fast tier, no TensorFlow)."""

from __future__ import annotations

import textwrap

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp

from lstmlint.server import adapter
from lstmlint.server.notebook import Cell, program
from lstmlint.server.server import Locations, Unit, map_line, word_at

SEQUENTIAL = textwrap.dedent("""\
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential(
        [
            keras.Input(shape=(50, 4)),
            layers.LSTM(64, return_sequences=True),
            layers.LSTM(32),
            layers.Dense(1),
        ]
    )
""")

FUNCTIONAL = textwrap.dedent("""\
    import keras
    from keras import layers

    n_steps = 20
    inputs = keras.Input(shape=(n_steps, 6))
    encoder = layers.LSTM(32, return_sequences=True)
    x = encoder(inputs)
    x = layers.Dense(8)(x)
    unknown = mystery(x)
    y = layers.Dense(4)(unknown)
    model = keras.Model(inputs, y)
""")


def test_sequential_shapes_hints_params_and_lens() -> None:
    snap = adapter.analyse(SEQUENTIAL, "seq.py")
    assert snap.diagnostics == [] and snap.internal_error is None
    hints = {(h.line, h.label) for h in snap.hints}
    assert hints == {(6, ": (None, 50, 4)"), (7, ": (None, 50, 64)"), (8, ": (None, 32)"), (9, ": (None, 1)")}
    # each hint sits just after the layer expression, before the list's comma
    line7 = SEQUENTIAL.splitlines()[6]
    hint7 = next(h for h in snap.hints if h.line == 7)
    assert line7[: hint7.column - 1].endswith("return_sequences=True)")
    fact = snap.fact_at(8, line7.index("LSTM") + 2, "LSTM")
    assert fact is not None and fact.shape == "(None, 32)" and fact.params == "12,416"  # 4 * 32 * (64 + 32 + 1)
    [lens] = snap.lenses
    assert lens.span.line == 4
    assert lens.title == "model: (None, 50, 4) → (None, 1) · 3 layers · 30,113 params"
    fact = snap.fact_at(4, 2, "model")  # hover on the model's variable
    assert fact is not None and fact.title == "sequential model `model` · 3 layers · input (None, 50, 4)"
    assert fact.shape == "(None, 1)" and fact.params == "30,113"
    table = snap.summary_table(0)
    assert "lstm (LSTM)" in table and "Total params: 30,113" in table


def test_hints_of_model_add_go_after_the_call() -> None:
    text = textwrap.dedent("""\
        from keras.models import Sequential
        from keras.layers import LSTM, Dense

        model = Sequential()
        model.add(LSTM(20, return_sequences=True, input_shape=(3, 1)))
        model.add(Dense(1))
    """)
    snap = adapter.analyse(text, "add.py")
    hints = {h.line: h for h in snap.hints}
    line5 = text.splitlines()[4]
    assert hints[5].label == ": (None, 3, 20)" and line5[: hints[5].column - 1] == line5  # after `.add(...)`
    assert hints[6].label == ": (None, 3, 1)"


def test_hover_on_layer_variable_tensor_variable_and_why_unknown() -> None:
    snap = adapter.analyse(FUNCTIONAL, "f.py")
    lines = FUNCTIONAL.splitlines()
    # the layer variable, where it is called (line 7)
    fact = snap.fact_at(7, lines[6].index("encoder") + 1, "encoder")
    assert fact is not None and fact.title.startswith("`LSTM` layer") and fact.shape == "(None, 20, 32)"
    assert fact.params == "4,992" and fact.until == 7  # true until an edit at or above line 7
    # the tensor variable x, used on line 8 (bound on line 7)
    fact = snap.fact_at(8, lines[7].index("(x)") + 2, "x")
    assert fact is not None and fact.title == "tensor `x`" and fact.shape == "(None, 20, 32)"
    # the same name bound on line 8: hovering the target shows the new binding
    fact = snap.fact_at(8, 1, "x")
    assert fact is not None and fact.shape == "(None, 20, 8)"
    # an unknown shape says why, as --verbose does
    fact = snap.fact_at(10, 1, "y")
    assert fact is not None and fact.shape == "?"
    assert fact.why == ("shape unknown after line 9: call to `mystery` is not followed",)
    assert snap.fact_at(1, 1, "import") is None


def test_edits_suppressions_and_line_maps() -> None:
    old = "a = 1\nb = 2\nc = 3"
    new = "a = 1\nb = 22\nc = 3"
    assert adapter.line_edits(old, new) == [adapter.LineEdit(1, 2, "b = 22\n")]
    assert adapter.line_map(old, "x = 0\n" + new) == {1: 2, 3: 4}
    assert map_line(old, "x = 0\n" + old, 3) == 2
    assert map_line(old, new, 2) is None
    assert adapter.first_change(old, new) == 2
    assert adapter.first_change(old, old + "\nd = 4") == 4 and adapter.first_change(old, old) > 3
    edit = adapter.suppress_edit("x = f()  # lstmlint: ignore[LST101]\n", 1, "LST112")
    assert edit == adapter.LineEdit(0, 1, "x = f()  # lstmlint: ignore[LST101, LST112]\n")
    assert adapter.suppress_edit("x = f()  # lstmlint: ignore[LST112]\n", 1, "LST112") is None
    added = adapter.suppress_edit("x = f()", 1, "LST112")
    assert added == adapter.LineEdit(0, 1, "x = f()  # lstmlint: ignore[LST112]")
    assert word_at("lstm1 = LSTM(4)(x)", 2) == "lstm1" and word_at("f(12)", 3) is None


def test_positions_are_utf16_for_the_client() -> None:
    text = 'label = "日本"; x = layers.LSTM(4)(y)\n'
    loc = Locations(Unit("file:///m.py", 1, text), lsp.PositionEncodingKind.Utf16)
    column = text.index("x") + 1  # code points, 1-based
    # BMP characters: one UTF-16 unit each
    assert loc.position(1, column) == ("file:///m.py", lsp.Position(0, column - 1))
    text = 'label = "😀"; x = 1\n'
    loc = Locations(Unit("file:///m.py", 1, text), lsp.PositionEncodingKind.Utf16)
    column = text.index("x") + 1
    assert loc.position(1, column) == ("file:///m.py", lsp.Position(0, column))  # the emoji takes two units
    assert loc.program_point("file:///m.py", lsp.Position(0, column)) == (1, column)


def test_notebook_program_and_cell_edits() -> None:
    cells = [
        Cell("nb#0", False, "# title"),
        Cell("nb#1", True, "%time\nimport keras"),
        Cell("nb#2", True, "x = 1\ny = 2"),
    ]
    nb = program(cells)
    assert nb.text == "\nimport keras\nx = 1\ny = 2\n"
    assert nb.to_cell(3) == (cells[2], 1) and nb.to_program("nb#2", 1) == 3 and nb.to_program("nb#0", 0) is None
    unit = Unit("nb", 1, nb.text, nb)
    loc = Locations(unit, lsp.PositionEncodingKind.Utf16)
    changes = loc.edits([adapter.LineEdit(3, 4, "y = 3\n")])  # the cell's last line (no line break)
    assert changes == {"nb#2": [lsp.TextEdit(lsp.Range(lsp.Position(1, 0), lsp.Position(1, 5)), "y = 3")]}
    assert loc.edits([adapter.LineEdit(0, 1, "%time  # x\n")]) is None  # a blanked magic line is not the cell's
    assert loc.edits([adapter.LineEdit(1, 3, "")]) is None  # an edit across two cells
