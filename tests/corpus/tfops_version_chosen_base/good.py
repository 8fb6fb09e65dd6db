"""A layer module picks its base class by the installed TensorFlow's version (keras-lmu's
`if tf_version < version.parse(...)`), importing a Keras 2 module only on the old side. Under
Keras 3 the new side is taken: `Magnitude` is a Keras layer keeping its input's shape, 20 steps
of 3 features for the LSTM."""
import keras
import numpy as np
import tensorflow as tf
from keras import layers
from packaging import version

tf_version = version.parse(tf.__version__)
if tf_version < version.parse("2.13.0rc0"):
    from keras.engine.base_layer import BaseRandomLayer
else:
    from keras.layers import Layer as BaseRandomLayer


class Magnitude(BaseRandomLayer):
    def call(self, x):
        return tf.abs(x)


inputs = keras.Input(shape=(20, 3))
x = Magnitude()(inputs)
x = layers.LSTM(8)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((2, 20, 3)), np.zeros((2, 1)), epochs=1, verbose=0)
