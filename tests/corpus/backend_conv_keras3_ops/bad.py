"""A 1-D convolution written as a custom layer with `keras.backend.conv1d`, which Keras 3's
`keras.backend` no longer has (`keras.ops.conv` replaces it)."""

import keras
import numpy as np
from keras import layers


class WindowConv(layers.Layer):
    def __init__(self, filters, window, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.window = filters, window

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(self.window, input_shape[-1], self.filters))

    def call(self, x):
        return keras.backend.conv1d(x, self.kernel, padding="same")  # error: LST406


inputs = keras.Input((16, 3))
x = WindowConv(8, 5)(inputs)
x = layers.Reshape((16 * 8,))(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile("adam", "mse")
model.fit(np.zeros((4, 16, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
