"""Additive (Bahdanau-style) attention over LSTM outputs, then a second recurrent layer."""
import tensorflow as tf
from tensorflow.keras import layers

seq_len, n_feat = 30, 6

inputs = layers.Input(shape=(seq_len, n_feat))
h_seq = layers.LSTM(12, return_sequences=True)(inputs)
q_seq = layers.Dense(12)(layers.LSTM(12)(inputs))
attended = layers.AdditiveAttention()([q_seq, h_seq])
x = layers.LSTM(12)(attended)  # error: LST101
outputs = layers.Dense(2, activation="softmax")(x)
model = tf.keras.Model(inputs, outputs)
