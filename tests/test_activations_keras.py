"""The table of ``tests/activation_cases.py`` built in real Keras 3 and tf_keras: each activation
function applied to a Keras tensor gives the table's shape (and lstmlint's), and each call the
table says Keras refuses raises there."""

from __future__ import annotations

import textwrap

import pytest
from activation_cases import HEAD2, HEAD3, KERAS2, KERAS2_REFUSED, KERAS3, KERAS3_REFUSED, program
from frontend_keras import agree_on_error, compare, keras_run, keras_shape


@pytest.mark.parametrize(("expr", "shape"), KERAS3)
def test_keras3_gives_the_table_shape(expr: str, shape: str) -> None:
    _interp, run = compare(program(HEAD3, expr), ["out"])
    assert keras_shape(run, "out") == shape


@pytest.mark.parametrize(("expr", "shape"), KERAS2)
def test_tf_keras_gives_the_table_shape(expr: str, shape: str) -> None:
    run = keras_run(program(HEAD2, expr))
    assert not run.raised, repr(run.error)
    assert keras_shape(run, "out") == shape


@pytest.mark.parametrize("expr", KERAS3_REFUSED)
def test_keras3_refuses(expr: str) -> None:
    assert keras_run(program(HEAD3, expr)).raised


@pytest.mark.parametrize("expr", KERAS2_REFUSED)
def test_tf_keras_refuses(expr: str) -> None:
    assert keras_run(program(HEAD2, expr)).raised


def test_activation_of_a_2d_tensor_into_an_lstm_is_refused_where_keras_refuses() -> None:
    code = textwrap.dedent(
        """
        import keras
        inp = keras.Input(shape=(8,))
        h = keras.layers.Dense(4)(inp)
        h = keras.activations.relu(h)
        out = keras.layers.LSTM(2)(h)
        """
    )
    agree_on_error(code, "LST101")
