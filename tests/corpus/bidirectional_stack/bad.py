"""Two stacked bidirectional LSTMs for sequence classification."""
import tensorflow as tf
from tensorflow.keras import layers

n_timesteps, n_features, n_classes = 20, 4, 3

model = tf.keras.Sequential([
    layers.Input(shape=(n_timesteps, n_features)),
    layers.Bidirectional(layers.LSTM(16)),
    layers.Dropout(0.2),
    layers.Bidirectional(layers.LSTM(8)),  # error: LST101
    layers.Dense(n_classes, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
