"""A memory layer whose input projection is optional, as recurrent-memory libraries write it:
`self.kernel` stays None unless `build` makes it, and `call` projects only when it exists. The
projection keeps the 12 features, so the residual adds 12 to 12."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


class Memory(layers.Layer):
    def __init__(self, memory_d, project=True, **kwargs):
        super().__init__(**kwargs)
        self.memory_d = memory_d
        self.project = project
        self.kernel = None

    def build(self, input_shape):
        if self.project:
            self.kernel = self.add_weight(shape=(input_shape[-1], self.memory_d), name="kernel")

    def call(self, inputs):
        u = inputs
        if self.kernel is not None:
            u = tf.matmul(u, self.kernel)
        return tf.math.cumsum(u, axis=1)


inputs = keras.Input((20, 12))
memory = Memory(12)(inputs)
x = layers.Add()([inputs, memory])
x = layers.GRU(8)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.predict(np.zeros((4, 20, 12), "float32"), verbose=0)
