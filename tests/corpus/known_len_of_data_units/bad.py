"""Character model sized by the charset read from the text (`len(chars)` units): the softmax
over the next character is 2-D, and a second LSTM is stacked on it."""

import string

import keras
import numpy as np
from keras import layers

text = (string.ascii_lowercase + " .,") * 20
chars = sorted(set(text))
maxlen = 10

model = keras.Sequential()
model.add(keras.Input(shape=(maxlen, len(chars))))
model.add(layers.LSTM(32))
model.add(layers.Dense(len(chars), activation="softmax"))
model.add(layers.LSTM(8))  # error: LST101
model.compile(optimizer="adam", loss="categorical_crossentropy")
x = np.zeros((4, maxlen, len(chars)), dtype="float32")
model.predict(x, verbose=0)
