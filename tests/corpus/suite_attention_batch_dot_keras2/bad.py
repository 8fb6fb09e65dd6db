"""Keras 2 (tf_keras): a scaled dot-product attention layer written with `K.batch_dot`
(default axes for the second product), `K.epsilon()` and a mask argument, as attention layer
libraries write it. Its 4-wide output is added to an 8-wide projection of the same sequence."""

import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class ScaledDotProductAttention(layers.Layer):
    def call(self, inputs, mask=None):
        if isinstance(inputs, list):
            query, key, value = inputs
        else:
            query = key = value = inputs
        if isinstance(mask, list):
            mask = mask[1]
        e = K.batch_dot(query, key, axes=2) / K.sqrt(K.cast(K.shape(query)[-1], dtype=K.floatx()))
        e = K.exp(e - K.max(e, axis=-1, keepdims=True))
        attention = e / (K.sum(e, axis=-1, keepdims=True) + K.epsilon())
        return K.batch_dot(attention, value)


inputs = keras.Input((7, 4))
attended = ScaledDotProductAttention()([inputs, inputs, inputs])
projected = layers.Dense(8)(inputs)
x = layers.Add()([attended, projected])  # error: LST110
outputs = layers.Dense(1)(layers.GlobalAveragePooling1D()(x))
model = keras.Model(inputs, outputs)
