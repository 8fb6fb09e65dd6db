"""An array grown in place with ndarray.resize to make room for an extra feature."""
import numpy as np
import keras
from keras import layers

X = np.zeros((16, 8, 2), dtype="float32")
X.resize((16, 8, 3), refcheck=False)
y = np.zeros((16, 1), dtype="float32")

inputs = keras.Input(shape=(8, 3))
model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=8, verbose=0)
