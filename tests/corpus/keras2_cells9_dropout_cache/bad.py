"""Keras 2 (tf_keras): a recurrent cell keeps its dropout masks in a
`backend.ContextValueCache` (as keras-ordered-neurons' ONLSTM cell does) and makes them with
`K.in_train_phase(dropped, ones, training=training)`. tf_keras runs the cell to build the
graph, so each step's output is what `call` returns: the state plus two extra features, 6
wide, not 4: adding a 4-wide skip connection fails."""

import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers
from tf_keras.src import backend


def _masks(ones, rate, training=None, count=1):
    def dropped():
        return K.dropout(ones, rate)

    if count > 1:
        return [K.in_train_phase(dropped, ones, training=training) for _ in range(count)]
    return K.in_train_phase(dropped, ones, training=training)


class MaskedCell(layers.Layer):
    def __init__(self, units, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dropout = dropout
        self.state_size = units
        self.output_size = units
        self._mask_cache = backend.ContextValueCache(self._create_masks)

    def _create_masks(self, inputs, training, count=1):
        return _masks(K.ones_like(inputs), self.dropout, training=training, count=count)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, inputs, states, training=None):
        masks = self._mask_cache.setdefault(kwargs=dict(inputs=inputs, training=training, count=2))
        h = K.tanh(K.dot(inputs * masks[0], self.kernel) + states[0])
        extra = K.sum(h, axis=-1, keepdims=True)
        return K.concatenate([h, extra, extra], axis=-1), [h]


inputs = keras.Input(shape=(7, 5))
sequence = layers.RNN(MaskedCell(4, dropout=0.1), return_sequences=True)(inputs)
skip = layers.Dense(4)(inputs)
merged = layers.Add()([sequence, skip])  # error: LST110
model = keras.Model(inputs, layers.Dense(1)(merged))
model.compile(optimizer="adam", loss="mse")
