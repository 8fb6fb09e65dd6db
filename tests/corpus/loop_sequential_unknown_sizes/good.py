"""Dense layers added for each size in a list read from the environment: the loop is not
unrolled, but every iteration leaves the model 2-D, so the layer after it is checked."""

import os

import keras
from keras import layers

sizes = [int(s) for s in os.environ.get("DENSE_SIZES", "64,32").split(",")]

model = keras.Sequential()
model.add(keras.Input(shape=(20,)))
for size in sizes:
    model.add(layers.Dense(size, activation="relu"))
    model.add(layers.Dropout(0.2))
model.add(layers.RepeatVector(5))
model.add(layers.LSTM(8))
model.add(layers.Dense(1))
