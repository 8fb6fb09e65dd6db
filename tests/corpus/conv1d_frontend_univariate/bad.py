"""Conv1D front end for a univariate window: reshape the window to (steps, 1) first."""
import numpy as np
import tensorflow as tf

window = 24
series = np.zeros(200, dtype="float32")
X = np.stack([series[i:i + window] for i in range(100)])
y = series[window:window + 100]

inputs = tf.keras.Input(shape=(window,))
x = tf.keras.layers.Conv1D(8, kernel_size=5, padding="causal", activation="relu")(inputs)  # error: LST104
x = tf.keras.layers.LSTM(16)(x)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="huber")
model.fit(X, y, epochs=1, batch_size=50, verbose=0)
