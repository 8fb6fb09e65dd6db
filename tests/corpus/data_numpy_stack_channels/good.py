"""Two signals stacked into the feature axis with `np.stack(..., axis=-1)`."""
import numpy as np
import keras
from keras import layers

temperature = np.zeros((80, 24), dtype="float32")
humidity = np.zeros((80, 24), dtype="float32")
X = np.stack([temperature, humidity], axis=-1)
y = np.zeros((80, 1), dtype="float32")

inputs = keras.Input(shape=(24, 2))
outputs = layers.Dense(1)(layers.GRU(8)(inputs))
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
