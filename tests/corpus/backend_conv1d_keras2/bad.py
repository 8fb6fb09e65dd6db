"""Keras 2 (tf_keras): a 1-D convolution written as a custom layer with `K.conv1d`. With
padding 'valid' a window of 5 shortens the 16 steps to 12, but the flattening reshape after it
expects all 16."""

import numpy as np
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class WindowConv(layers.Layer):
    def __init__(self, filters, window, padding="valid", **kwargs):
        super().__init__(**kwargs)
        self.filters, self.window, self.padding = filters, window, padding

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(self.window, input_shape[-1], self.filters))

    def call(self, x):
        return K.conv1d(x, self.kernel, padding=self.padding)


inputs = keras.Input((16, 3))
x = WindowConv(8, 5)(inputs)
x = layers.Reshape((16 * 8,))(x)  # error: LST106
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile("adam", "mse")
model.fit(np.zeros((4, 16, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
