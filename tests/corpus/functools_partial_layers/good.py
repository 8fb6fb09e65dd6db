"""functools.partial fixes the arguments every recurrent layer shares."""
from functools import partial

import keras
from keras import layers

SeqGRU = partial(layers.GRU, return_sequences=True, activation="tanh")

inputs = keras.Input(shape=(25, 3))
x = SeqGRU(32)(inputs)
x = SeqGRU(16)(x)
outputs = layers.TimeDistributed(layers.Dense(1))(x)
model = keras.Model(inputs, outputs)
