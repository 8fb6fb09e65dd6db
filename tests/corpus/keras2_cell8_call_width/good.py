"""Keras 2 (tf_keras): an RNN cell whose `call` returns more than its `output_size` says
(the state plus two extra features, as keras-ordered-neurons' ONLSTM cell does with
`return_splits`). tf_keras builds the graph by running the cell, so the RNN gives 6 features
per step, not 4: a skip connection 6 wide adds up."""

import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class SplitCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = K.tanh(K.dot(inputs, self.kernel) + K.dot(states[0], self.recurrent_kernel))
        extra = K.sum(h, axis=-1, keepdims=True)
        return K.concatenate([h, extra, extra], axis=-1), [h]


inputs = keras.Input(shape=(7, 5))
sequence = layers.RNN(SplitCell(4), return_sequences=True)(inputs)
skip = layers.Dense(6)(inputs)
merged = layers.Add()([sequence, skip])
model = keras.Model(inputs, layers.Dense(1)(merged))
model.compile(optimizer="adam", loss="mse")
