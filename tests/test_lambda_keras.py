"""``Lambda``, tensor slicing and the tensor functions of ``keras.ops`` / TensorFlow (issue 10,
item 3), built in real Keras 3: lstmlint's shape for each name must be the one Keras gives
(the snippets are ours). ``tests/test_lambda.py`` holds the same facts without TensorFlow."""

from __future__ import annotations

import libcst as cst
import pytest
from frontend_keras import agree_on_error, compare, inferred, keras_run, keras_shape
from tiers import needs_keras

from lstmlint.interp import Interpreter
from lstmlint.source.keras_target import KerasVersion, Target

HEAD = """
import keras
from keras import layers, ops
import tensorflow as tf
x = keras.Input((10, 8))
v = keras.Input((8,))
"""

# (the expression, as lstmlint and Keras 3 both see it)
CASES = [
    # Lambda: a lambda, a function of the file, arguments=, output_shape=, a list of inputs
    "layers.Lambda(lambda t: t[:, -1, :])(x)",
    "layers.Lambda(lambda t: t[:, -1])(x)",
    "layers.Lambda(lambda t: t[..., 0])(x)",
    "layers.Lambda(lambda t: t[:, 1:5])(x)",
    "layers.Lambda(lambda t: t[:, ::2])(x)",
    "layers.Lambda(lambda t: t[:, None])(x)",
    "layers.Lambda(lambda t: t[:, -3:, :4])(x)",
    "layers.Lambda(lambda t: t[:, 5:20])(x)",
    "layers.Lambda(lambda t: t[:, ::-1])(x)",
    "layers.Lambda(lambda t: t[:, tf.newaxis])(x)",
    "layers.Lambda(last_steps)(x)",
    "layers.Lambda(last_steps, arguments={'k': 4})(x)",
    "layers.Lambda(lambda t, k: t[:, :k], arguments={'k': 3})(x)",
    "layers.Lambda(lambda t: t[:, -1], output_shape=(3,))(x)",
    "layers.Lambda(lambda t: t, output_shape=lambda s: (s[0], 5))(x)",
    "layers.Lambda(lambda t: t, output_shape=(None, 8))(x)",
    "layers.Lambda(lambda ts: ts[0], output_shape=(7,))([x, v])",
    "layers.Lambda(lambda t: [t, t], output_shape=[(2,), (3,)])(x)",
    "layers.Lambda(lambda ts: ts[0] - ts[1])([x, x])",
    "layers.Lambda(lambda ts: ops.concatenate(ts, axis=-1))([x, x])",
    "layers.Lambda(lambda t: tf.reduce_mean(t, axis=1))(x)",
    "layers.Lambda(lambda t: tf.expand_dims(t, -1))(x)",
    "layers.Lambda(lambda t: ops.sqrt(ops.sum(ops.square(t), 2)))(x)",
    "layers.Lambda(lambda t: tf.nn.softmax(t, axis=1))(x)",
    "layers.Lambda(lambda t: tf.math.l2_normalize(t, axis=-1))(x)",
    "layers.Lambda(lambda t: tf.reshape(t, (-1, 5, 16)))(x)",
    "layers.Lambda(lambda t: tf.transpose(t, (0, 2, 1)))(x)",
    "layers.Lambda(lambda t: tf.matmul(t, t, transpose_b=True))(x)",
    "layers.Lambda(lambda t: tf.tile(t, (1, 2, 3)))(x)",
    "layers.Lambda(lambda t: tf.squeeze(t[:, :1], axis=1))(x)",
    "layers.Lambda(lambda t: tf.stack([t, t], axis=1))(x)",
    "layers.Lambda(lambda t: tf.concat([t, t[:, :2]], axis=1))(x)",
    "layers.Lambda(lambda t: tf.split(t, 2, axis=-1))(x)",
    "layers.Lambda(lambda t: tf.reduce_max(t, axis=[1, 2], keepdims=True))(x)",
    "layers.Lambda(lambda t: t * 2.0 + 1.0)(x)",
    # keras.ops on Keras tensors at the top level
    "ops.mean(x, axis=1)",
    "ops.mean(x, axis=1, keepdims=True)",
    "ops.sum(x)",
    "ops.max(x, axis=-1)",
    "ops.expand_dims(v, 1)",
    "ops.expand_dims(x, -1)",
    "ops.squeeze(ops.expand_dims(v, 1), axis=1)",
    "ops.concatenate([x, x])",
    "ops.concatenate([x, x], axis=-1)",
    "ops.stack([x, x], axis=1)",
    "ops.reshape(x, (-1, 80))",
    "ops.reshape(x, (-1, 5, 16))",
    "ops.reshape(x, (-1, 7))",
    "ops.transpose(x, (0, 2, 1))",
    "ops.transpose(x)",
    "ops.matmul(x, ops.transpose(x, (0, 2, 1)))",
    "ops.repeat(x, 3, axis=1)",
    "ops.tile(x, (1, 2, 1))",
    "ops.softmax(x)",
    "ops.abs(x)",
    "ops.split(x, 2, axis=-1)",
    # arithmetic between tensors (broadcasting)
    "x + v",
    "x * layers.Dense(8)(x)",
    "x - ops.mean(x, axis=1, keepdims=True)",
    "x[:, :1] + x",
    "2 * x",
    "x[:, -1] + v",
    "x[:, -1, :]",
    "x[:, 2:]",
    "layers.Lambda(lambda t: -t)(x)",
    "-x",
]


def _code(expr: str) -> str:
    return HEAD + "def last_steps(t, k=2):\n    return t[:, -k:, :]\n" + f"out = {expr}\n"


@pytest.mark.parametrize("expr", CASES)
def test_shape_as_keras_3_gives_it(expr: str) -> None:
    compare(_code(expr), ["out"])


def test_lambda_last_step_into_lstm_is_refused_as_keras_refuses_it() -> None:
    agree_on_error(HEAD + "h = layers.Lambda(lambda t: t[:, -1, :])(x)\nout = layers.LSTM(4)(h)\n", "LST101")


def test_lambda_keeping_the_sequence_into_lstm_builds() -> None:
    agree_on_error(HEAD + "h = layers.Lambda(lambda t: t[:, -3:, :])(x)\nout = layers.LSTM(4)(h)\n", None)


def test_ops_mean_then_expand_dims_into_lstm_builds() -> None:
    agree_on_error(HEAD + "h = ops.expand_dims(ops.mean(x, axis=2), -1)\nout = layers.LSTM(4)(h)\n", None)


# ------------------------------------------------------------------ Keras 2 (tf_keras)
HEAD2 = """
import tf_keras as keras
from tf_keras import layers
from tf_keras import backend as K
import tensorflow as tf
x = keras.Input((10, 8))
v = keras.Input((8,))
"""

CASES2 = [
    "layers.Lambda(lambda t: K.mean(t, axis=1))(x)",
    "layers.Lambda(lambda t: K.sqrt(K.sum(K.square(t), 2)))(x)",
    "layers.Lambda(lambda t: t[:, -1], output_shape=(3,))(x)",  # Keras 2 computes it from the function
    "layers.Lambda(lambda t: K.l2_normalize(t, axis=-1))(x)",
    "K.mean(x, axis=1)",
    "K.max(x, axis=1, keepdims=True)",
    "K.sum(x)",
    "K.expand_dims(x)",
    "K.squeeze(K.expand_dims(v, 1), 1)",
    "K.concatenate([x, x])",
    "K.concatenate([x, x], axis=1)",
    "K.stack([x, x])",
    "K.stack([x, x], axis=1)",
    "K.reshape(x, (-1, 80))",
    "K.permute_dimensions(x, (0, 2, 1))",
    "K.batch_dot(x, x, axes=(2, 2))",
    "K.batch_dot(v, v, axes=1)",
    "K.dot(x, keras.Input((8, 4)))",
    "K.repeat(v, 3)",
    "K.repeat_elements(x, 3, axis=1)",
    "K.tile(x, (1, 2, 3))",
    "K.softmax(x)",
    "K.exp(K.abs(x))",
    "K.argmax(x)",
    "K.reverse(x, 1)",
    "K.ctc_batch_cost(keras.Input((5,)), x, keras.Input((1,)), keras.Input((1,)))",
    "tf.concat([x, x], axis=-1)",
    "tf.reduce_mean(x, axis=1)",
    "tf.matmul(x, x, transpose_b=True)",
    "tf.split(x, 2, axis=-1)",
    "x + v",
    "x[:, -1]",
]


def _interpret2(code: str) -> Interpreter:
    interp = Interpreter(cst.parse_module(code), Target(KerasVersion.KERAS2, "test"))
    interp.run()
    return interp


@needs_keras
@pytest.mark.parametrize("expr", CASES2)
def test_shape_as_keras_2_gives_it(expr: str) -> None:
    code = HEAD2 + f"out = {expr}\n"
    run = keras_run(code)
    assert not run.raised, repr(run.error)
    assert inferred(_interpret2(code), "out") == keras_shape(run, "out")


@needs_keras
def test_keras2_int_shape_reads_the_shape() -> None:
    code = HEAD2 + "n = K.int_shape(x)[-1]\nout = layers.Dense(n)(x)\n"
    run = keras_run(code)
    assert not run.raised
    assert inferred(_interpret2(code), "out") == keras_shape(run, "out") == "(None, 10, 8)"
