"""Binary classification with flat 0/1 labels of shape (n,) and a single sigmoid unit."""
import numpy as np
import keras
from keras import layers

X = np.zeros((24, 20, 2), dtype="float32")
labels = np.zeros((24,), dtype="float32")

model = keras.Sequential([
    keras.Input(shape=(20, 2)),
    layers.Bidirectional(layers.LSTM(8)),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, labels, epochs=1, batch_size=12, verbose=0)  # error: LST205
