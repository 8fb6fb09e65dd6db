"""Sequence tagging: a Bidirectional LSTM labels every time step."""
import keras
from keras import layers

max_len, vocab, n_tags = 25, 200, 5

words = keras.Input(shape=(max_len,))
x = layers.Embedding(vocab, 16)(words)
x = layers.Bidirectional(layers.LSTM(16, return_sequences=True), merge_mode="sum")(x)
x = layers.Add()([x, layers.Dense(16)(x)])
tags = layers.TimeDistributed(layers.Dense(n_tags, activation="softmax"))(x)
model = keras.Model(words, tags)
