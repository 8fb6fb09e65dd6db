"""Keras 2 (tf_keras): a Keras 1 `border_mode="same"` that tf_keras refuses. What follows is
read as the program means it (`padding="same"`, what the rename writes): the second
convolution gets 3 x 3 frames, so nothing else is wrong."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

model = keras.Sequential()
model.add(layers.Conv2D(8, (3, 3), border_mode="same", activation="relu", input_shape=(3, 3, 1)))  # error: LST402
model.add(layers.Conv2D(8, (3, 3)))
model.add(layers.Flatten())
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 3, 3, 1)), np.zeros((4, 1)), epochs=1, verbose=0)
