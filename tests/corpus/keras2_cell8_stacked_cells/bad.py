"""Keras 2 (tf_keras): stacked cells, Keras' own `GRUCell` then a cell of the program whose
`call` returns more than its `output_size` says. tf_keras runs the stack, so the RNN gives
what the last cell's `call` returns (5 features), and a 3-wide residual cannot be added."""

import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class GateCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, inputs, states):
        h = K.sigmoid(K.dot(inputs, self.kernel)) * states[0]
        gate = K.mean(h, axis=-1, keepdims=True)
        return K.concatenate([h, gate, gate], axis=-1), [h]


inputs = keras.Input(shape=(9, 4))
last = layers.RNN([layers.GRUCell(6), GateCell(3)])(inputs)
residual = layers.Dense(3)(layers.Flatten()(inputs))
merged = layers.Add()([last, residual])  # error: LST110
model = keras.Model(inputs, layers.Dense(1)(merged))
model.compile(optimizer="adam", loss="mse")
