"""Activity classification: one-hot targets must have as many columns as the softmax."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

n_classes = 6
X = np.zeros((20, 16, 3), dtype="float32")
labels = np.zeros(20, dtype="int64")
y = np.zeros((20, n_classes - 1), dtype="float32")

model = tf.keras.Sequential([
    layers.Input(shape=(16, 3)),
    layers.LSTM(16),
    layers.Dense(n_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, batch_size=10, verbose=0)  # error: LST205
