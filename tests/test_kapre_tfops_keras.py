"""Keras tier for ``tests/test_kapre_tfops.py``: each case's shape is TensorFlow's own static
shape (traced on a ``TensorSpec`` with an unknown batch, or of unknown shape), the cells'
attributes are Keras' own, and the keras-lmu-like cell builds in Keras 3 with lstmlint's
shapes."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from test_kapre_tfops import CASES, LMU_LIKE, UNKNOWN_RANK  # noqa: E402

pytestmark = pytest.mark.keras


@pytest.mark.parametrize(("shape", "expr", "dtype", "expected"), CASES)
def test_tensorflow_static_shapes(
    shape: tuple[int | None, ...], expr: str, dtype: str, expected: tuple[int | None, ...]
) -> None:
    fn = eval(f"lambda x: {expr}", {"tf": tf})  # the test's own expressions
    spec = tf.TensorSpec((None, *shape), getattr(tf, dtype))
    concrete = tf.function(fn).get_concrete_function(spec)
    assert tuple(concrete.structured_outputs.shape) == expected


@pytest.mark.parametrize(("expr", "rank"), UNKNOWN_RANK)
def test_tensorflow_on_unknown_rank(expr: str, rank: int | None) -> None:
    fn = eval(f"lambda x: {expr}", {"tf": tf})
    concrete = tf.function(fn).get_concrete_function(tf.TensorSpec(None, tf.float32))
    out = concrete.structured_outputs.shape
    assert out.rank == rank
    if rank is not None:
        assert all(d is None for d in out)


@pytest.mark.parametrize("module", ["keras", "tf_keras"])
def test_cell_attributes(module: str) -> None:
    keras = pytest.importorskip(module)
    for cell in (keras.layers.SimpleRNNCell(4), keras.layers.LSTMCell(4), keras.layers.GRUCell(4)):
        assert hasattr(cell, "state_size") and hasattr(cell, "output_size")
    assert not hasattr(keras.layers.Dense(4), "state_size")
    assert not hasattr(keras.layers.Dense(4), "output_size")
    assert hasattr(keras.layers.LSTM(4), "state_size") == (module == "keras")


def test_lmu_like_cell_builds_with_the_linted_shapes() -> None:
    namespace: dict[str, object] = {}
    exec(compile(LMU_LIKE, "lmu_like.py", "exec"), namespace)  # noqa: S102 - the test's own program
    model = namespace["model"]
    assert [tuple(t.shape) for t in model.outputs] == [(None, 4), (None, 5), (None, 4)]  # type: ignore[attr-defined]


def test_pad_by_a_constant_keeps_the_rank() -> None:
    fn = tf.function(lambda x: tf.pad(x, tf.constant([[0, 0], [0, 0], [30, 0]])))
    out = fn.get_concrete_function(tf.TensorSpec((None, 2, 100), tf.float32)).structured_outputs.shape
    assert tuple(out) == (None, 2, 130)  # lstmlint: the same (a constant of known ints is read)


def test_compat_v2_program_builds_with_the_linted_shape() -> None:
    pytest.importorskip("tf_keras")
    from test_kapre_tfops import COMPAT_V2

    namespace: dict[str, object] = {}
    exec(compile(COMPAT_V2, "compat_v2.py", "exec"), namespace)  # noqa: S102 - the test's own program
    assert tuple(namespace["x"].shape) == (None, 30, 30, 4)  # type: ignore[attr-defined]
