"""Issue 10, script corpus (round 8, MISC): the Keras mask a layer passes on.

A custom layer's ``call(x, mask=None)`` receives the mask its input carries. After
``Embedding(mask_zero=True)`` Keras' recurrent layers pass the mask on when they return
sequences (never on their states), ``Bidirectional`` as the layer it wraps, and ``Dense``,
``Dropout``, ``LayerNormalization`` and the other pass-through layers keep it
(``traits.mask_pass``, ``layers/config.py`` ``passed_mask``). Before, any masked input made the
mask unknown, so ``if mask is not None:`` in the custom layer lost its output
(keras-self-attention's ``SeqWeightedAttention(return_attention=True)`` after a
``Bidirectional(LSTM(return_sequences=True))``). The table is measured in Keras 3 and tf_keras by
``tests/test_misc8_masks_keras.py``. Fast tier: the interpreter only."""

from __future__ import annotations

import pytest
from interpreted import interpret

from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.keras_subclass import keras_mask
from lstmlint.shapes import UNKNOWN

# (layer applied to the (None, 7) masked embedding, which output, its mask: a shape or None)
MASKS: list[tuple[str, int, str | None]] = [
    ("layers.LSTM(3, return_sequences=True)", 0, "(None, 7)"),
    ("layers.LSTM(3)", 0, None),
    ("layers.LSTM(3, return_state=True)", 1, None),
    ("layers.LSTM(3, return_sequences=True, return_state=True)", 0, "(None, 7)"),
    ("layers.LSTM(3, return_sequences=True, return_state=True)", 2, None),
    ("layers.GRU(3, return_sequences=True)", 0, "(None, 7)"),
    ("layers.SimpleRNN(3)", 0, None),
    ("layers.RNN(layers.LSTMCell(3), return_sequences=True)", 0, "(None, 7)"),
    ("layers.RNN(layers.LSTMCell(3))", 0, None),
    ("layers.Bidirectional(layers.LSTM(3, return_sequences=True))", 0, "(None, 7)"),
    ("layers.Bidirectional(layers.LSTM(3))", 0, None),
    ("layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode='sum')", 0, "(None, 7)"),
    ("layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=None)", 1, "(None, 7)"),
    ("layers.Bidirectional(layers.LSTM(3, return_sequences=True, return_state=True))", 1, None),
    ("layers.Dense(3)", 0, "(None, 7)"),
    ("layers.Dropout(0.1)", 0, "(None, 7)"),
    ("layers.Activation('relu')", 0, "(None, 7)"),
    ("layers.LeakyReLU()", 0, "(None, 7)"),
    ("layers.LayerNormalization()", 0, "(None, 7)"),
    ("layers.BatchNormalization()", 0, "(None, 7)"),
    ("layers.SpatialDropout1D(0.1)", 0, "(None, 7)"),
]


def mask_after(layer: str, index: int, keras: str) -> object:
    out = interpret(
        f"""
        import keras
        from keras import layers
        tokens = keras.Input((7,))
        embedded = layers.Embedding(5, 4, mask_zero=True)(tokens)
        out = {layer}(embedded)
        """,
        keras,
    ).globals["out"]
    tensor = out[index] if isinstance(out, (list, tuple)) else out
    assert isinstance(tensor, Tensor) and index < (len(out) if isinstance(out, (list, tuple)) else 1)
    mask = keras_mask(tensor)
    return str(mask.shape) if isinstance(mask, Tensor) else mask


@pytest.mark.parametrize(("layer", "index", "expected"), MASKS)
@pytest.mark.parametrize("keras", ["2", "3"])
def test_the_mask_a_layer_passes_on(layer: str, index: int, expected: str | None, keras: str) -> None:
    assert mask_after(layer, index, keras) == expected


@pytest.mark.parametrize(
    "layer",
    [
        "layers.Softmax()",  # tf_keras 2.21 refuses the mask, Keras 3 keeps it
        "layers.Identity()",  # tf_keras 2.21 drops it, Keras 3 keeps it
        "layers.Conv1D(3, 2)",  # not modelled
    ],
)
def test_the_mask_stays_unknown_where_not_modelled(layer: str) -> None:
    assert mask_after(layer, 0, "3") is UNKNOWN


def test_no_mask_in_no_mask_out() -> None:
    out = interpret(
        """
        import keras
        from keras import layers
        out = layers.Bidirectional(layers.LSTM(3, return_sequences=True))(keras.Input((7, 2)))
        """
    ).globals["out"]
    assert keras_mask(out) is None


SELF_ATTENTION = """
import keras
from keras import layers, ops


class WeightedAttention(layers.Layer):
    def __init__(self, return_attention=False, **kwargs):
        super().__init__(**kwargs)
        self.return_attention = return_attention

    def build(self, input_shape):
        self.W = self.add_weight(shape=(int(input_shape[2]), 1), name="W")
        super().build(input_shape)

    def call(self, x, mask=None):
        logits = ops.squeeze(ops.matmul(x, self.W), -1)
        if mask is not None:
            logits -= 10000.0 * (1.0 - ops.cast(mask, "float32"))
        weights = ops.softmax(logits)
        result = ops.sum(x * ops.expand_dims(weights, -1), axis=1)
        if self.return_attention:
            return [result, weights]
        return result


tokens = keras.Input((None,))
embedded = layers.Embedding(3, 5, mask_zero=True)(tokens)
lstm = layers.Bidirectional(layers.LSTM(7, return_sequences=True))(embedded)
pooled, weights = WeightedAttention(return_attention=True)(lstm)
"""


def test_a_custom_layer_reads_the_mask_of_a_bidirectional_lstm() -> None:
    g = interpret(SELF_ATTENTION).globals
    assert str(g["pooled"].shape) == "(None, 14)"
    assert str(g["weights"].shape) == "(None, None)"
