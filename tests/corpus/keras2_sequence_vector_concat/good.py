"""Keras 2 (tf_keras): a sequence encoder joined with static features, Keras 1 era layer names."""
import numpy as np
import tf_keras as keras
from tf_keras.layers import LSTM, Concatenate, Convolution1D, Dense, Input

series = Input(shape=(30, 3))
static = Input(shape=4)
x = Convolution1D(8, 3, padding="same", activation="relu")(series)
x = LSTM(16, time_major=False)(x)
joined = Concatenate()([x, static])
out = Dense(1, activation="sigmoid")(joined)
model = keras.Model([series, static], out)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit([np.zeros((8, 30, 3)), np.zeros((8, 4))], np.zeros((8, 1)), epochs=1, verbose=0)
