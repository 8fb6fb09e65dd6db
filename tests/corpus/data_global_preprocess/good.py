"""Notebook-style preprocessing: a function replaces the global array by its windowed form."""
import numpy as np
import keras
from keras import layers

X_train = np.zeros((24, 20), dtype="float32")   # 10 steps x 2 sensors, flattened
y_train = np.zeros((24, 1), dtype="float32")


def unflatten():
    global X_train
    X_train = X_train.reshape((X_train.shape[0], 10, 2))


unflatten()

inputs = keras.Input(shape=(10, 2))
x = layers.LSTM(8)(inputs)
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=1, batch_size=12, verbose=0)
