"""Keras tier of ``tests/test_libsuites.py``: every program of ``CASES`` built in real Keras (tf_keras
for the Keras 2 ones, Keras 3 for the others) gives ``out`` the shape lstmlint infers, and what
lstmlint reports as missing from Keras 3 is missing there."""

from __future__ import annotations

import textwrap
import warnings

import pytest
from test_libsuites import CASES

pytestmark = pytest.mark.keras


def _built(code: str) -> dict[str, object]:
    namespace: dict[str, object] = {"__name__": "__libsuite__"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(textwrap.dedent(code), "<libsuite>", "exec"), namespace)  # noqa: S102 - our own snippet
    return namespace


@pytest.mark.parametrize(("version", "code", "shape"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_keras_gives_the_shape_lstmlint_infers(version: str, code: str, shape: str) -> None:
    pytest.importorskip("tf_keras" if version == "2" else "keras")
    out = _built(code)["out"]
    assert str(tuple(out.shape)) == shape  # type: ignore[attr-defined]


def test_batch_dot_of_mismatched_sizes_is_refused_by_tf_keras() -> None:
    pytest.importorskip("tf_keras")
    with pytest.raises(ValueError):
        _built(
            "import tf_keras as keras\nfrom tf_keras import backend as K\n"
            "out = K.batch_dot(keras.Input((5, 4)), keras.Input((3, 4)))"
        )


def test_keras3_lacks_what_lstmlint_reports_missing_and_tf_keras_has_it() -> None:
    keras = pytest.importorskip("keras")
    tf_keras = pytest.importorskip("tf_keras")
    for name in ("conv1d", "conv2d"):
        assert not hasattr(keras.backend, name) and hasattr(tf_keras.backend, name)
    for name in ("ThresholdedReLU", "LocallyConnected1D"):
        assert not hasattr(keras.layers, name) and hasattr(tf_keras.layers, name)
    assert keras.activations.get(None) is keras.activations.linear
    assert tf_keras.activations.get(None) is tf_keras.activations.linear
