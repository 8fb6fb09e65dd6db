"""A 2-D feature matrix gets its feature axis with np.expand_dims before the LSTM."""
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
X = rng.random((40, 12)).astype("float32")
y = X[:, -1:]

model = tf.keras.Sequential([
    tf.keras.Input(shape=X.shape[1:]),
    tf.keras.layers.LSTM(8),  # error: LST101
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=20, verbose=0)
