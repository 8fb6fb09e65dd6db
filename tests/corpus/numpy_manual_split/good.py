"""A chronological train/validation split made by slicing the arrays."""
import numpy as np
import tensorflow as tf

X = np.zeros((60, 8, 2), dtype="float32")
y = np.zeros((60, 1), dtype="float32")
split = 48
X_train, X_val = X[:split], X[split:]
y_train, y_val = y[:split], y[split:]

model = tf.keras.Sequential([tf.keras.Input(shape=(8, 2)), tf.keras.layers.LSTM(8), tf.keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=1, batch_size=16, verbose=0)
