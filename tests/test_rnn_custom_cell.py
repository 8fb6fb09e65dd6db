"""``RNN(cell)`` over a cell class the program defines (issue 10): the sizes come from the
cell's ``state_size`` / ``output_size`` after its ``__init__`` ran, as Keras 3 reads them
(``RNN.compute_output_shape``); the Keras-tier twin ``test_rnn_custom_cell_keras.py`` builds
the same programs in Keras 3.15.1. Fast tier: no TensorFlow."""

from __future__ import annotations

import textwrap

import pytest
from rnn_custom_cell_cases import BUILDS, CELLS, EXPECTED, EXPECTED_KERAS2, REFUSED, program

from lstmlint.api import FileResult, lint_source
from lstmlint.settings import Options


def lint(source: str, keras: str = "3") -> FileResult:
    return lint_source(textwrap.dedent(source), "prog.py", Options(isolated=True, keras_version=keras))


def last_rnn_shapes(result: FileResult) -> list[str]:
    assert result.analysis is not None
    apps = [a for a in result.analysis.applications if a.layer.cfg.kind == "RNN"]
    return [str(t.shape) for t in apps[-1].outputs]


@pytest.mark.parametrize("keras", ["3", "2"])
@pytest.mark.parametrize("name", sorted(BUILDS))
def test_custom_cell_shapes(name: str, keras: str) -> None:
    result = lint(program(BUILDS[name]), keras)
    assert [d.code for d in result.diagnostics] == []
    expected = EXPECTED_KERAS2[name] if keras == "2" and name in EXPECTED_KERAS2 else EXPECTED[name]
    if expected is None:
        assert last_rnn_shapes(result) == ["(unknown)"]
    else:
        assert last_rnn_shapes(result) == expected


@pytest.mark.parametrize("keras", ["3", "2"])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_cell_built_on_a_step_without_features(name: str, keras: str) -> None:
    """The cell's ``build`` makes ``(input_shape[-1], units)`` from a step of ``(None,)``."""
    result = lint(program(REFUSED[name]), keras)
    assert [d.code for d in result.diagnostics] == ["LST101"]


def test_stacked_custom_rnn_gets_the_lstm_fix() -> None:
    result = lint(program(REFUSED["stacked"]))
    (diagnostic,) = result.diagnostics
    assert "return_sequences=True" in (diagnostic.help or "")


def test_symbolic_sizes_stay_by_name() -> None:
    result = lint(CELLS + "def f(n):\n    return layers.RNN(MinimalRNNCell(n))(inputs)\n")
    assert result.analysis is not None
    rnn = [a for a in result.analysis.applications if a.layer.cfg.kind == "RNN"]
    assert [str(t.shape) for t in rnn[-1].outputs] == ["(None, n)"]


def test_unknown_state_size_stays_unknown() -> None:
    source = CELLS + (
        "class Opaque(layers.Layer):\n"
        "    def __init__(self, sizes, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
        "        self.state_size = load(sizes)\n"
        "\n"
        "    def call(self, inputs, states):\n"
        "        return inputs, states\n"
        "\n"
        "out = layers.RNN(Opaque('x'))(keras.Input((5,)))\n"
        "out2 = layers.RNN(Opaque('x'))(inputs)\n"
    )
    result = lint(source)
    assert [d.code for d in result.diagnostics] == []
    assert last_rnn_shapes(result) == ["(unknown)"]


def test_a_cell_without_weights_from_the_step_is_not_reported() -> None:
    """Keras 3 builds ``RNN(NoBuildCell(4))`` on a 2-D input: no error, the output unknown."""
    result = lint(program("layers.RNN(NoBuildCell(4))(keras.Input((5,)))"))
    assert [d.code for d in result.diagnostics] == []
    assert last_rnn_shapes(result) == ["(unknown)"]


def test_initial_state_of_a_custom_cell_is_not_checked() -> None:
    """Whether a cell's ``call`` accepts states of other widths is not followed."""
    result = lint(
        program("layers.RNN(TwoStateCell(4, 3))(inputs, initial_state=[keras.Input((9,)), keras.Input((9,))])")
    )
    assert [d.code for d in result.diagnostics] == []


def test_bidirectional_over_a_custom_cell() -> None:
    result = lint(program("layers.Bidirectional(layers.RNN(TwoStateCell(4, 3), return_sequences=True))(inputs)"))
    assert result.analysis is not None
    (app,) = [a for a in result.analysis.applications if a.layer.cfg.kind == "Bidirectional"]
    assert [str(t.shape) for t in app.outputs] == ["(None, 7, 6)"]


def test_a_cell_given_to_rnn_is_not_checked_on_its_own() -> None:
    """Keras only calls a cell from its RNN (a step and its states): the standalone check of
    classes nobody called (an input of unknown shape) leaves it out, so the Keras cell it
    wraps gets no application of unknown shape."""
    result = lint(program(BUILDS["n"]))
    assert result.analysis is not None
    assert [a.layer.cfg.kind for a in result.analysis.applications] == ["RNN"]
