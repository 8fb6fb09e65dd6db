"""Keras tier for LST406/LST407: the programs run in real Keras 3 (``keras``) and Keras 2
(``tf_keras``). Each bad program raises the measured error in Keras 3 on the reported line and
builds in tf_keras; the fixed programs build in Keras 3 with the output shape tf_keras gives the
original (each program asserts that shape itself)."""

from __future__ import annotations

import pytest
from test_keras3_ops import _found

from lstmlint.fix import fix_source
from lstmlint.settings import Options

pytestmark = pytest.mark.keras
pytest.importorskip("keras")
pytest.importorskip("tf_keras")

# (program, its reported line, the Keras 3 error, the output shape both Keras must give)
BACKEND_LAMBDA = """\
import keras
from keras import backend as K
from keras import layers
x = keras.Input(shape=(3, 4))
y = layers.Lambda(lambda t: K.concatenate([t, K.square(t)]))(x)
z = layers.Lambda(lambda t: K.mean(t, axis=1, keepdims=True))(y)
assert tuple(y.shape) == (None, 3, 8), y.shape
assert tuple(z.shape) == (None, 1, 8), z.shape
"""
BACKEND_TOP = """\
import keras
from keras import backend as K
x = keras.Input(shape=(3, 4))
y = K.expand_dims(x)
assert tuple(y.shape) == (None, 3, 4, 1), y.shape
"""
TF_CONCAT = """\
import keras
import tensorflow as tf
x = keras.Input(shape=(3, 4))
y = tf.concat([x, x], axis=1)
z = tf.reduce_sum(y, 2, keepdims=True)
assert tuple(y.shape) == (None, 6, 4), y.shape
assert tuple(z.shape) == (None, 6, 1), z.shape
"""
TF_NO_KERAS_IMPORT = """\
import tensorflow as tf
from keras import layers
x = layers.Input(shape=(3, 4))
y = tf.expand_dims(tf.nn.relu(x), 1)
assert tuple(y.shape) == (None, 1, 3, 4), y.shape
"""
TF_KERAS_BACKEND = """\
import tensorflow as tf
from tensorflow.keras import backend as K
x = tf.keras.Input(shape=(3, 4))
n = K.int_shape(x)[-1]
y = K.concatenate([x, x])
assert tuple(y.shape) == (None, 3, 8), y.shape
"""
BAD = [
    # (with its default axis=-1 the legacy backend asks the KerasTensor's shape for a `.rank`)
    (TF_KERAS_BACKEND, 5, "AttributeError", "'tuple' object has no attribute 'rank'"),
    # Keras 3's Lambda turns the AttributeError into this while tracing the function
    (BACKEND_LAMBDA, 5, "NotImplementedError", "could not automatically infer the shape of the Lambda's output"),
    (BACKEND_TOP, 4, "AttributeError", "module 'keras.backend' has no attribute 'expand_dims'"),
    (TF_CONCAT, 4, "ValueError", "A KerasTensor cannot be used as input to a TensorFlow function"),
    (TF_NO_KERAS_IMPORT, 4, "ValueError", "A KerasTensor cannot be used as input to a TensorFlow function"),
]


def _keras2(source: str) -> str:
    return (
        source.replace("import keras\n", "import tf_keras as keras\n")
        .replace("from keras import", "from tf_keras import")
        .replace("from tensorflow.keras import", "from tf_keras import")
        .replace("tf.keras.", "tf_keras.")
        .replace("import tensorflow as tf\n", "import tensorflow as tf\nimport tf_keras\n")
    )


@pytest.mark.parametrize(("source", "line", "error", "text"), BAD)
def test_keras3_raises_where_reported(source: str, line: int, error: str, text: str) -> None:
    from program_runs import run_program

    assert _found(source)[0][0] == line
    run = run_program(source, f"/tmp/lstmlint_k3ops_bad_{line}_{len(source)}.py")
    assert run.error_type == error, (run.error_type, run.error_text)
    assert text in run.error_text or text in repr(run.error_text), run.error_text
    assert run.lines and run.lines[-1] == line, run.lines


@pytest.mark.parametrize(("source", "line", "error", "text"), BAD)
def test_tf_keras_builds_them(source: str, line: int, error: str, text: str) -> None:
    from program_runs import run_program

    program = _keras2(source)
    assert _found(program, "2") == []
    run = run_program(program, f"/tmp/lstmlint_k3ops_k2_{line}_{len(source)}.py")
    assert run.error_type is None, (run.error_type, run.error_text)


@pytest.mark.parametrize(("source", "line", "error", "text"), BAD)
def test_fixed_programs_build_in_keras3_with_the_same_shapes(source: str, line: int, error: str, text: str) -> None:
    from program_runs import run_program

    out = fix_source(source, "m.py", Options(keras_version="3"))
    assert out.fixed != source
    assert _found(out.fixed) == []
    run = run_program(out.fixed, f"/tmp/lstmlint_k3ops_fixed_{line}_{len(source)}.py")
    assert run.error_type is None, (out.fixed, run.error_type, run.error_text)


SILENT = """\
import keras
import numpy as np
import tensorflow as tf

class Pool(keras.layers.Layer):
    def call(self, t):
        return tf.reduce_mean(tf.concat([t, t], axis=1), 1)

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = keras.layers.Dense(2)

    def call(self, t):
        return self.d(tf.reduce_mean(t, 1))

x = keras.Input(shape=(3, 4))
a = keras.layers.Lambda(lambda t: tf.reduce_mean(t, 1))(x)
b = Pool()(x)
c = Net()(x)
d = tf.is_tensor(x)
e = x + tf.constant(1.0)
f = tf.nest.flatten([x, a])
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
g = tf.reduce_mean(model(np.zeros((8, 4), "float32")), axis=1)
assert tuple(a.shape) == (None, 4) and tuple(b.shape) == (None, 4) and tuple(c.shape) == (None, 2)
"""


def test_what_keras3_accepts_is_silent() -> None:
    from program_runs import run_program

    assert _found(SILENT) == []
    run = run_program(SILENT, "/tmp/lstmlint_k3ops_silent.py")
    assert run.error_type is None, (run.error_type, run.error_text)
