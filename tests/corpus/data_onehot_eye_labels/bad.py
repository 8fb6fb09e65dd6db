"""Activity classes one-hot encoded with `np.eye(n_classes)[labels]`."""
import numpy as np
import keras
from keras import layers

n_classes = 6
X = np.zeros((60, 128, 9), dtype="float32")
labels = np.random.randint(0, n_classes, size=(60,))
Y = np.eye(n_classes + 1)[labels]

model = keras.Sequential([
    keras.Input(shape=(128, 9)),
    layers.LSTM(32),
    layers.Dense(n_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, Y, epochs=1, batch_size=20, verbose=0)  # error: LST205
