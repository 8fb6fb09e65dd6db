"""A custom Layer wraps a bidirectional encoder; a functional model uses it."""
import keras
from keras import layers


class Encoder(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.bi = layers.Bidirectional(layers.LSTM(units))
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(self.bi(x))


inp = keras.Input(shape=(20, 4))
h = Encoder(8)(inp)
h = layers.LSTM(8)(h)  # error: LST101
out = layers.Dense(3, activation="softmax")(h)
model = keras.Model(inp, out)
