"""Keras 3: an RNN cell whose `call` returns more than its `output_size` says. Keras 3 sizes
the RNN's output from `output_size` when it builds the model (4 features), whatever `call`
returns (tf_keras would run the cell and get 6): a 4-wide skip connection builds."""

import keras
from keras import layers, ops


class SplitCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel) + states[0])
        extra = ops.sum(h, axis=-1, keepdims=True)
        return ops.concatenate([h, extra, extra], axis=-1), [h]


inputs = keras.Input(shape=(7, 5))
sequence = layers.RNN(SplitCell(4), return_sequences=True)(inputs)
skip = layers.Dense(4)(inputs)
merged = layers.Add()([sequence, skip])
model = keras.Model(inputs, layers.Dense(1)(merged))
model.compile(optimizer="adam", loss="mse")
