"""keras.ops on symbolic tensors: mean over time, and a concatenation of two summaries."""
import keras
from keras import layers, ops

inputs = keras.Input(shape=(20, 6))
seq = layers.LSTM(16, return_sequences=True)(inputs)
mean_t = ops.mean(seq, axis=1)
last_t = layers.LSTM(16)(mean_t)  # error: LST101
x = ops.concatenate([mean_t, last_t], axis=-1)
model = keras.Model(inputs, layers.Dense(1)(x))
