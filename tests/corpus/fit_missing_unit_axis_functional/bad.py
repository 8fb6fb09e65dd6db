"""Functional model fed (samples, steps) windows; Keras 3 expands them to (samples, steps, 1)."""
import numpy as np
import tensorflow as tf

lookback = 16
X = np.zeros((40, lookback), dtype="float32")
y = np.zeros((40,), dtype="float32")

inputs = tf.keras.Input(shape=(lookback // 2, 2))
x = tf.keras.layers.GRU(8)(inputs)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mae")
model.fit(X, y, epochs=1, batch_size=20, verbose=0)  # error: LST207
