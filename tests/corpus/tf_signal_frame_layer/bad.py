"""A custom layer cuts audio into frames with `tf.signal.frame` (kapre's `Frame`): 1000 samples,
frames of 50 every 25, so 39 frames per channel. Two channels make the frames 4-D, and the LSTM
after them needs 3-D input."""
import keras
import numpy as np
import tensorflow as tf
from keras import layers


class Frame(layers.Layer):
    def __init__(self, frame_length, hop_length, **kwargs):
        super().__init__(**kwargs)
        self.frame_length = frame_length
        self.hop_length = hop_length

    def call(self, x):
        return tf.signal.frame(x, frame_length=self.frame_length, frame_step=self.hop_length, axis=-1)


inputs = keras.Input(shape=(2, 1000))
frames = Frame(50, 25)(inputs)
x = layers.LSTM(8)(frames)  # error: LST101
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 2, 1000)), np.zeros((4, 1)), epochs=1, verbose=0)
