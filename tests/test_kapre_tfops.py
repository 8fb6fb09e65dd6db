"""TensorFlow functions inside custom layers (kapre's STFT/Magnitude/Phase/LogmelToMFCC), library
version tests at module level (keras-lmu's ``if tf_version < version.parse(...)``), and what a
custom RNN cell reads from a Keras cell (``hasattr(cell, "state_size")``, ``tf.nest.flatten``).
Fast tier: lstmlint's interpreter only; ``CASES`` and ``UNKNOWN_RANK`` are TensorFlow's own
static shapes, traced again by ``tests/test_kapre_tfops_keras.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from interpreted import interpret as run
from interpreted import traced

from lstmlint.api import lint_file, lint_source
from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.interp.overlays.versions import VersionValue, decide, parse_key, starts_with
from lstmlint.settings import Options
from lstmlint.shapes import UNKNOWN
from lstmlint.source.keras_target import from_source

# (input shape without the batch, the expression on ``x`` in a custom layer's ``call``, dtype of
# ``x``, TensorFlow's static output shape)
CASES: list[tuple[tuple[int | None, ...], str, str, tuple[int | None, ...]]] = [
    ((3, 4), "tf.abs(x)", "complex64", (None, 3, 4)),
    ((3, 4), "tf.math.angle(x)", "complex64", (None, 3, 4)),
    ((3, 4), "tf.math.real(x)", "complex64", (None, 3, 4)),
    ((3, 4), "tf.math.imag(x)", "complex64", (None, 3, 4)),
    ((3, 4), "tf.math.conj(x)", "complex64", (None, 3, 4)),
    ((3, 4), "tf.math.angle(x)", "float32", (None, 3, 4)),
    ((3, 4), "tf.complex(x, x)", "float32", (None, 3, 4)),
    ((3, 4), "tf.complex(x, x[0, 0])", "float32", (None, 3, 4)),
    ((3, 4), "tf.math.atan2(x, x[0])", "float32", (None, 3, 4)),
    ((5, 128), "tf.signal.mfccs_from_log_mel_spectrograms(x)", "float32", (None, 5, 128)),
    ((5, None), "tf.signal.mfccs_from_log_mel_spectrograms(x)", "float32", (None, None, None)),
    (
        (16000, 2),
        "tf.transpose(tf.signal.stft(tf.transpose(x, (0, 2, 1)), 400, 160), (0, 2, 3, 1))",
        "float32",
        (None, 98, 257, 2),
    ),
    ((7, 2, 513), "tf.tensordot(x, tf.signal.linear_to_mel_weight_matrix(128, 513), 1)", "float32", (None, 7, 2, 128)),
]


@pytest.mark.parametrize(("shape", "expr", "dtype", "expected"), CASES)
def test_tensorflow_functions_in_a_custom_layer(
    shape: tuple[int | None, ...], expr: str, dtype: str, expected: tuple[int | None, ...]
) -> None:
    assert traced(shape, expr).shape.dims == expected


# (the expression on ``x``, a tensor of unknown shape; the rank TensorFlow gives, or None)
UNKNOWN_RANK: list[tuple[str, int | None]] = [
    ("tf.transpose(x, perm=(0, 2, 1))", 3),
    ("tf.transpose(x, (0, -1, 1))", 3),
    ("tf.transpose(x)", None),
    ("tf.abs(x)", None),
    ("tf.signal.stft(x, 1000, 256)", None),
    ("tf.signal.frame(x, 100, 20, axis=1)", None),
    ("tf.signal.mfccs_from_log_mel_spectrograms(x)", None),
]


@pytest.mark.parametrize(("expr", "rank"), UNKNOWN_RANK)
def test_on_a_tensor_of_unknown_rank(expr: str, rank: int | None) -> None:
    """A function the analysis models stays understood on an input of unknown shape: a
    permutation gives the rank (every size unknown), anything else an unknown tensor."""
    out = traced_unknown(expr)
    if rank is None:
        assert out.shape.dims is None
    else:
        assert out.shape.dims == (UNKNOWN,) * rank


def traced_unknown(expr: str) -> Tensor:
    g = run(
        f"""
        import tensorflow as tf
        import keras
        class L(keras.layers.Layer):
            def call(self, x):
                return {expr}
        out = L()(keras.Input(shape=get_shape()))
        """
    ).globals
    out = g["out"]
    assert isinstance(out, Tensor), out
    return out


KAPRE_LIKE = """
import tensorflow as tf
import keras
from utils import get_audio

class STFT(keras.layers.Layer):
    def call(self, x):
        x = tf.transpose(x, perm=(0, 2, 1))
        return tf.transpose(tf.signal.stft(x, 400, 160), perm=(0, 2, 3, 1))

class Magnitude(keras.layers.Layer):
    def call(self, x):
        return tf.abs(x)

class Phase(keras.layers.Layer):
    def call(self, x):
        return tf.math.angle(x)

src, batch, input_shape = get_audio()
model = keras.Sequential()
model.add(keras.Input(shape=input_shape))
model.add(STFT())
model.add(Magnitude())
model.add(Phase())
"""


def test_unknown_input_is_the_reason_not_the_functions() -> None:
    """kapre's tests take their input shape from an unpublished helper: the STFT's permutations
    give the rank, so the model is followed with its sizes unknown, and ``tf.abs``/
    ``tf.math.angle`` are never "not followed"."""
    result = lint_source(KAPRE_LIKE, "kapre_like.py", Options(isolated=True))
    analysis = result.analysis
    assert analysis is not None
    (model,) = analysis.models
    assert [str(t.shape) for t in model.outputs] == ["(?, ?, 257, ?)"]
    assert not any("not followed" in why for _, why in analysis.lost)
    assert not model.lost


def test_linear_to_mel_weight_matrix_is_data() -> None:
    g = run(
        """
        import tensorflow as tf
        m = tf.signal.linear_to_mel_weight_matrix(num_mel_bins=40, num_spectrogram_bins=257)
        d = tf.signal.linear_to_mel_weight_matrix()
        n = tf.signal.linear_to_mel_weight_matrix(num_mel_bins=k)
        """
    ).globals
    assert isinstance(g["m"], ArrayValue) and g["m"].dims == (257, 40)
    assert isinstance(g["d"], ArrayValue) and g["d"].dims == (129, 20)
    assert not isinstance(g["n"], ArrayValue)


def test_nest_flatten_of_known_structures_only() -> None:
    g = run(
        """
        import tensorflow as tf
        a = tf.nest.flatten(4)
        b = tf.nest.flatten([4, (5, [6])])
        c = tf.nest.flatten({"b": 2, "a": 1})
        d = tf.nest.flatten(None)
        e = tf.nest.flatten(unknown_value)
        f = tf.nest.flatten([1, unknown_value])
        """
    ).globals
    assert g["a"] == [4]
    assert g["b"] == [4, 5, 6]
    assert g["c"] == [1, 2]
    assert g["d"] == [None]
    assert not isinstance(g["e"], list)
    assert not isinstance(g["f"], list)


def test_hasattr_of_keras_cells() -> None:
    """Measured (keras 3.15.1, tf_keras 2.21): cells have ``state_size`` and ``output_size``;
    ``LSTM`` has ``state_size`` in Keras 3 only; ``Dense`` has neither."""
    for keras in ("3", "2"):
        module = "keras" if keras == "3" else "tf_keras"
        g = run(
            f"""
            import {module} as keras
            a = hasattr(keras.layers.SimpleRNNCell(4), "state_size")
            b = hasattr(keras.layers.LSTMCell(4), "output_size")
            c = hasattr(keras.layers.Dense(4), "state_size")
            d = hasattr(keras.layers.LSTM(4), "state_size")
            e = hasattr(keras.layers.Dense(4), "units")
            """,
            keras,
        ).globals
        assert (g["a"], g["b"], g["c"]) == (True, True, False)
        assert not isinstance(g["d"], bool)
        assert not isinstance(g["e"], bool)


# ----------------------------------------------------------------- versions
VERSION_TESTS = """
import tensorflow as tf
import keras
from packaging import version
from distutils.version import LooseVersion

tf_version = version.parse(tf.__version__)
if tf_version < version.parse("2.9.0rc0"):
    branch = 1
elif tf_version < version.parse("2.16.0rc0"):
    branch = 2
else:
    branch = 3
at_least_216 = tf_version >= version.parse("2.16.0")
loose = LooseVersion(tf.__version__) < "2.2.0"
old_keras = keras.__version__.startswith("2.2")
keras3 = version.parse(keras.__version__) >= version.parse("3.0")
before_220 = tf_version < version.parse("2.20")
"""


def test_version_tests_decided_by_a_keras3_target() -> None:
    g = run(VERSION_TESTS, "3").globals
    assert g["branch"] == 3
    assert g["at_least_216"] is True
    assert g["loose"] is False
    assert g["old_keras"] is False
    assert g["keras3"] is True
    assert not isinstance(g["before_220"], bool)  # 2.16 .. 2.21 and later: not decided


def test_version_tests_under_keras2_decide_only_keras() -> None:
    g = run(VERSION_TESTS, "2").globals
    assert g["keras3"] is False
    for name in ("branch", "at_least_216", "loose", "old_keras", "before_220"):
        assert not isinstance(g[name], (bool, int)), name  # TensorFlow <= 2.15 or tf_keras beside 2.16+


def test_version_ordering() -> None:
    key = parse_key
    pairs = [("2.9.0rc0", "2.9.0"), ("2.9.0.dev1", "2.9.0a1"), ("2.9.0b2", "2.9.0rc1"), ("2.9", "2.9.0.post1")]
    for lo, hi in pairs:
        a, b = key(lo), key(hi)
        assert a is not None and b is not None
        assert decide("<", VersionValue(a, a, True), VersionValue(b, b, True)) is True
    same_a, same_b = key("2.16"), key("2.16.0")
    assert same_a is not None and same_b is not None
    assert decide(">=", VersionValue(same_a, same_a, True), VersionValue(same_b, same_b, True)) is True
    assert key("not a version") is None
    keras3 = VersionValue(key("3"), None)
    assert starts_with(keras3, "2.") is False
    assert starts_with(keras3, "3.") is not True  # 4.x would not
    assert starts_with(VersionValue(key("2"), key("3")), "2.") is True


def test_version_branch_imports_are_no_keras2_sign() -> None:
    shim = (
        "import tensorflow as tf\nfrom packaging import version\n"
        "if version.parse(tf.__version__) < version.parse('2.13'):\n"
        "    from keras.engine.base_layer import BaseRandomLayer\n"
        "else:\n    from keras.layers import Layer as BaseRandomLayer\n"
    )
    assert from_source(shim) is None
    # without a version test, or at top level, the import still says Keras 2
    assert from_source(shim.replace("tf.__version__", "flag")) is not None
    assert from_source("import tensorflow as tf\nprint(tf.__version__)\nfrom keras.engine import Layer\n") is not None


LMU_LIKE = """
import keras
import tensorflow as tf
from packaging import version

if version.parse(tf.__version__) < version.parse("2.16.0rc0"):
    from keras.engine.base_layer import BaseRandomLayer
else:
    from keras.layers import Layer as BaseRandomLayer


class MemoryCell(BaseRandomLayer):
    def __init__(self, memory_d, hidden_cell, **kwargs):
        super().__init__(**kwargs)
        self.memory_d = memory_d
        self.hidden_cell = hidden_cell
        if hasattr(self.hidden_cell, "state_size"):
            self.hidden_state_size = self.hidden_cell.state_size
        else:
            self.hidden_state_size = [self.hidden_cell.units]
        self.state_size = [memory_d] + tf.nest.flatten(self.hidden_state_size)
        self.output_size = self.hidden_cell.output_size

    def call(self, inputs, states):
        memory, hidden = states[0], states[1]
        out, new_hidden = self.hidden_cell(inputs, [hidden])
        return out, [memory, new_hidden[0]]


inp = keras.Input(shape=(10, 3))
out, memory, hidden = keras.layers.RNN(MemoryCell(5, keras.layers.SimpleRNNCell(4)), return_state=True)(inp)
model = keras.Model(inp, [out, memory, hidden])
"""


def test_custom_cell_built_on_a_version_chosen_base(tmp_path: Path) -> None:
    """keras-lmu's cell: its base is chosen by a TensorFlow version test, its states read from a
    Keras cell through ``hasattr`` and ``tf.nest.flatten``."""
    path = tmp_path / "lmu_like.py"
    path.write_text(LMU_LIKE)
    result = lint_file(str(path), Options(isolated=True))
    assert result.analysis is not None
    (model,) = result.analysis.models
    assert [str(t.shape) for t in model.outputs] == ["(None, 4)", "(None, 5)", "(None, 4)"]


def test_pad_keeps_the_rank_when_the_paddings_are_not_read() -> None:
    """kapre's ``pad_begin``: ``tf.pad(x, tf.constant([[0, 0], [0, 0], [n, 0]]))``. TensorFlow
    keeps the rank (its paddings must be ``[rank, 2]``); paddings whose values the analysis
    does not keep (an eager tensor computed from the constant) leave the sizes unknown, one
    pair not read leaves its axis unknown; a ``tf.constant`` of known ints is read."""
    out = traced((2, 100), "tf.pad(x, tf.cast(tf.constant([[0, 0], [0, 0], [30, 0]]), tf.int32))")
    assert out.shape.dims == (UNKNOWN, UNKNOWN, UNKNOWN)
    out = traced((2, 100), "tf.pad(x, tf.constant([[0, 0], [0, 0], [30, 0]]))")
    assert out.shape.dims == (None, 2, 130)  # TensorFlow's (test_kapre_tfops_keras.py)
    out = traced((2, 100), "tf.pad(x, [[0, 0], [0, 0], [self.n, 0]])")
    assert out.shape.dims == (None, 2, UNKNOWN)
    out = traced((2, 100), "tf.pad(x, [[0, 0], [0, 0], [30, 0]])")
    assert out.shape.dims == (None, 2, 130)


COMPAT_V2 = """
import tensorflow.compat.v2 as tf
import tf_keras as keras
from tf_keras import layers

inputs = keras.Input((32, 32, 3))
x = tf.math.multiply(inputs, tf.reshape([1.0 / 0.2, 1.0 / 0.3, 1.0 / 0.4], [1, 1, 1, 3]))
x = tf.nn.silu(x)
x = layers.Conv2D(4, 3)(x)
model = keras.Model(inputs, x)
"""


def test_compat_v2_is_tensorflow_2() -> None:
    """tf_keras' applications (EfficientNet's normalization) import ``tensorflow.compat.v2 as
    tf`` and scale by a reshaped literal: followed as ``tf.math.multiply``/``tf.reshape``."""
    g = run(COMPAT_V2, "2").globals
    assert isinstance(g["x"], Tensor) and g["x"].shape.dims == (None, 30, 30, 4)
