"""LST406 (a `keras.backend` function Keras 3 removed) and LST407 (a TensorFlow function on a
Keras symbolic tensor), and their fixes. Measured in keras 3.15.1 / TensorFlow 2.21 / tf_keras
2.21: ``K.mean`` raises AttributeError under Keras 3 (anywhere, a Lambda too); ``tf.concat``
and friends raise ValueError on a KerasTensor outside traced code, and run inside a Lambda or a
layer's ``call``; tf_keras runs all of it. ``tests/rules/test_keras3_ops_keras.py`` builds the
same programs in both Keras.
"""

from __future__ import annotations

import textwrap

import pytest

from lstmlint.api import lint_source
from lstmlint.fix import fix_source
from lstmlint.settings import Options


def _found(source: str, version: str = "3") -> list[tuple[int, str]]:
    result = lint_source(textwrap.dedent(source), "m.py", Options(keras_version=version))
    return [(d.span.line, str(d.code)) for d in result.diagnostics]


BACKEND_STYLES = {
    "from_keras_import_backend": "from keras import backend as K\nm = K.mean(x, axis=1)\n",
    "import_keras_backend_as": "import keras.backend as K\nm = K.mean(x, axis=1)\n",
    "keras_dot_backend": "m = keras.backend.mean(x, axis=1)\n",
    "from_keras_backend_import": "from keras.backend import mean\nm = mean(x, axis=1)\n",
}


@pytest.mark.parametrize("style", sorted(BACKEND_STYLES))
def test_removed_backend_function_every_import_style(style: str) -> None:
    source = "import keras\nx = keras.Input(shape=(3, 4))\n" + BACKEND_STYLES[style]
    found = _found(source)
    assert (len(source.splitlines()), "LST406") in found
    assert _found(source, "2") == []


def test_backend_functions_keras3_keeps_are_silent() -> None:
    source = """
    import keras
    from keras import backend as K
    eps = K.epsilon()
    K.clear_session()
    fmt = K.image_data_format()
    """
    assert _found(source) == []


def test_tf_keras_backend_only_its_removed_functions() -> None:
    # tf.keras.backend on TF 2.21 is Keras 3's legacy backend: it has mean, lacks set_learning_phase
    source = """
    import tensorflow as tf
    tf.keras.backend.set_learning_phase(0)
    tf.keras.backend.clear_session()
    eps = tf.keras.backend.epsilon()
    """
    assert _found(source) == [(3, "LST406")]


def test_tf_keras_package_backend_is_keras2() -> None:
    source = """
    # lstmlint: keras-version = 3
    import tf_keras
    from tf_keras import backend as K
    x = tf_keras.Input(shape=(3, 4))
    m = K.mean(x, axis=1)
    """
    assert [c for _, c in _found(source)] == ["LST405", "LST405"]


def test_backend_inside_lambda_is_reported() -> None:
    source = """
    import keras
    from keras import backend as K
    x = keras.Input(shape=(3, 4))
    y = keras.layers.Lambda(lambda t: K.sum(t, axis=1))(x)
    """
    assert _found(source) == [(5, "LST406")]


TF_CALLS = [
    "tf.concat([x, x], axis=1)",
    "tf.reduce_mean(x, 1)",
    "tf.expand_dims(x, 1)",
    "tf.shape(x)",
    "tf.nn.relu(x)",
    "tf.math.square(x)",
    "tf.reshape(x, (-1, 12))",
]


@pytest.mark.parametrize("call", TF_CALLS)
def test_tf_function_on_keras_tensor(call: str) -> None:
    source = f"import keras\nimport tensorflow as tf\nx = keras.Input(shape=(3, 4))\ny = {call}\n"
    assert _found(source) == [(4, "LST407")]
    assert _found(source, "2") == []


@pytest.mark.parametrize("call", ["tf.is_tensor(x)", "tf.nest.flatten([x])", "x + tf.constant(1.0)", "tf.print(x)"])
def test_tf_functions_keras3_accepts_are_silent(call: str) -> None:
    source = f"import keras\nimport tensorflow as tf\nx = keras.Input(shape=(3, 4))\ny = {call}\n"
    assert _found(source) == []


def test_tf_function_inside_lambda_and_call_is_silent() -> None:
    source = """
    import keras
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
    """
    assert _found(source) == []


def test_tf_function_on_data_is_silent() -> None:
    source = """
    import numpy as np
    import tensorflow as tf
    import keras
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
    data = tf.constant(np.zeros((8, 4)))
    m = tf.reduce_mean(data, axis=0)
    out = tf.reduce_mean(model(np.zeros((8, 4))), axis=1)
    """
    assert _found(source) == []


def test_tf_function_in_a_plain_function_is_reported() -> None:
    source = """
    import keras
    import tensorflow as tf

    def head(t):
        return tf.reduce_max(t, axis=1)

    x = keras.Input(shape=(3, 4))
    y = head(x)
    """
    assert _found(source) == [(6, "LST407")]


FIXES = [
    (
        "from keras import backend as K\nimport keras\nx = keras.Input((3, 4))\ny = K.mean(x, axis=1)\n",
        "from keras import backend as K\nimport keras\nx = keras.Input((3, 4))\ny = keras.ops.mean(x, axis=1)\n",
    ),
    (
        "from keras import backend as K\nfrom keras import layers\nx = layers.Input((3, 4))\n"
        "y = layers.Lambda(lambda t: K.concatenate([t, t]))(x)\n",
        "import keras\nfrom keras import backend as K\nfrom keras import layers\nx = layers.Input((3, 4))\n"
        "y = layers.Lambda(lambda t: keras.ops.concatenate([t, t], axis=-1))(x)\n",
    ),
    (
        "import keras\nimport tensorflow as tf\nx = keras.Input((3, 4))\ny = tf.concat([x, x], axis=1)\n",
        "import keras\nimport tensorflow as tf\nx = keras.Input((3, 4))\ny = keras.ops.concatenate([x, x], axis=1)\n",
    ),
    (
        "import keras\nimport tensorflow as tf\nx = keras.Input((3, 4))\ny = tf.reduce_sum(x, 1, keepdims=True)\n",
        "import keras\nimport tensorflow as tf\nx = keras.Input((3, 4))\ny = keras.ops.sum(x, 1, keepdims=True)\n",
    ),
]


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    out = fix_source(before, "m.py", Options(keras_version="3"))
    assert out.fixed == after
    assert _found(out.fixed) == []


@pytest.mark.parametrize(
    "call",
    ["K.dot(x, x)", "K.int_shape(x)", "K.mean(x, axis=1, name='m')", "K.sqrt(x)"],
)
def test_no_fix_where_no_exact_twin(call: str) -> None:
    source = f"import keras\nfrom keras import backend as K\nx = keras.Input((3, 4))\ny = {call}\n"
    out = fix_source(source, "m.py", Options(keras_version="3"))
    assert out.fixed == source
    assert (4, "LST406") in _found(source)


def test_results_of_functions_of_symbolic_tensors_are_symbolic() -> None:
    # each call raises in Keras 3 once the one before it is fixed (keras.ops/operators give KerasTensors)
    source = """
    import keras
    import tensorflow as tf
    x = keras.Input(shape=(3, 4))
    y = tf.expand_dims(tf.nn.relu(x), 1)
    z = tf.reduce_sum(keras.ops.mean(x, axis=1) * 2.0, 1)
    """
    assert _found(source) == [(5, "LST407"), (5, "LST407"), (6, "LST407")]


def test_keras_internal_backend_is_not_the_public_one() -> None:
    # keras/src/applications/nasnet.py: `from keras.src import backend; backend.name_scope(...)`
    source = """
    from keras.src import backend
    from keras.src import layers
    with backend.name_scope("cell"):
        x = layers.Input(shape=(3,))
    """
    assert _found(source) == []


def test_tf_keras_backend_on_a_symbolic_tensor() -> None:
    # TF 2.21's tf.keras.backend has `mean`, but on a KerasTensor it raises (AttributeError for
    # `mean`, the KerasTensor ValueError for the others); `int_shape` works; a Lambda is fine
    source = """
    import tensorflow as tf
    from tensorflow.keras import backend as K
    x = tf.keras.Input((3, 4))
    n = K.int_shape(x)
    a = K.mean(x, axis=1)
    b = K.concatenate([x, x])
    c = tf.keras.layers.Lambda(lambda t: K.sum(t, axis=1))(x)
    """
    assert _found(source) == [(6, "LST407"), (7, "LST407")]
    assert _found(source, "2") == []
    out = fix_source(textwrap.dedent(source), "m.py", Options(keras_version="3"))
    assert "a = keras.ops.mean(x, axis=1)" in out.fixed
    assert "b = keras.ops.concatenate([x, x], axis=-1)" in out.fixed
    assert out.fixed.startswith("\nimport keras\nimport tensorflow as tf\n")
