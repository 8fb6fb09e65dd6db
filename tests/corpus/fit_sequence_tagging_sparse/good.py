"""Part-of-speech style tagging: one integer tag per token, a softmax per time step."""
import numpy as np
import keras
from keras import layers

n_sent, max_len, vocab, n_tags = 12, 15, 300, 6
tokens = np.zeros((n_sent, max_len), dtype="int32")
tags = np.zeros((n_sent, max_len), dtype="int32")

inputs = keras.Input(shape=(max_len,))
x = layers.Embedding(vocab, 16, mask_zero=True)(inputs)
x = layers.LSTM(16, return_sequences=True)(x)
outputs = layers.TimeDistributed(layers.Dense(n_tags, activation="softmax"))(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(tokens, tags, batch_size=6, epochs=1, verbose=0)
