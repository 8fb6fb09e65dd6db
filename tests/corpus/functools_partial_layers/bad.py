"""functools.partial fixes the arguments every recurrent layer shares."""
from functools import partial

import keras
from keras import layers

SeqGRU = partial(layers.GRU, activation="tanh")

inputs = keras.Input(shape=(25, 3))
x = SeqGRU(32)(inputs)
x = SeqGRU(16)(x)  # error: LST101
outputs = layers.TimeDistributed(layers.Dense(1))(x)  # error: LST104
model = keras.Model(inputs, outputs)
