"""Keras 2 (tf_keras): two inputs declared with an int shape, projected to one width and added."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

prices = keras.Input(shape=12)
volumes = keras.Input(shape=5)
a = layers.Dense(16, activation="relu")(prices)
b = layers.Dense(8, activation="relu")(volumes)
merged = layers.Add()([a, b])  # error: LST110
out = layers.Dense(1)(merged)
model = keras.Model([prices, volumes], out)
model.compile(optimizer="adam", loss="mse")
model.fit([np.zeros((8, 12)), np.zeros((8, 5))], np.zeros((8, 1)), epochs=1, verbose=0)
print(model.output_shape)
