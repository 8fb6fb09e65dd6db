"""A Sequential model handed to a library function (a logger here, a converter or a wrapper in
real code) before more layers are added: the library only reads it, and the LSTM added after
it gets the 2-D output of a Dense layer."""
import logging

import keras
from keras import layers

model = keras.Sequential([keras.Input((20,)), layers.Dense(32, activation="relu")])
logging.info("base model: %s", model)
model.add(layers.LSTM(16))  # error: LST101
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
