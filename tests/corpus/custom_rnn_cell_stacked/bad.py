"""An RNN over a cell the program defines, stacked under an LSTM: the RNN hands on only its last output."""
import keras
from keras import layers


class MinimalRNNCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = keras.ops.matmul(inputs, self.kernel)
        output = h + keras.ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


inputs = keras.Input(shape=(20, 8))
x = layers.RNN(MinimalRNNCell(32))(inputs)
x = layers.LSTM(16)(x)  # error: LST101
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
