"""Keras 2 (tf_keras): the Keras 2 spelling `padding="same"`: 3 x 3 frames stay 3 x 3, and the
second convolution makes them 1 x 1."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

model = keras.Sequential()
model.add(layers.Conv2D(8, (3, 3), padding="same", activation="relu", input_shape=(3, 3, 1)))
model.add(layers.Conv2D(8, (3, 3)))
model.add(layers.Flatten())
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 3, 3, 1)), np.zeros((4, 1)), epochs=1, verbose=0)
