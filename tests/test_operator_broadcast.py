"""Arithmetic on Keras tensors whose shapes cannot broadcast is LST110 (issue 10), without
TensorFlow: the table of ``tests/operator_cases.py`` (measured in Keras; rebuilt by
``tests/test_operator_broadcast_keras.py``), the message and help, and what is left alone."""

from __future__ import annotations

import textwrap

import pytest
from frontend_keras import errors, findings
from operator_cases import CASES, HEAD3, error_line

from lstmlint.interp.overlays.operators import broadcast_failure
from lstmlint.shapes import Sym


@pytest.mark.parametrize(("program", "code"), [pytest.param(p, c, id=i) for i, p, c in CASES])
def test_the_table(program: str, code: str | None) -> None:
    expected = [(error_line(program), code)] if code else []
    assert errors(program) == expected


def test_message_names_the_operator_both_shapes_and_the_axis() -> None:
    program = HEAD3 + textwrap.dedent(
        """
        tokens = layers.Embedding(100, 32)(keras.Input(shape=(20,)))
        positions = layers.Embedding(20, 16)(ops.arange(20))
        x = tokens + positions
        """
    )
    (diag,) = [d for d in findings(program) if d.code == "LST110"]
    assert diag.message == "`+` cannot broadcast (None, 20, 32) and (20, 16): axis -1 is 32 vs 16"
    assert diag.help is not None and "make both operands 32 wide" in diag.help
    assert diag.severity.value == "error"


def test_a_function_is_named_as_called_and_another_axis_is_named() -> None:
    (diag,) = findings(HEAD3 + "out = ops.add(a, keras.Input(shape=(5, 32)))\n")
    assert diag.message == "`keras.ops.add` cannot broadcast (None, 10, 32) and (None, 5, 32): axis -2 is 10 vs 5"
    assert diag.help == "make axis -2 the same size on both operands (10 vs 5), or 1 on one of them"


def test_numpy_arrays_are_left_alone() -> None:
    """NumPy's own broadcasting error is not a Keras shape error."""
    program = "import numpy as np\nx = np.zeros((3, 4)) + np.zeros((3, 5))\ny = np.ones((2, 8)) * np.ones((8, 2))\n"
    assert findings(program) == []


def test_an_array_on_the_left_is_left_alone() -> None:
    """``array + KerasTensor``: Keras 3 fails converting the tensor to NumPy, not on shapes."""
    assert errors(HEAD3 + "out = np.zeros((10, 16), 'float32') + a\n") == []


def test_unknown_and_downstream_values_never_report() -> None:
    program = HEAD3 + textwrap.dedent(
        """
        import pandas as pd
        frame = pd.read_csv("data.csv")
        c = a + frame.values
        d = a + b
        e = d * keras.Input(shape=(3, 3))
        """
    )
    # one error (a + b); ``d`` is unknown afterwards, so ``e`` is not reported again
    assert errors(program) == [(error_line(program) - 1, "LST110")]


def test_broadcast_failure() -> None:
    n = Sym.named("n")
    assert broadcast_failure((None, 20, 32), (20, 16)) == (-1, 32, 16)
    assert broadcast_failure((None, 10, 32), (None, 5, 16)) == (-2, 10, 5)  # the first, as Keras
    assert broadcast_failure((None, 10, 32), (None, 32)) is None  # batch aligned with time: builds
    assert broadcast_failure((None, 10, 32), (None, 1, 1)) is None
    assert broadcast_failure((None, n, 32), (None, 7, 32)) is None
    assert broadcast_failure((4, 3), (8, 3)) == (-2, 4, 8)
    assert broadcast_failure((), (8, 3)) is None


def test_an_augmented_assignment_is_named_as_written() -> None:
    (diag,) = findings(HEAD3 + "a *= b\n")
    assert diag.message == "`*=` cannot broadcast (None, 10, 32) and (None, 10, 64): axis -1 is 32 vs 64"
