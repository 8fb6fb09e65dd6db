"""A Sequential regressor declared with `input_shape=` on its first layer, used through `predict`."""
import numpy as np
import keras
from keras import layers

features = np.zeros((50, 3), dtype="float32")
prices = np.zeros((50, 1), dtype="float32")

model = keras.Sequential([
    layers.Dense(16, activation="relu", input_shape=(3,)),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(features, prices, epochs=1, verbose=0)
new_house = np.array([[3.0, 2.0, 120.0]])
print(model.predict(new_house, verbose=0))
