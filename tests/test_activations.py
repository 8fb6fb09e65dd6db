"""Activation functions applied to Keras tensors as functions (``keras.activations.relu(t)``,
``keras.ops.*``, ``K.*``, ``tf.nn.*``/``tf.math.*``), without TensorFlow: lstmlint's shape is the
one measured in Keras (``tests/activation_cases.py``; ``tests/test_activations_keras.py`` rebuilds
them), and a call Keras refuses stays unknown (never a finding)."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from activation_cases import HEAD2, HEAD3, KERAS2, KERAS2_REFUSED, KERAS3, KERAS3_REFUSED, program
from frontend_keras import inferred

from lstmlint.api import lint_source
from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.report.coverage import lost_reasons
from lstmlint.source.keras_target import KerasVersion, Target


def _run(code: str, keras: KerasVersion) -> Interpreter:
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)), Target(keras, "test"))
    interp.run()
    return interp


@pytest.mark.parametrize(("expr", "shape"), KERAS3)
def test_keras3_activation_shapes(expr: str, shape: str) -> None:
    assert inferred(_run(program(HEAD3, expr), KerasVersion.KERAS3), "out") == shape


@pytest.mark.parametrize(("expr", "shape"), KERAS2)
def test_keras2_activation_shapes(expr: str, shape: str) -> None:
    assert inferred(_run(program(HEAD2, expr), KerasVersion.KERAS2), "out") == shape


@pytest.mark.parametrize(
    ("expr", "keras"),
    [(e, KerasVersion.KERAS3) for e in KERAS3_REFUSED] + [(e, KerasVersion.KERAS2) for e in KERAS2_REFUSED],
)
def test_calls_keras_refuses_stay_unknown(expr: str, keras: KerasVersion) -> None:
    head = HEAD3 if keras is KerasVersion.KERAS3 else HEAD2
    interp = _run(program(head, expr), keras)
    out = interp.globals["out"]
    assert isinstance(out, Tensor) and out.shape.dims is None
    assert interp.result.findings == []


def test_activation_of_a_2d_tensor_into_an_lstm_is_refused() -> None:
    """The d2l pattern followed to the next layer: ``relu`` keeps the rank, so an LSTM after it
    sees a 2-D input (LST101), as Keras says."""
    code = textwrap.dedent(
        """
        import tensorflow as tf
        inp = tf.keras.Input(shape=(8,))
        h = tf.keras.layers.Dense(4)(inp)
        h = tf.keras.activations.relu(h)
        out = tf.keras.layers.LSTM(2)(h)
        """
    )
    result = lint_source(code, "model.py")
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("LST101", 6)]


def test_the_d2l_reproducer_is_followed_to_the_end() -> None:
    code = textwrap.dedent(
        """
        import tensorflow as tf
        inp = tf.keras.Input(shape=(8, 8, 3))
        y = tf.keras.layers.Conv2D(4, 3)(inp)
        y = tf.keras.activations.relu(y)
        y = tf.keras.layers.Flatten()(y)
        out = tf.keras.layers.Dense(2)(y)
        model = tf.keras.Model(inp, out)
        """
    )
    for keras in (KerasVersion.KERAS3, KerasVersion.KERAS2):
        interp = _run(code, keras)
        assert inferred(interp, "y") == "(None, 144)"
        assert inferred(interp, "model") == "(None, 2)"


def test_an_activation_of_an_unknown_tensor_keeps_the_input_reason() -> None:
    """The call is understood: the output is unknown for the reason its input is, not "call to
    `tf.keras.activations.relu` is not followed"."""
    code = textwrap.dedent(
        """
        import tensorflow as tf
        from somewhere import mystery
        inp = tf.keras.Input(shape=(8,))
        h = mystery(inp)
        h = tf.keras.activations.relu(h)
        model = tf.keras.Model(inp, h)
        """
    )
    interp = _run(code, KerasVersion.KERAS2)
    reasons = [why for model in interp.result.models for _node, why in lost_reasons(model)]
    assert reasons and all("relu" not in why for why in reasons), reasons
