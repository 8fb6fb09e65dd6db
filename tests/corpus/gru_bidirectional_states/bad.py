"""A bidirectional GRU encoder: its two final states, concatenated, start a GRU decoder."""
import numpy as np
import keras
from keras import layers

enc_in = keras.Input(shape=(9, 3))
enc_out, fwd_h, bwd_h = layers.Bidirectional(layers.GRU(8, return_state=True))(enc_in)
state = layers.Concatenate()([fwd_h, bwd_h])
dec_in = keras.Input(shape=(4, 3))
dec = layers.GRU(8, return_sequences=True)(dec_in, initial_state=state)  # warning: LST201
out = layers.Dense(3)(dec)
model = keras.Model([enc_in, dec_in], out)
preds = model.predict([np.zeros((2, 9, 3)), np.zeros((2, 4, 3))], verbose=0)  # keras-raises
