"""A learned low-pass filter over each time step's 7 features, written with TensorFlow's real
FFT: `rfft` of 7 samples gives 4 frequency bins, and `irfft` without `fft_length` assumes an
even signal, 2 * (4 - 1) = 6 samples. The residual then adds 6 filtered features to the 7
inputs."""

import keras
import tensorflow as tf
from keras import layers


class SpectralFilter(layers.Layer):
    def build(self, input_shape):
        self.gain = self.add_weight(shape=(input_shape[-1] // 2 + 1,), initializer="ones", name="gain")

    def call(self, x):
        spectrum = tf.signal.rfft(x)
        filtered = spectrum * tf.cast(self.gain, tf.complex64)
        return tf.signal.irfft(filtered)


inputs = keras.Input((30, 7))
smooth = SpectralFilter()(inputs)
x = layers.Add()([inputs, smooth])  # error: LST110
x = layers.LSTM(16)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
