"""Data made by a project's own helpers, and the tensors a custom layer draws (fast tier).

Reduced from tsgm's tests (``tsgm.utils.gen_sine_dataset``, ``TSFeatureWiseScaler``, the VAE's
``Sampling`` layer, ``DDPM.call``). Facts, measured in numpy 2.x and keras 3.15.1 (scratch
scripts; the corpus pairs ``tsgm8_helper_sine_data``, ``tsgm8_vae_random_sampling`` and
``tsgm8_call_hasattr_shape`` run in Keras by ``tests/test_corpus.py``):

* ``np.transpose(a, axes)`` raises unless ``axes`` permutes the axes of ``a``: the result has
  ``len(axes)`` axes even when ``a`` is not known;
* NumPy broadcasts arrays aligned on their last axes: ``(50, 32, 1) - (1,)`` is ``(50, 32, 1)``,
  ``(32,) * ()`` is ``(32,)``; ``(3, 4) + (5,)`` raises;
* ``np.array`` of a list of equally shaped arrays stacks them: ``(n,) + shape``;
* ``np.random.random()`` without a size is one number (a size not known, each draw its own); ``np.sin`` and the other element-wise
  functions keep the shape; ``np.repeat(a, k, axis=i)`` multiplies axis ``i`` by ``k``;
  ``np.tile((3,), (32, 1))`` is ``(32, 3)``;
* ``hasattr(x, "shape")`` is True for an array and for a Keras tensor;
* ``keras.random.normal(shape)`` (Keras 3) is a tensor of that shape: inside a layer's ``call``,
  ``keras.random.normal(shape=ops.shape(z))`` on ``z`` of ``(None, 4)`` is ``(None, 4)``.
"""

from __future__ import annotations

from interpreted import codes, interpret, lint_program, traced

from lstmlint.interp.overlays.numpy import broadcast, tiled
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.shapes import UNKNOWN, Sym


def dims(code: str, name: str) -> tuple[object, ...] | None:
    """The dims of the array ``name`` after ``code`` runs (None: not an array the analysis knows)."""
    value = interpret("import numpy as np\n" + code).globals[name]
    return tuple(value.dims) if isinstance(value, ArrayValue) else None


def test_transpose_of_unknown_data_has_the_permutation_rank() -> None:
    d = dims("x = np.transpose(np.array(load()), [0, 2, 1])", "x")
    assert d is not None and len(d) == 3 and all(isinstance(s, Sym) for s in d)
    assert dims("x = np.transpose(load(), (-1, 0))", "x") is not None
    # not a permutation: NumPy raises, nothing is claimed
    assert dims("x = np.transpose(load(), [0, 0, 1])", "x") is None
    assert dims("x = np.transpose(load(), [0, 3, 1])", "x") is None


def test_two_transposes_of_unknown_data_have_their_own_sizes() -> None:
    g = interpret("import numpy as np\na = np.transpose(f(), [1, 0])\nb = np.transpose(f(), [1, 0])").globals
    assert g["a"].dims[0] != g["b"].dims[0]


def test_broadcast_rules() -> None:
    assert broadcast((50, 32, 1), (1,)) == (50, 32, 1)
    assert broadcast((32,), ()) == (32,)
    assert broadcast((4, 1), (1, 5)) == (4, 5)
    assert broadcast((3, 4), (5,)) is None
    n = Sym.fresh("n")
    assert broadcast((n, 3), (3,)) == (n, 3)
    assert broadcast((n,), (4,)) == (4,)  # n is 1 or 4, else NumPy raises
    assert broadcast((n,), (Sym.fresh("m"),)) == (UNKNOWN,)


def test_array_arithmetic_broadcasts() -> None:
    code = "x = np.zeros((50, 32, 3))\nm = np.zeros(3)\ny = (x - m) / (m + 1e-18)\nz = np.zeros((3, 4)) + np.zeros(5)"
    assert dims(code, "y") == (50, 32, 3)
    assert dims(code, "z") is None  # NumPy raises


def test_stacked_list_of_arrays() -> None:
    code = "rows = []\nfor i in range(4):\n    rows.append([np.zeros(32)])\nx = np.array(rows)"
    assert dims(code, "x") == (4, 1, 32)
    assert dims("x = np.array([np.zeros(3), np.zeros(4)])", "x") is None  # ragged


def test_elementwise_repeat_tile_and_scalar_draws() -> None:
    code = """
a = np.random.random() * 10
ts = np.arange(0, 32, 1)
wave = (a * np.sin(4 * ts / 25.0 + a)).T
times = np.repeat(np.arange(0, 32, 1)[:, None], 3, axis=1) / 10
flat = np.repeat(np.zeros((2, 3)), 2)
consts = np.tile(np.random.random(3), (32, 1))
"""
    a = interpret("import numpy as np\n" + code).globals["a"]
    assert isinstance(a, Sym) and dims(code, "a") is None  # one number, not known
    assert dims(code, "wave") == (32,)
    assert dims(code, "times") == (32, 3)
    assert dims(code, "flat") == (12,)
    assert dims(code, "consts") == (32, 3)
    assert tiled((3,), (2, 2)) == (2, 6)


def test_helper_made_data_builds_the_subclassed_model() -> None:
    """tsgm's ``gen_sine_dataset`` and feature-wise scaler, then ``fit`` of a subclassed model:
    the model is built on (None, 24, 2) batches, so a reshape to (24, 1) is refused."""
    head = "import numpy as np\nimport keras\nfrom keras import layers\n"
    body = """
    def gen(n, seq_len, dim):
        result = []
        for _ in range(n):
            result.append([])
            a = np.random.random() * 10
            ts = np.arange(0, seq_len, 1)
            for d in range(1, dim + 1):
                result[-1].append((a * np.sin((d + 3) * ts / 25.0 + a)).T)
        return np.transpose(np.array(result), [0, 2, 1])

    class Scaler:
        def fit_transform(self, X):
            self.mins = np.zeros(X.shape[2])
            for i in range(X.shape[2]):
                self.mins[i] = np.min(X[:, :, i])
            return X - self.mins

    class M(keras.Model):
        def __init__(self):
            super().__init__()
            self.steps = layers.Reshape((24, 1))
        def call(self, x):
            return self.steps(x)

    X = Scaler().fit_transform(gen(16, 24, 2)).astype(np.float32)
    M().fit(X, X, epochs=1)
    """
    assert [d.code for d in lint_program(head, body).diagnostics] == ["LST106"]


def test_hasattr_shape_of_data_and_tensors() -> None:
    g = interpret(
        "import numpy as np\na = hasattr(np.zeros((2, 3)), 'shape')\nb = hasattr(np.zeros(2), 'units')"
    ).globals
    assert g["a"] is True
    assert g["b"] is not True  # not decided: NumPy arrays have no such attribute, not claimed either
    body = """
    import keras
    class M(keras.Model):
        def __init__(self):
            super().__init__()
            self.rnn = keras.layers.LSTM(4)
        def call(self, x):
            if hasattr(x, "shape"):
                return self.rnn(x)
            return self.generate(x)
        def generate(self, n):
            return keras.random.normal((n, 4))
    M().predict(np.zeros((8, 12)))
    """
    assert codes("import numpy as np\n" + body.replace("\n    ", "\n")) == ["LST101"]


def test_keras_random_draws_a_tensor_of_the_asked_shape() -> None:
    assert str(traced((4,), "keras.random.normal(shape=keras.ops.shape(x))").shape) == "(None, 4)"
    assert str(traced((4,), "x + keras.ops.exp(0.5 * x) * keras.random.normal(keras.ops.shape(x))").shape) == (
        "(None, 4)"
    )
    assert str(traced((4,), "keras.random.uniform((2, 3))").shape) == "(2, 3)"
    assert str(traced((4,), "keras.random.truncated_normal(shape=(5,))").shape) == "(5,)"


def test_keras_random_is_keras_3_only() -> None:
    out = traced((4,), "keras.random.normal(shape=(2, 3))", keras="2")
    assert out.shape.dims is None  # tf_keras has no ``keras.random``: not followed


def test_weight_counts_joined_over_an_if_are_unknown_not_a_crash() -> None:
    """A custom layer whose ``build`` makes a weight, then another under an ``if`` the analysis
    cannot decide, then a third: the weight count differs between the paths (it used to crash
    the analysis: ``UNKNOWN += int``)."""
    head = "import keras\nfrom keras import layers\n"
    body = """
    class Scale(layers.Layer):
        def __init__(self, use_bias, **kwargs):
            super().__init__(**kwargs)
            self.use_bias = use_bias
        def build(self, input_shape):
            self.g = self.add_weight(shape=(input_shape[-1],))
            if self.use_bias:
                self.b = self.add_weight(shape=(input_shape[-1],))
            self.w = self.add_weight(shape=(input_shape[-1],))
        def call(self, x):
            return x * self.w

    def make(flag):
        inputs = keras.Input((5, 3))
        return keras.Model(inputs, Scale(flag)(inputs))
    """
    result = lint_program(head, body)
    assert result.diagnostics == []
