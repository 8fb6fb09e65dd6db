"""Keras 2 (tf_keras): a regressor with one output per target value."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

X = np.random.rand(64, 12, 3).astype("float32")
y = np.random.rand(64).astype("float32")

model = keras.Sequential([
    layers.GRU(8, batch_input_shape=(None, 12, 3)),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=16, verbose=0)
