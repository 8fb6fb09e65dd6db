"""``Lambda`` followed on the tensor's shape, tensor slicing, and the tensor functions of
``keras.ops`` / ``keras.backend`` / TensorFlow (issue 10, item 3), without TensorFlow.

Every expected shape here was measured in real Keras: ``tests/test_lambda_keras.py`` builds
the same expressions in Keras 3 and tf_keras and compares them with lstmlint's."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from frontend_keras import errors, inferred, interpret

from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.interp.overlays.keras_ops import broadcast, op_shape
from lstmlint.interp.values import FunctionValue
from lstmlint.layers.spec import spec_for, traits_of
from lstmlint.shapes import UNKNOWN, Shape, Sym
from lstmlint.source.keras_target import KerasVersion, Target

HEAD = """
import keras
from keras import layers, ops
import tensorflow as tf
x = keras.Input((10, 8))
v = keras.Input((8,))
def last_steps(t, k=2):
    return t[:, -k:, :]
"""

HEAD2 = """
import tf_keras as keras
from tf_keras import layers
from tf_keras import backend as K
import tensorflow as tf
x = keras.Input((10, 8))
v = keras.Input((8,))
"""

# (expression, the shape Keras 3 gives)
KERAS3 = [
    ("layers.Lambda(lambda t: t[:, -1, :])(x)", "(None, 8)"),
    ("layers.Lambda(lambda t: t[:, -1])(x)", "(None, 8)"),
    ("layers.Lambda(lambda t: t[..., 0])(x)", "(None, 10)"),
    ("layers.Lambda(lambda t: t[:, 1:5])(x)", "(None, 4, 8)"),
    ("layers.Lambda(lambda t: t[:, ::2])(x)", "(None, 5, 8)"),
    ("layers.Lambda(lambda t: t[:, None])(x)", "(None, 1, 10, 8)"),
    ("layers.Lambda(lambda t: t[:, tf.newaxis])(x)", "(None, 1, 10, 8)"),
    ("layers.Lambda(lambda t: t[:, -3:, :4])(x)", "(None, 3, 4)"),
    ("layers.Lambda(lambda t: t[:, 5:20])(x)", "(None, 5, 8)"),
    ("layers.Lambda(lambda t: t[:, ::-1])(x)", "(None, 10, 8)"),
    ("layers.Lambda(last_steps)(x)", "(None, 2, 8)"),
    ("layers.Lambda(last_steps, arguments={'k': 4})(x)", "(None, 4, 8)"),
    ("layers.Lambda(lambda t, k: t[:, :k], arguments={'k': 3})(x)", "(None, 3, 8)"),
    ("layers.Lambda(lambda t: t[:, -1], output_shape=(3,))(x)", "(None, 3)"),
    ("layers.Lambda(lambda t: t, output_shape=lambda s: (s[0], 5))(x)", "(None, 5)"),
    ("layers.Lambda(lambda t: t, output_shape=(None, 8))(x)", "(None, None, 8)"),
    ("layers.Lambda(lambda ts: ts[0], output_shape=(7,))([x, v])", "(None, 7)"),
    ("layers.Lambda(lambda t: [t, t], output_shape=[(2,), (3,)])(x)", "['(None, 2)', '(None, 3)']"),
    ("layers.Lambda(lambda ts: ts[0] - ts[1])([x, x])", "(None, 10, 8)"),
    ("layers.Lambda(lambda ts: ops.concatenate(ts, axis=-1))([x, x])", "(None, 10, 16)"),
    ("layers.Lambda(lambda t: tf.reduce_mean(t, axis=1))(x)", "(None, 8)"),
    ("layers.Lambda(lambda t: tf.expand_dims(t, -1))(x)", "(None, 10, 8, 1)"),
    ("layers.Lambda(lambda t: ops.sqrt(ops.sum(ops.square(t), 2)))(x)", "(None, 10)"),
    ("layers.Lambda(lambda t: tf.nn.softmax(t, axis=1))(x)", "(None, 10, 8)"),
    ("layers.Lambda(lambda t: tf.reshape(t, (-1, 5, 16)))(x)", "(None, 5, 16)"),
    ("layers.Lambda(lambda t: tf.transpose(t, (0, 2, 1)))(x)", "(None, 8, 10)"),
    ("layers.Lambda(lambda t: tf.matmul(t, t, transpose_b=True))(x)", "(None, 10, 10)"),
    ("layers.Lambda(lambda t: tf.tile(t, (1, 2, 3)))(x)", "(None, 20, 24)"),
    ("layers.Lambda(lambda t: tf.squeeze(t[:, :1], axis=1))(x)", "(None, 8)"),
    ("layers.Lambda(lambda t: tf.stack([t, t], axis=1))(x)", "(None, 2, 10, 8)"),
    ("layers.Lambda(lambda t: tf.concat([t, t[:, :2]], axis=1))(x)", "(None, 12, 8)"),
    ("layers.Lambda(lambda t: tf.split(t, 2, axis=-1))(x)", "['(None, 10, 4)', '(None, 10, 4)']"),
    ("layers.Lambda(lambda t: tf.reduce_max(t, axis=[1, 2], keepdims=True))(x)", "(None, 1, 1)"),
    ("layers.Lambda(lambda t: t * 2.0 + 1.0)(x)", "(None, 10, 8)"),
    ("ops.mean(x, axis=1, keepdims=True)", "(None, 1, 8)"),
    ("ops.sum(x)", "()"),
    ("ops.expand_dims(v, 1)", "(None, 1, 8)"),
    ("ops.squeeze(ops.expand_dims(v, 1), axis=1)", "(None, 8)"),
    ("ops.concatenate([x, x])", "(None, 10, 8)"),
    ("ops.stack([x, x], axis=1)", "(None, 2, 10, 8)"),
    ("ops.reshape(x, (-1, 80))", "(None, 80)"),
    ("ops.reshape(x, (-1, 7))", "(None, 7)"),  # the batch axis absorbs it: Keras builds
    ("ops.transpose(x)", "(8, 10, None)"),
    ("ops.matmul(x, ops.transpose(x, (0, 2, 1)))", "(None, 10, 10)"),
    ("ops.repeat(x, 3, axis=1)", "(None, 30, 8)"),
    ("ops.tile(x, (1, 2, 1))", "(None, 20, 8)"),
    ("ops.split(x, 2, axis=-1)", "['(None, 10, 4)', '(None, 10, 4)']"),
    ("x + v", "(None, 10, 8)"),
    ("x - ops.mean(x, axis=1, keepdims=True)", "(None, 10, 8)"),
    ("x[:, :1] + x", "(None, 10, 8)"),
    ("2 * x", "(None, 10, 8)"),
    ("x[:, -1] + v", "(None, 8)"),
    ("layers.Lambda(lambda t: -t)(x)", "(None, 10, 8)"),
]

# (expression, the shape tf_keras gives)
KERAS2 = [
    ("layers.Lambda(lambda t: K.mean(t, axis=1))(x)", "(None, 8)"),
    ("layers.Lambda(lambda t: K.sqrt(K.sum(K.square(t), 2)))(x)", "(None, 10)"),
    ("layers.Lambda(lambda t: t[:, -1], output_shape=(3,))(x)", "(None, 8)"),
    ("K.max(x, axis=1, keepdims=True)", "(None, 1, 8)"),
    ("K.expand_dims(x)", "(None, 10, 8, 1)"),
    ("K.concatenate([x, x])", "(None, 10, 16)"),
    ("K.stack([x, x])", "(2, None, 10, 8)"),
    ("K.reshape(x, (-1, 80))", "(None, 80)"),
    ("K.permute_dimensions(x, (0, 2, 1))", "(None, 8, 10)"),
    ("K.batch_dot(x, x, axes=(2, 2))", "(None, 10, 10)"),
    ("K.batch_dot(v, v, axes=1)", "(None, 1)"),
    ("K.dot(x, keras.Input((8, 4)))", "(None, 10, None, 4)"),
    ("K.repeat(v, 3)", "(None, 3, 8)"),
    ("K.repeat_elements(x, 3, axis=1)", "(None, 30, 8)"),
    ("K.tile(x, (1, 2, 3))", "(None, 20, 24)"),
    ("K.argmax(x)", "(None, 10)"),
    ("K.reverse(x, 1)", "(None, 10, 8)"),
    ("K.ctc_batch_cost(keras.Input((5,)), x, keras.Input((1,)), keras.Input((1,)))", "(None, 1)"),
    ("tf.concat([x, x], axis=-1)", "(None, 10, 16)"),
    ("tf.split(x, 2, axis=-1)", "['(None, 10, 4)', '(None, 10, 4)']"),
]


def _interpret2(code: str) -> Interpreter:
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)), Target(KerasVersion.KERAS2, "test"))
    interp.run()
    return interp


@pytest.mark.parametrize("expr, shape", KERAS3)
def test_keras3_shapes(expr: str, shape: str) -> None:
    assert inferred(interpret(HEAD + f"out = {expr}\n"), "out") == shape


@pytest.mark.parametrize("expr, shape", KERAS2)
def test_keras2_shapes(expr: str, shape: str) -> None:
    assert inferred(_interpret2(HEAD2 + f"out = {expr}\n"), "out") == shape


def test_lambda_is_its_own_spec_with_a_function_trait() -> None:
    spec = spec_for("Lambda")
    assert spec is not None and spec.infer is not None
    assert traits_of("Lambda").calls == "function"
    assert traits_of("LSTM").calls is None
    assert not spec.may_rebuild()  # user code is never rebuilt by --confirm


def test_a_lambda_expression_is_a_function_of_the_program() -> None:
    interp = interpret("f = lambda a, b=2: a * b\nn = f(3)\nm = f(3, b=5)\n")
    assert isinstance(interp.globals["f"], FunctionValue)
    assert interp.globals["n"] == 6 and interp.globals["m"] == 15


def test_last_step_lambda_into_lstm_is_an_error_where_keras_raises() -> None:
    code = HEAD + "h = layers.Lambda(lambda t: t[:, -1, :])(x)\nout = layers.LSTM(4)(h)\n"
    assert errors(code) == [(10, "LST101")]


def test_an_operator_that_cannot_broadcast_is_lst110_and_leaves_the_shape_unknown() -> None:
    # (None, 10, 8) + (None, 3): Keras 3 raises when the graph is built (tests/operator_cases.py)
    code = HEAD + "out = x + keras.Input((3,))\nres = layers.LSTM(4)(out)\n"
    out = interpret(code).globals["out"]
    assert not isinstance(out, Tensor) or out.shape.dims is None
    assert errors(code) == [(9, "LST110")]


@pytest.mark.parametrize(
    "expr",
    [
        "x[:, 20]",  # out of range: Keras raises, no rule: unknown
        "ops.concatenate([x, keras.Input((3, 7))], axis=1)",  # mismatched: Keras raises, unknown
        "ops.matmul(x, keras.Input((7, 4)))",  # inner sizes differ: unknown
        "layers.Lambda(lambda t: undefined_helper(t))(x)",  # a body the analysis cannot follow
        "layers.Lambda(lambda t, k: t[:, :k], arguments=settings)(x)",
        "ops.squeeze(x, axis=1)",  # squeezing a 10: Keras raises, unknown
        "layers.Lambda(lambda t: tf.shape(t))(x)",  # (top-level `tf.shape(x)` is LST407 under Keras 3)
        "layers.Lambda(lambda t: t, output_shape=[5])(x)",  # Keras 3 adds the batch to a tuple only: raises
    ],
)
def test_what_keras_refuses_or_the_analysis_cannot_follow_is_unknown_never_an_error(expr: str) -> None:
    code = HEAD + f"out = {expr}\nres = layers.LSTM(4)(out)\n"
    interp = interpret(code)
    out = interp.globals["out"]
    assert not isinstance(out, Tensor) or out.shape.dims is None
    assert errors(code) == []


def test_output_shape_keeps_the_model_followed_when_the_function_is_not() -> None:
    code = HEAD + "h = layers.Lambda(lambda t: helper(t), output_shape=(10, 4))(x)\nout = layers.GRU(3)(h)\n"
    assert inferred(interpret(code), "h") == "(None, 10, 4)"
    # Keras 2 runs the function; the written shape is the fallback when it cannot be followed
    code2 = HEAD2 + "h = layers.Lambda(lambda t: helper(t), output_shape=(10, 4))(x)\n"
    assert inferred(_interpret2(code2), "h") == "(None, 10, 4)"


def test_symbolic_sizes_stay_symbolic() -> None:
    code = """
import keras
from keras import layers, ops
def build(steps, feats):
    x = keras.Input((steps, feats))
    global a, b, c
    a = layers.Lambda(lambda t: t[:, -1])(x)
    b = ops.concatenate([x, x], axis=-1)
    c = x[:, 1:3]
build(n_steps, n_feats)
"""
    interp = interpret(code)
    assert inferred(interp, "a") == "(None, n_feats)"
    assert inferred(interp, "b") == "(None, n_steps, n_feats + n_feats)"
    assert inferred(interp, "c") == "(None, ?, n_feats)"


def test_broadcasting_as_keras_3_computes_it() -> None:
    n = Sym.named("n")
    assert broadcast((None, 10, 8), (8,)) == (None, 10, 8)
    assert broadcast((None, 1, 8), (None, 7, 8)) == (None, 7, 8)
    assert broadcast((None, None, 5), (None, 7, 5)) == (None, 7, 5)
    assert broadcast((None, 10, 8), (None, 3)) is None
    assert broadcast((None, n), (None, n)) == (None, n)
    assert broadcast((None, n), (None, 4)) == (None, UNKNOWN)


def test_op_defaults_differ_by_library() -> None:
    x = Tensor(Shape((None, 10, 8)))
    assert op_shape("concatenate", [[x, x]], {}, "backend") == Shape((None, 10, 16))
    assert op_shape("concatenate", [[x, x]], {}, "ops") == Shape((None, 10, 8))
    assert op_shape("concat", [[x, x]], {}, "tf") is None  # tf.concat needs its axis
    assert op_shape("expand_dims", [x], {}, "backend") == Shape((None, 10, 8, 1))
    assert op_shape("expand_dims", [x], {}, "ops") is None
