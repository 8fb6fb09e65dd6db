"""Keras 2 (tf_keras): an LSTM subclass whose `call` drops the last two features of
`super().call(...)` (an ordered-neurons style split), wrapped in `Bidirectional`. With
`return_sequences=True` each direction hands on every step to the next LSTM."""
import numpy as np
import tf_keras as keras
from tf_keras import layers


class SplitLSTM(layers.LSTM):
    def call(self, inputs, mask=None, training=None, initial_state=None):
        out = super().call(inputs, mask=mask, training=training, initial_state=initial_state)
        return out[..., :-2]


inputs = keras.Input(shape=(7, 3))
x = layers.Bidirectional(SplitLSTM(8, return_sequences=True))(inputs)
x = layers.LSTM(4)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 7, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
