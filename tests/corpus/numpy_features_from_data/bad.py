"""Multivariate input: n_features comes from the data array's last axis."""
import numpy as np
import tensorflow as tf

data = np.zeros((100, 24, 6))
n_samples, n_timesteps, n_features = data.shape
targets = np.zeros((n_samples, 1))

inputs = tf.keras.Input(shape=(n_timesteps, n_features))
x = tf.keras.layers.LSTM(16)(inputs)
x = tf.keras.layers.Concatenate()([inputs, x])  # error: LST112
x = tf.keras.layers.LSTM(8)(x)
model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(x))
model.compile("adam", "mse")
model.fit(data, targets, epochs=1, batch_size=50, verbose=0)
