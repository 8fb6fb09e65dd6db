"""A convolutional autoencoder whose decoder asks for output_padding equal to its stride."""
import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(inputs)
x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(x)
x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", output_padding=2)(x)  # error: LST107
x = layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid")(x)
model = keras.Model(inputs, x)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 28, 28, 1)), np.zeros((4, 28, 28, 1)), epochs=1, verbose=0)
