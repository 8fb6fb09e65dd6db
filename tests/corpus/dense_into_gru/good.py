"""A scalar input embedded by a Dense layer and handed to a GRU, which needs time steps."""
import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(1,))
x = layers.Dense(16, activation="relu")(inputs)
x = layers.Reshape((16, 1))(x)  # the 16 features read as 16 steps of one feature
x = layers.GRU(8)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 1)), np.zeros((8, 1)), epochs=1, verbose=0)
