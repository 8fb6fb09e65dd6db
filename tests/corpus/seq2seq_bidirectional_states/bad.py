"""Bidirectional encoder: forward and backward states are concatenated for the decoder."""
import numpy as np
import keras
from keras import layers

n_in, n_out, units = 6, 4, 8

enc_in = keras.Input(shape=(10, n_in))
enc_out, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(units, return_state=True))(enc_in)
state_h = layers.Concatenate()([fh, bh])
state_c = layers.Concatenate()([fc, bc])

dec_in = keras.Input(shape=(7, n_out))
dec_seq = layers.LSTM(units, return_sequences=True)(dec_in, initial_state=[state_h, state_c])  # warning: LST201
pred = layers.TimeDistributed(layers.Dense(n_out, activation="softmax"))(dec_seq)

model = keras.Model([enc_in, dec_in], pred)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit([np.zeros((4, 10, n_in)), np.zeros((4, 7, n_out))], np.zeros((4, 7, n_out)), epochs=1, verbose=0)  # keras-raises
