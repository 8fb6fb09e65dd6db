"""Character model sized by the charset read from the text (`len(chars)` units): the first LSTM
returns its whole sequence, so the per-step softmax over the charset feeds a second LSTM."""

import string

import keras
import numpy as np
from keras import layers

text = (string.ascii_lowercase + " .,") * 20
chars = sorted(set(text))
maxlen = 10

model = keras.Sequential()
model.add(keras.Input(shape=(maxlen, len(chars))))
model.add(layers.LSTM(32, return_sequences=True))
model.add(layers.Dense(len(chars), activation="softmax"))
model.add(layers.LSTM(8))
model.compile(optimizer="adam", loss="categorical_crossentropy")
x = np.zeros((4, maxlen, len(chars)), dtype="float32")
model.predict(x, verbose=0)
