"""A sequence classifier that zeroes small activations with `ReLU(threshold=...)`, Keras 3's
replacement for Keras 2's `ThresholdedReLU`."""

import keras
import numpy as np
from keras import layers

inputs = keras.Input((20, 6))
x = layers.Dense(16)(inputs)
x = layers.ReLU(threshold=0.5)(x)
x = layers.LSTM(8)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(np.zeros((4, 20, 6)), np.zeros((4,)), epochs=1, verbose=0)
