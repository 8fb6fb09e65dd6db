"""A Sequential model with no declared input: Keras builds it from the first batch `fit` gets."""
import numpy as np
import keras
from keras import layers

X = np.random.rand(40, 20, 1).astype("float32")
y = np.random.rand(40, 1).astype("float32")

model = keras.Sequential()
model.add(layers.LSTM(32))
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
