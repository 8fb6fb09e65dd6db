"""A Conv1D front end normalised with GroupNormalization before an LSTM; the default 32 groups outnumber its 24 channels."""
import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(50, 6))
x = layers.Conv1D(24, 5, padding="same", activation="relu")(inputs)
x = layers.GroupNormalization()(x)  # error: LST116
x = layers.LSTM(16)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 50, 6)), np.zeros((8, 1)), epochs=1, verbose=0)
