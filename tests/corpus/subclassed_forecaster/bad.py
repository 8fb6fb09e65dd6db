"""A subclassed forecaster: layers are created in __init__ and applied in call()."""
import numpy as np
import keras
from keras import layers


class Forecaster(keras.Model):
    def __init__(self, units=32, horizon=3):
        super().__init__()
        self.lstm1 = layers.LSTM(units)
        self.lstm2 = layers.LSTM(units // 2)
        self.dropout = layers.Dropout(0.1)
        self.head = layers.Dense(horizon)

    def call(self, inputs, training=False):
        x = self.lstm1(inputs)
        x = self.dropout(x, training=training)
        x = self.lstm2(x)  # error: LST101
        return self.head(x)


model = Forecaster(units=16, horizon=2)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 10, 3)), np.zeros((8, 2)), epochs=1, verbose=0)
