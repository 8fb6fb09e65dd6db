"""A learned low-pass filter over each time step's 7 features, written with TensorFlow's real
FFT: `rfft` of 7 samples gives 4 frequency bins, and `irfft` is told the signal's length
(`fft_length=[7]`), so the residual adds 7 filtered features to the 7 inputs."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


class SpectralFilter(layers.Layer):
    def build(self, input_shape):
        self.length = input_shape[-1]
        self.gain = self.add_weight(shape=(input_shape[-1] // 2 + 1,), initializer="ones", name="gain")

    def call(self, x):
        spectrum = tf.signal.rfft(x)
        filtered = spectrum * tf.cast(self.gain, tf.complex64)
        return tf.signal.irfft(filtered, fft_length=[self.length])


inputs = keras.Input((30, 7))
smooth = SpectralFilter()(inputs)
x = layers.Add()([inputs, smooth])
x = layers.LSTM(16)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 30, 7), "float32"), np.zeros((8, 1), "float32"), epochs=1, verbose=0)
