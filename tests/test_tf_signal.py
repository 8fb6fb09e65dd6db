"""``tf.signal`` on Keras tensors (``overlays/tf_signal.py``) and custom layers that declare a
Sequential's input with the ``input_shape=`` they pass on to Keras' ``Layer`` (kapre's layers do
both). Fast tier: lstmlint's interpreter only; ``CASES`` are checked against TensorFlow's own
static shapes by ``tests/test_tf_signal_keras.py``."""

from __future__ import annotations

import pytest
from interpreted import interpret as run
from interpreted import traced

from lstmlint.graph.model import Tensor

# (input shape without the batch, the call on ``x``, TensorFlow's static output shape)
CASES: list[tuple[tuple[int | None, ...], str, tuple[int | None, ...]]] = [
    ((2, 16000), "tf.signal.stft(x, 1000, 256)", (None, 2, 59, 513)),
    ((2, 16000), "tf.signal.stft(x, 1000, 256, pad_end=True)", (None, 2, 63, 513)),
    ((2, 16000), "tf.signal.stft(x, frame_length=1000, frame_step=256, fft_length=1000)", (None, 2, 59, 501)),
    ((2, 999), "tf.signal.stft(x, 1000, 256)", (None, 2, 0, 513)),
    ((2, 999), "tf.signal.stft(x, 1000, 256, pad_end=True)", (None, 2, 4, 513)),
    ((16000,), "tf.signal.stft(x, 300, 100)", (None, 158, 257)),
    ((2, None), "tf.signal.stft(x, 1000, 256)", (None, 2, None, 513)),
    ((2, 16000), "tf.signal.frame(x, 1000, 256)", (None, 2, 59, 1000)),
    ((2, 16000), "tf.signal.frame(x, 1000, 256, pad_end=True)", (None, 2, 63, 1000)),
    ((16000, 3), "tf.signal.frame(x, 1000, 256, axis=1)", (None, 59, 1000, 3)),
    ((None, 3), "tf.signal.frame(x, 1000, 256, axis=1)", (None, None, 1000, 3)),
    ((1000, 1), "tf.signal.frame(x, frame_length=50, frame_step=25, axis=1)", (None, 39, 50, 1)),
    ((2, 61, 513), "tf.signal.inverse_stft(tf.complex(x, x), 1000, 256)", (None, 2, 16360)),
    ((2, 61, 513), "tf.signal.inverse_stft(tf.complex(x, x), 1000, 256, fft_length=1024)", (None, 2, 16360)),
    ((2, 61, 1000), "tf.signal.overlap_and_add(x, 256)", (None, 2, 16360)),
]


@pytest.mark.parametrize(("shape", "expr", "expected"), CASES)
def test_signal_shapes(shape: tuple[int | None, ...], expr: str, expected: tuple[int | None, ...]) -> None:
    if "complex" in expr:
        expr = expr.replace("tf.complex(x, x)", "x")  # the dtype does not change the shape
    assert traced(shape, expr).shape.dims == expected


def test_signal_sizes_not_known_stay_unknown() -> None:
    out = traced((2, 16000), "tf.signal.stft(x, self.n, 256)")
    dims = out.shape.dims
    assert dims is not None and len(dims) == 4 and dims[:2] == (None, 2)
    assert str(out.shape) != "(None, 2, 59, 513)"


LAYER = """
    import tensorflow as tf
    from tensorflow import keras

    class Frame(keras.layers.Layer):
        def __init__(self, n, {params}):
            {init}
            self.n = n

        def call(self, x):
            return x

    model = keras.Sequential()
    model.add(Frame(3, {given}))
    out = model.output
"""


@pytest.mark.parametrize(
    ("params", "init", "given", "keras", "expected"),
    [
        ("**kwargs", "super().__init__(**kwargs)", "input_shape=(10, 3)", "3", "(None, 10, 3)"),
        ("**kwargs", "super(Frame, self).__init__(**kwargs)", "input_dim=7", "3", "(None, 7)"),
        ("**kwargs", "super().__init__(**kwargs)", "batch_input_shape=(4, 10, 3)", "2", "(4, 10, 3)"),
        ("**kwargs", "super().__init__(**kwargs)", "input_shape=(10, 3), batch_size=4", "2", "(4, 10, 3)"),
        # Keras 3 refuses batch_input_shape on a layer: nothing declared
        ("**kwargs", "super().__init__(**kwargs)", "batch_input_shape=(4, 10, 3)", "3", None),
        # the keywords never reach Keras' Layer: nothing declared
        ("**kwargs", "super().__init__()", "input_shape=(10, 3)", "2", None),
        ("input_shape=None, **kwargs", "super().__init__(**kwargs)", "input_shape=(10, 3)", "2", None),
    ],
)
def test_custom_layer_declares_the_sequential_input(
    params: str, init: str, given: str, keras: str, expected: str | None
) -> None:
    out = run(LAYER.format(params=params, init=init, given=given), keras).globals["out"]
    if expected is None:
        assert not (isinstance(out, Tensor) and out.shape.dims is not None), out
    else:
        assert isinstance(out, Tensor) and str(out.shape) == expected


@pytest.mark.parametrize(
    "expr",
    [
        "tf.signal.frame(x, 0, 256)",
        "tf.signal.frame(x, -5, 2)",
        "tf.signal.stft(x, 1000, 0)",
        "tf.signal.overlap_and_add(x, -1)",
    ],
)
def test_sizes_tensorflow_refuses_give_no_size(expr: str) -> None:
    dims = traced((2, 16000), expr).shape.dims
    assert dims is None or all(not isinstance(d, int) or d is None or d >= 0 for d in dims), dims
