"""kapre-style audio front end: custom layers apply `tf.signal.stft` between two `tf.transpose`s
(channels last in and out), then `tf.abs` and `tf.math.angle` of the complex spectrogram. One
second of 16 kHz stereo audio, windows of 400 every 160: 98 frames of 257 bins for each of the 2
channels, so the spectrogram is 4-D and the LSTM after it needs 3-D input."""
import keras
import numpy as np
import tensorflow as tf
from keras import layers


class STFT(layers.Layer):
    def __init__(self, n_fft, hop_length, **kwargs):
        super().__init__(**kwargs)
        self.n_fft = n_fft
        self.hop_length = hop_length

    def call(self, x):
        waveforms = tf.transpose(x, perm=(0, 2, 1))  # (batch, ch, time)
        stfts = tf.signal.stft(waveforms, frame_length=self.n_fft, frame_step=self.hop_length)
        return tf.transpose(stfts, perm=(0, 2, 3, 1))  # (batch, frames, bins, ch)


class Magnitude(layers.Layer):
    def call(self, x):
        return tf.abs(x)


class Phase(layers.Layer):
    def call(self, x):
        return tf.math.angle(x)


inputs = keras.Input(shape=(16000, 2))
spec = STFT(400, 160)(inputs)
features = layers.Concatenate()([Magnitude()(spec), Phase()(spec)])
x = layers.LSTM(16)(features)  # error: LST101
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((2, 16000, 2), "float32"), np.zeros((2, 1)), epochs=1, verbose=0)
