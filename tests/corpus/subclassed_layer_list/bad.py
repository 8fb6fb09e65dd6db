"""Subclassed stack: a list of LSTM layers built in __init__, applied in a loop in call()."""
import numpy as np
import keras
from keras import layers


class StackedLSTM(keras.Model):
    def __init__(self, sizes=(32, 16, 8)):
        super().__init__()
        self.blocks = [layers.LSTM(n) for n in sizes[:-1]]
        self.last = layers.LSTM(sizes[-1])
        self.head = layers.Dense(1)

    def call(self, x):
        for block in self.blocks:
            x = block(x)  # error: LST101
        x = self.last(x)  # error: LST101
        return self.head(x)


model = StackedLSTM()
preds = model.predict(np.zeros((4, 10, 2)), verbose=0)
