"""A subclass of `LSTM` that always hands on the last step only: its `__init__` passes
`return_sequences=False` to `super(LastStepLSTM, self).__init__`. Stacked before another LSTM,
it gives that LSTM one vector per sample instead of a sequence."""
import numpy as np
import keras
from keras import layers


class LastStepLSTM(layers.LSTM):
    def __init__(self, units, **kwargs):
        super(LastStepLSTM, self).__init__(units, return_sequences=False, **kwargs)


inputs = keras.Input(shape=(20, 6))
x = LastStepLSTM(32, dropout=0.1)(inputs)
x = layers.LSTM(16)(x)  # error: LST101
output = layers.Dense(1)(x)
model = keras.Model(inputs, output)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 20, 6)), np.zeros((4, 1)), epochs=1, verbose=0)
