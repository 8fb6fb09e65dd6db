"""A subclass of `LSTM` whose `__init__` passes `return_sequences=True` to
`super(SequenceLSTM, self).__init__`: stacked before another LSTM, it hands on every step."""
import numpy as np
import keras
from keras import layers


class SequenceLSTM(layers.LSTM):
    def __init__(self, units, **kwargs):
        super(SequenceLSTM, self).__init__(units, return_sequences=True, **kwargs)


inputs = keras.Input(shape=(20, 6))
x = SequenceLSTM(32, dropout=0.1)(inputs)
x = layers.LSTM(16)(x)
output = layers.Dense(1)(x)
model = keras.Model(inputs, output)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 20, 6)), np.zeros((4, 1)), epochs=1, verbose=0)
