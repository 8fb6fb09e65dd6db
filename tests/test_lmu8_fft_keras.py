"""Keras tier for ``tests/test_lmu8_fft.py``: each FFT case's shape is TensorFlow's own static
shape, traced on a ``TensorSpec`` with an unknown batch; ``tf.eye`` makes the shapes the fast
tier gives it."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from test_lmu8_fft import CASES, PAD_CASES  # noqa: E402

pytestmark = pytest.mark.keras


@pytest.mark.parametrize(
    ("shape", "expr", "expected"), CASES + [((2, 100), expr, expected) for expr, expected in PAD_CASES]
)
def test_tensorflow_static_shapes(shape: tuple[int | None, ...], expr: str, expected: tuple[int | None, ...]) -> None:
    fn = eval(f"lambda x: {expr}", {"tf": tf})  # the test's own expressions
    spec = tf.TensorSpec((None, *shape), tf.float32)
    concrete = tf.function(fn).get_concrete_function(spec)
    assert tuple(concrete.structured_outputs.shape) == expected


def test_eye_shapes() -> None:
    assert tuple(tf.eye(50, 1).shape) == (50, 1)
    assert tuple(tf.eye(3, batch_shape=[2]).shape) == (2, 3, 3)
    assert tuple(tf.linalg.eye(4).shape) == (4, 4)
    assert tuple(tf.reshape(tf.eye(50, 1), (1, -1, 1)).shape) == (1, 50, 1)
