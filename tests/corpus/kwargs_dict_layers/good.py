"""Shared recurrent settings kept in a dict and splatted into each layer."""
import tensorflow as tf
from tensorflow.keras import layers

rnn_kwargs = dict(return_sequences=True, dropout=0.1, recurrent_dropout=0.0)

inputs = tf.keras.Input(shape=(30, 5))
x = layers.LSTM(32, **rnn_kwargs)(inputs)
x = layers.LSTM(16, **rnn_kwargs)(x)
x = layers.LSTM(8)(x)
model = tf.keras.Model(inputs, layers.Dense(1)(x))
