"""Subclassed model with a residual connection around the second LSTM."""
import numpy as np
import tensorflow as tf


class ResidualLSTM(tf.keras.Model):
    def __init__(self, d_model=16, n_out=1):
        super().__init__()
        self.proj = tf.keras.layers.Dense(d_model)
        self.rnn = tf.keras.layers.LSTM(d_model * 2, return_sequences=True)
        self.add = tf.keras.layers.Add()
        self.pool = tf.keras.layers.GlobalAveragePooling1D()
        self.out = tf.keras.layers.Dense(n_out)

    def call(self, x):
        x = self.proj(x)
        x = self.add([x, self.rnn(x)])  # error: LST110
        return self.out(self.pool(x))


model = ResidualLSTM()
y = model(np.zeros((2, 12, 4), dtype="float32"))
