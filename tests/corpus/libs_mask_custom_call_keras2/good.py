"""Keras 2 (tf_keras): a residual attention layer (RealFormer style) reads the mask Keras
passes its `call`: the embedding's padding mask (`mask_zero=True`), None for the previous
scores. Its output has the embedding's 6 features, as the embedding it is added back to."""
import numpy as np
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class ResidualAttention(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return [mask[0], mask[-1]]

    def call(self, inputs, mask=None):
        query, value, prev = inputs
        mask = mask[0]
        e = K.batch_dot(query, query, axes=2) / K.sqrt(K.cast(K.shape(query)[-1], K.floatx()))
        new_prev = e = e + prev
        if mask is not None:
            e -= 10000.0 * (1.0 - K.cast(K.expand_dims(mask, axis=-2), K.floatx()))
        e = K.exp(e - K.max(e, axis=-1, keepdims=True))
        attention = e / K.sum(e, axis=-1, keepdims=True)
        return [K.batch_dot(attention, value), new_prev]


tokens = keras.Input(shape=(5,))
prev = keras.Input(shape=(5, 5))
embedded = layers.Embedding(input_dim=4, output_dim=6, mask_zero=True)(tokens)
attended, scores = ResidualAttention()([embedded, embedded, prev])
out = layers.Add()([attended, embedded])
model = keras.Model([tokens, prev], out)
model.compile(optimizer="adam", loss="mse")
model.fit([np.ones((4, 5)), np.zeros((4, 5, 5))], np.zeros((4, 5, 6)), epochs=1, verbose=0)
