"""A sequence classifier that zeroes small activations with `ThresholdedReLU`, a Keras 2 layer
Keras 3 no longer has."""

import keras
import numpy as np
from keras import layers

inputs = keras.Input((20, 6))
x = layers.Dense(16)(inputs)
x = layers.ThresholdedReLU(theta=0.5)(x)  # error: LST403
x = layers.LSTM(8)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(np.zeros((4, 20, 6)), np.zeros((4,)), epochs=1, verbose=0)
