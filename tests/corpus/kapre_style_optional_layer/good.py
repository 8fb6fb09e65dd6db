"""An audio front end in the style of kapre's tests: a helper builds a Sequential and appends an
optional layer under `if following_layer is not None`. Given a custom layer that keeps the last
time step, the front end ends 2-D, and a Dense layer classifies it."""

import keras
from keras import layers


class LastStep(layers.Layer):
    """Keeps the last time step: (batch, time, features) -> (batch, features)."""

    def call(self, x):
        return x[:, -1, :]


def get_frontend(following_layer=None):
    model = keras.Sequential()
    model.add(keras.Input(shape=(100, 16)))
    model.add(layers.Conv1D(32, 5, padding="same"))
    if following_layer is not None:
        model.add(following_layer)
    return model


plain = get_frontend()
plain.add(layers.LSTM(8))

pooled = get_frontend(LastStep())
pooled.add(layers.Dense(8))
