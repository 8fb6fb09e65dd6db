"""TensorFlow's FFTs on Keras tensors (``tf.signal.rfft``/``irfft``/``fft`` and their 2-D and
3-D forms, ``overlays/tf_signal.py``), ``tf.eye`` as data, and a tensor attribute compared with
``None`` in a custom layer (``if self.kernel is not None``: a tensor is never None). Fast tier:
lstmlint's interpreter only; ``CASES`` are checked against TensorFlow's own static shapes by
``tests/test_lmu8_fft_keras.py``."""

from __future__ import annotations

import pytest
from interpreted import interpret, lint_program, model_output, traced

# (input shape without the batch, the call on ``x``, TensorFlow's static output shape)
CASES: list[tuple[tuple[int | None, ...], str, tuple[int | None, ...]]] = [
    ((4, 10), "tf.signal.rfft(x)", (None, 4, 6)),
    ((4, 10), "tf.signal.rfft(x, fft_length=[20])", (None, 4, 11)),
    ((4, 10), "tf.signal.rfft(x, fft_length=[7])", (None, 4, 4)),
    ((4, 10), "tf.signal.rfft(x, [4])", (None, 4, 3)),
    # an axis known at run time only: TensorFlow pads with a computed size and loses every axis
    ((4, None), "tf.signal.rfft(x)", (None, None, None)),
    ((4, None), "tf.signal.irfft(tf.complex(x, x))", (None, None, None)),
    ((4, None), "tf.signal.fft(tf.complex(x, x))", (None, 4, None)),
    ((4, None), "tf.signal.rfft(x, fft_length=[20])", (None, None, 11)),
    ((None, 10), "tf.signal.rfft(x, fft_length=[20])", (None, None, 11)),
    ((None, 10), "tf.signal.rfft(x)", (None, None, 6)),
    ((6, None, 10), "tf.signal.rfft2d(x, fft_length=[4, 16])", (None, None, 4, 9)),
    ((6, None, 10), "tf.signal.rfft2d(x)", (None, None, None, None)),
    ((4, None), "tf.signal.irfft(tf.complex(x, x), fft_length=[20])", (None, None, 20)),
    ((None, 11), "tf.signal.irfft(tf.complex(x, x))", (None, None, 20)),
    ((4, 11), "tf.signal.irfft(tf.signal.rfft(x, fft_length=[20]))", (None, 4, 20)),
    ((4, 11), "tf.signal.irfft(tf.signal.rfft(x, fft_length=[20]), fft_length=[20])", (None, 4, 20)),
    ((4, 7), "tf.signal.irfft(tf.signal.rfft(x))", (None, 4, 6)),
    ((4, 7), "tf.signal.irfft(tf.signal.rfft(x), fft_length=[7])", (None, 4, 7)),
    ((4, 10), "tf.signal.irfft(tf.signal.rfft(x, fft_length=[20]), fft_length=[20])[..., :10]", (None, 4, 10)),
    ((6, 8, 10), "tf.signal.rfft2d(x)", (None, 6, 8, 6)),
    ((6, 8, 10), "tf.signal.rfft2d(x, fft_length=[4, 16])", (None, 6, 4, 9)),
    ((6, 8, 10), "tf.signal.irfft2d(tf.signal.rfft2d(x))", (None, 6, 8, 10)),
    ((6, 8, 10), "tf.signal.irfft2d(tf.signal.rfft2d(x), fft_length=[8, 9])", (None, 6, 8, 9)),
    ((2, 3, 4, 10), "tf.signal.rfft3d(x)", (None, 2, 3, 4, 6)),
    ((4, 10), "tf.signal.fft(tf.complex(x, x))", (None, 4, 10)),
    ((4, 10), "tf.signal.ifft2d(tf.complex(x, x))", (None, 4, 10)),
    # the length of a sequence axis: 2 * tf.shape(u)[1] (keras-lmu's zero-padded convolution)
    ((10, 4), "tf.signal.rfft(tf.transpose(x, perm=[0, 2, 1]), fft_length=[2 * 10])", (None, 4, 11)),
]


@pytest.mark.parametrize(("shape", "expr", "expected"), CASES)
def test_fft_shapes(shape: tuple[int | None, ...], expr: str, expected: tuple[int | None, ...]) -> None:
    expr = expr.replace("tf.complex(x, x)", "x")  # the dtype does not change the shape
    assert traced(shape, expr).shape.dims == expected


def test_fft_length_read_from_the_tensor_is_that_size() -> None:
    out = traced((10, 4), "tf.signal.rfft(tf.transpose(x, perm=[0, 2, 1]), fft_length=[2 * tf.shape(x)[1]])")
    assert out.shape.dims == (None, 4, 11)


def test_fft_length_not_known_leaves_the_sizes_unknown() -> None:
    out = traced((4, 10), "tf.signal.rfft(x, fft_length=[self.n])")
    dims = out.shape.dims
    assert dims is not None and len(dims) == 3  # the rank only: TensorFlow may pad at run time
    assert str(out.shape) == "(None, ?, ?)"


def test_fft_length_of_the_wrong_length_is_not_followed() -> None:
    out = traced((6, 8, 10), "tf.signal.rfft2d(x, fft_length=[16])")
    assert out.shape.dims is None


def test_eye_is_data_of_its_shape() -> None:
    g = interpret(
        """
        import tensorflow as tf
        a = tf.eye(50, 1)
        b = tf.eye(3, batch_shape=[2])
        c = tf.linalg.eye(4)
        d = tf.reshape(tf.eye(50, 1), (1, -1, 1))
        e = tf.eye(n)
        """
    ).globals
    assert [g[k].dims for k in "abcd"] == [(50, 1), (2, 3, 3), (4, 4), (1, 50, 1)]
    assert not hasattr(g["e"], "dims")


OPTIONAL_KERNEL = """
    import keras
    import tensorflow as tf

    class Memory(keras.layers.Layer):
        def __init__(self, memory_d, project, **kwargs):
            super().__init__(**kwargs)
            self.memory_d = memory_d
            self.project = project
            self.kernel = None

        def build(self, input_shape):
            if self.project:
                self.kernel = self.add_weight(shape=(input_shape[-1], self.memory_d))

        def call(self, inputs):
            u = inputs
            if self.kernel is not None:
                u = tf.matmul(u, self.kernel)
            return u

    inputs = keras.Input((20, 12))
    model = keras.Model(inputs, Memory(4, {project})(inputs))
"""


@pytest.mark.parametrize(("project", "expected"), [(True, "(None, 20, 4)"), (False, "(None, 20, 12)")])
def test_weight_made_in_build_is_never_none(project: bool, expected: str) -> None:
    interp = interpret(OPTIONAL_KERNEL.format(project=project))
    assert model_output(interp, _line_of(interp.module.code, "model = ")) == expected


def _line_of(code: str, text: str) -> int:
    return code[: code.index(text)].count("\n") + 1


FFT_CONVOLUTION = """
    class FFTMemory(keras.layers.Layer):
        def __init__(self, order, **kwargs):
            super().__init__(**kwargs)
            self.order = order

        def build(self, input_shape):
            seq_len = input_shape[1]
            self.response = tf.reshape(tf.eye(seq_len, self.order), (seq_len, self.order))

        def call(self, u):
            seq_len = tf.shape(u)[1]
            u = tf.transpose(u, perm=[0, 2, 1])
            fft_input = tf.signal.rfft(u, fft_length=[2 * seq_len])
            response = tf.signal.rfft(tf.transpose(self.response), fft_length=[2 * seq_len])
            result = tf.expand_dims(fft_input, axis=-2) * response
            m = tf.signal.irfft(result, fft_length=[2 * seq_len])[..., :seq_len]
            m = tf.reshape(m, (-1, self.order * u.shape[1], seq_len))
            return tf.transpose(m, perm=[0, 2, 1])

    inputs = keras.Input((10, 3))
    x = FFTMemory(4)(inputs)
    x = keras.layers.Dense(2)(x)
    model = keras.Model(inputs, x)
"""


def test_fft_convolution_of_a_sequence_is_followed() -> None:
    """keras-lmu's ``LMUFeedforward``: the zero-padded FFT convolution over the time axis keeps
    its length and gives ``order`` channels per feature."""
    result = lint_program("import keras\nimport tensorflow as tf\n", FFT_CONVOLUTION)
    assert result.diagnostics == []
    interp = interpret("import keras\nimport tensorflow as tf\n" + FFT_CONVOLUTION.replace("\n    ", "\n"))
    assert model_output(interp, _line_of(interp.module.code, "model = ")) == "(None, 10, 2)"


# ``tf.pad`` of ``(None, 2, 100)`` with paddings made by ``tf.constant`` (kapre's
# ``STFT(pad_begin=True)``), and TensorFlow's static shape
PAD_CASES: list[tuple[str, tuple[int | None, ...]]] = [
    ("tf.pad(x, tf.constant([[0, 0], [0, 0], [3, 0]]))", (None, 2, 103)),
    ("tf.pad(x, tf.constant([[0, 0], [1, 1], [int(7.0 - 4), 0]]))", (None, 4, 103)),
]


@pytest.mark.parametrize(("expr", "expected"), PAD_CASES)
def test_pad_reads_paddings_made_by_constant(expr: str, expected: tuple[int | None, ...]) -> None:
    assert traced((2, 100), expr).shape.dims == expected


def test_pad_with_paddings_not_one_pair_per_axis_is_not_followed() -> None:
    assert traced((2, 100), "tf.pad(x, tf.constant([[0, 0], [0, 0], [3, 0], [1, 1]]))").shape.dims is None


def test_constant_of_ints_is_still_data_of_its_shape() -> None:
    g = interpret(
        """
        import tensorflow as tf
        a = tf.constant([[0, 0], [3, 0]])
        b = a * 2
        """
    ).globals
    assert g["a"].dims == (2, 2) and g["b"].dims == (2, 2)


DECIBEL = """
    import tensorflow as tf
    import tf_keras as keras
    from tf_keras import backend as K

    seen = {{}}

    class Decibel(keras.layers.Layer):
        def call(self, x):
            seen["ndim"] = K.ndim(x)
            seen["ten"] = tf.math.log(tf.constant(10, dtype=x.dtype))
            return {expr}

    out = Decibel()(keras.Input((171, 257, 1)))
"""


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("tf.math.log(x) / tf.math.log(tf.constant(10, dtype=x.dtype))", "(None, 171, 257, 1)"),
        ("tf.math.reduce_max(x, axis=tuple(range(K.ndim(x))[1:]), keepdims=True)", "(None, 1, 1, 1)"),
    ],
)
def test_decibel_scaling_of_kapre(expr: str, expected: str) -> None:
    """kapre's ``magnitude_to_decibel``: ``K.ndim`` is the rank (tf_keras: a Python int), a
    scalar ``tf.constant`` and ``tf.math.log`` of it are scalar data."""
    g = interpret(DECIBEL.format(expr=expr), "2").globals
    assert str(g["out"].shape) == expected
    assert g["seen"]["ndim"] == 4
    assert g["seen"]["ten"].dims == ()


def test_elementwise_math_of_data_keeps_its_shape() -> None:
    g = interpret(
        """
        import numpy as np
        import tensorflow as tf
        a = tf.math.log(tf.constant(10.0))
        b = tf.nn.softmax(np.zeros((3, 5)), axis=-1)
        c = tf.math.pow(np.zeros((3, 1)), np.zeros((4,)))
        """
    ).globals
    assert g["a"].dims == () and g["b"].dims == (3, 5)
    assert not hasattr(g["c"], "dims")  # two arrays broadcast: not claimed here
