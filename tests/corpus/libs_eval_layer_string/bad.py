"""A test-suite helper builds the layer under test from a string (`eval(spec)`, with the spec
a pytest parameter in the suite this comes from). The evaluated LSTM hands on only its last
step, and the LSTM stacked after it needs a sequence."""
import numpy as np
import keras
from keras import layers


def build(spec):
    inputs = keras.Input(shape=(10, 4))
    x = eval(spec)(inputs)
    x = layers.LSTM(3)(x)  # error: LST101
    model = keras.Model(inputs, layers.Dense(1)(x))
    model.compile(optimizer="adam", loss="mse")
    return model


model = build("layers." + "LSTM(8)")
model.fit(np.zeros((4, 10, 4)), np.zeros((4, 1)), epochs=1, verbose=0)
