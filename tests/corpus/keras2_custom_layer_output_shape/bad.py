"""Keras 2 (tf_keras): an Antirectifier-style custom layer that declares its output with
`compute_output_shape` (twice the features), stacked before an LSTM that needs sequences."""
import numpy as np
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class Antirectifier(layers.Layer):
    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        shape[-1] *= 2
        return tuple(shape)

    def call(self, inputs):
        inputs -= K.mean(inputs, axis=1, keepdims=True)
        inputs = K.l2_normalize(inputs, axis=1)
        return K.concatenate([K.relu(inputs), K.relu(-inputs)], axis=1)


model = keras.Sequential()
model.add(layers.Dense(32, input_shape=(16,)))
model.add(Antirectifier())
model.add(layers.LSTM(8))  # error: LST101
model.add(layers.Dense(1))
model.compile(optimizer="rmsprop", loss="mse")
model.fit(np.zeros((8, 16)), np.zeros((8, 1)), epochs=1, verbose=0)
