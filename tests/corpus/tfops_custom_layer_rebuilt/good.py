"""A Sequential model without a declared input, built by Keras from the first batch `fit`
gets; a custom layer of the file reverses time with `tf.reverse` before two stacked LSTMs."""
import keras
import numpy as np
import tensorflow as tf
from keras import layers


class TimeReverse(layers.Layer):
    def call(self, inputs):
        return tf.reverse(inputs, axis=[1])


model = keras.Sequential(
    [
        layers.Embedding(100, 16),
        TimeReverse(),
        layers.LSTM(8, return_sequences=True),
        layers.LSTM(4),
        layers.Dense(1),
    ]
)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 10)), np.zeros((8, 1)), epochs=1, verbose=0)
