"""The usual helper: build_model(n_steps, n_features, hidden=64) returns a compiled model."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


def build_model(n_steps, n_features, hidden=64):
    inputs = tf.keras.Input(shape=(n_steps, n_features))
    x = layers.LSTM(hidden, return_sequences=True)(inputs)
    x = layers.LSTM(hidden // 2)(x)
    outputs = layers.Dense(1)(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model


model = build_model(10, 3, hidden=16)
model.fit(np.zeros((8, 10, 3)), np.zeros((8, 1)), epochs=1, verbose=0)
