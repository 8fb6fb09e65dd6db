"""Keras tier for ``tests/test_tf_signal.py``: each case's shape is TensorFlow's own static
shape, traced on a ``TensorSpec`` with an unknown batch; and a custom layer's ``input_shape=``
declares the Sequential's input in both Kerases."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from test_tf_signal import CASES  # noqa: E402

pytestmark = pytest.mark.keras


@pytest.mark.parametrize(("shape", "expr", "expected"), CASES)
def test_tensorflow_static_shapes(shape: tuple[int | None, ...], expr: str, expected: tuple[int | None, ...]) -> None:
    fn = eval(f"lambda x: {expr}", {"tf": tf})  # the test's own expressions
    spec = tf.TensorSpec((None, *shape), tf.float32)
    concrete = tf.function(fn).get_concrete_function(spec)
    assert tuple(concrete.structured_outputs.shape) == expected


@pytest.mark.parametrize(
    ("module", "given", "expected"),
    [
        ("keras", {"input_shape": (10, 3)}, (None, 10, 3)),
        ("keras", {"input_dim": 7}, (None, 7)),
        ("tf_keras", {"batch_input_shape": (4, 10, 3)}, (4, 10, 3)),
        ("tf_keras", {"input_shape": (10, 3), "batch_size": 4}, (4, 10, 3)),
    ],
)
def test_custom_layer_input_keywords_declare_the_input(
    module: str, given: dict[str, object], expected: tuple[int | None, ...]
) -> None:
    keras = pytest.importorskip(module)

    class Frame(keras.layers.Layer):  # type: ignore[misc,name-defined]
        def __init__(self, n: int, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.n = n

        def call(self, x: object) -> object:
            return x

    model = keras.Sequential()
    with pytest.warns(UserWarning) if module == "keras" else _nothing():
        model.add(Frame(3, **given))
    assert tuple(model.outputs[0].shape) == expected


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
