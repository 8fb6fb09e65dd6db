"""Subclassed model with a training-only noise branch and old-style super()."""
import numpy as np
import keras
from keras import layers


class NoisyGRU(keras.Model):
    def __init__(self, units=16):
        super(NoisyGRU, self).__init__()
        self.noise = layers.GaussianNoise(0.1)
        self.gru1 = layers.GRU(units, return_sequences=True)
        self.gru2 = layers.GRU(units)
        self.out = layers.Dense(1)

    def call(self, inputs, training=None):
        x = inputs
        if training:
            x = self.noise(x, training=training)
        x = self.gru1(x)
        x = self.gru2(x)
        return self.out(x)


model = NoisyGRU()
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 10, 2)), np.zeros((8, 1)), epochs=1, verbose=0)
