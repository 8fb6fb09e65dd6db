"""Keras tier for ``tests/test_misc8_masks.py``: the mask each layer of its table passes on,
built in keras 3 and in tf_keras after ``Embedding(5, 4, mask_zero=True)`` on ``Input((7,))``."""

from __future__ import annotations

import os
from typing import Any

import pytest
from test_misc8_masks import MASKS

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

pytestmark = pytest.mark.keras


def keras_module(version: str) -> Any:
    return pytest.importorskip("tf_keras" if version == "2" else "keras")


def measured_mask(keras: Any, layer: str, index: int) -> str | None:
    layers = keras.layers
    tokens = keras.Input((7,))
    embedded = layers.Embedding(5, 4, mask_zero=True)(tokens)
    out = eval(layer, {"layers": layers})(embedded)  # the table's own expressions
    tensor = out[index] if isinstance(out, (list, tuple)) else out
    mask = getattr(tensor, "_keras_mask", None)
    return None if mask is None else str(tuple(mask.shape))


@pytest.mark.parametrize("version", ["2", "3"])
def test_the_mask_table_is_what_keras_passes_on(version: str) -> None:
    keras = keras_module(version)
    measured = [(layer, index, measured_mask(keras, layer, index)) for layer, index, _ in MASKS]
    assert measured == MASKS
