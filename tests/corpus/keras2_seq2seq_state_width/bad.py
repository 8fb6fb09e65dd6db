"""Keras 2 (tf_keras): an encoder-decoder whose decoder is narrower than the encoder states it starts from."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

enc_in = keras.Input(shape=(10, 4))
dec_in = keras.Input(shape=(5, 4))
_, h, c = layers.LSTM(64, return_state=True)(enc_in)
dec = layers.LSTM(32, return_sequences=True)(dec_in, initial_state=[h, c])  # error: LST201
out = layers.TimeDistributed(layers.Dense(3))(dec)
model = keras.Model([enc_in, dec_in], out)
model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="mse")
model.fit([np.zeros((8, 10, 4)), np.zeros((8, 5, 4))], np.zeros((8, 5, 3)), epochs=1, verbose=0)
