"""Two heads on one encoder: a regression target and a 3-class regime, fitted with a list."""
import numpy as np
import keras
from keras import layers

X = np.zeros((20, 10, 4), dtype="float32")
y_price = np.zeros((20, 1), dtype="float32")
y_regime = np.zeros((20, 3), dtype="float32")

inputs = keras.Input(shape=(10, 4))
h = layers.LSTM(16)(inputs)
price = layers.Dense(1, name="price")(h)
regime = layers.Dense(3, activation="softmax", name="regime")(h)
model = keras.Model(inputs, [price, regime])
model.compile(optimizer="adam", loss=["mse", "categorical_crossentropy"])
model.fit(X, [y_price, y_regime], epochs=1, batch_size=10, verbose=0)
