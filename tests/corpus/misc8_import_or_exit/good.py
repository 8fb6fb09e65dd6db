"""Layers imported where available, the script exits otherwise: only the import path goes on."""

import sys

import keras

try:
    from keras.layers import LSTM, Dense, Embedding
except ImportError:
    sys.exit("this example needs Keras with its recurrent layers")

tokens = keras.Input((40,))
x = Embedding(1000, 32)(tokens)
x = LSTM(16, return_sequences=True)(x)
x = LSTM(8)(x)
outputs = Dense(1, activation="sigmoid")(x)
model = keras.Model(tokens, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
