"""Encoder states passed on: a GRU returns one state, an LSTM two."""
import keras
from keras import layers

timesteps, features, units = 12, 3, 16

inputs = keras.Input(shape=(timesteps, features))
enc_seq, enc_h, enc_c = layers.GRU(units, return_sequences=True, return_state=True)(inputs)  # error: LST209
summary = layers.GlobalAveragePooling1D()(enc_seq)
merged = layers.Concatenate()([summary, enc_h])
outputs = layers.Dense(1)(merged)
model = keras.Model(inputs, outputs)
