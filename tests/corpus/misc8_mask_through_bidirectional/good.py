"""Attention pooling over a masked Bi-LSTM: the custom layer reads the mask Keras passes it."""

import keras
from keras import layers, ops


class WeightedAttention(layers.Layer):
    """Softmax-weighted sum over time steps, skipping the padded ones."""

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
embedded = layers.Embedding(100, 16, mask_zero=True)(tokens)
states = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(embedded)
pooled, weights = WeightedAttention(return_attention=True)(states)
hidden = layers.Dense(16, activation="relu")(pooled)
outputs = layers.Dense(1, activation="sigmoid")(hidden)
model = keras.Model(tokens, [outputs, weights])
model.compile(optimizer="adam", loss=["binary_crossentropy", None])
