"""Keras 2 (tf_keras): dot-product attention of a 32-wide decoder over a 64-wide encoder."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

decoder_seq = keras.Input(shape=(5, 32))
encoder_seq = keras.Input(shape=(10, 64))
context = layers.Attention()([decoder_seq, encoder_seq])  # error: LST202
out = layers.Dense(1)(layers.GlobalAveragePooling1D()(context))
model = keras.Model([decoder_seq, encoder_seq], out)
model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="mse")
model.fit([np.zeros((8, 5, 32)), np.zeros((8, 10, 64))], np.zeros((8, 1)), epochs=1, verbose=0)
