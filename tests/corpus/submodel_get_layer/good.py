"""A tagger re-uses a trained model's per-step layer through get_layer(...).output."""
import keras
from keras import layers

inp = keras.Input(shape=(12, 4))
seq = layers.LSTM(16, return_sequences=True, name="seq")(inp)
vec = layers.LSTM(8, name="summary")(seq)
base = keras.Model(inp, layers.Dense(1)(vec))

steps = base.get_layer("seq").output
tags = layers.TimeDistributed(layers.Dense(3, activation="softmax"))(steps)
tagger = keras.Model(base.input, tags)
