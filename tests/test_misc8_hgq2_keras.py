"""Keras tier for ``tests/test_misc8_hgq2.py``: hgq2's ``QEinsum`` and ``QMultiHeadAttention``
built in hgq2 (keras 3). hgq2 is not a dependency of the project: skipped where it is not
installed (measured with hgq2 0.2.0 installed beside keras 3.15.1)."""

from __future__ import annotations

import os

import pytest
from test_misc8_hgq2 import EINSUM

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

pytestmark = pytest.mark.keras


@pytest.mark.parametrize(("equation", "first", "second", "expected"), EINSUM)
def test_qeinsum_in_hgq2(
    equation: str,
    first: tuple[int | None, ...],
    second: tuple[int | None, ...],
    expected: tuple[int | None, ...] | None,
) -> None:
    keras = pytest.importorskip("keras")
    layers = pytest.importorskip("hgq.layers")
    try:
        out = layers.QEinsum(equation)([keras.Input(first), keras.Input(second)])
    except (AssertionError, ValueError):  # hgq2 refuses it: lstmlint leaves it unknown
        assert expected is None
        return
    assert tuple(out.shape) == expected


def test_qmultiheadattention_in_hgq2() -> None:
    keras = pytest.importorskip("keras")
    layers = pytest.importorskip("hgq.layers")
    config = pytest.importorskip("hgq.config")
    with config.QuantizerConfigScope(f0=3, i0=2):
        q = keras.layers.Input((8, 9))
        k = keras.layers.Input((12, 7))
        v = keras.layers.Input((12, 7))
        assert tuple(layers.QMultiHeadAttention(4, 8, fuse="none")(q, k, v).shape) == (None, 8, 9)
        assert tuple(layers.QMultiHeadAttention(4, 8, output_shape=5)(q, v).shape) == (None, 8, 5)
