"""Keras tier for ``tests/test_stellar8_python.py``: the static shape TensorFlow gives
``tf.reshape`` to ``tf.maximum(tf.shape(a), tf.shape(b))`` inside a custom layer's ``call``, in
tf_keras and Keras 3 (stellargraph's RotE)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from test_stellar8_python import SHAPE_CASES  # noqa: E402

pytestmark = pytest.mark.keras


@pytest.mark.parametrize(("expr", "expected"), SHAPE_CASES)
@pytest.mark.parametrize("module", ["tf_keras", "keras"])
def test_static_shape_in_a_custom_layer(expr: str, expected: tuple[int | None, ...], module: str) -> None:
    keras = pytest.importorskip(module)
    fn = eval(f"lambda x: {expr}", {"tf": tf})  # the test's own expressions

    class Traced(keras.layers.Layer):  # type: ignore[misc,name-defined]
        def call(self, x: object) -> object:
            return fn(x)

    out = Traced()(keras.Input((1, 6)))
    assert tuple(out.shape) == expected
