"""Keras 2 (tf_keras): TensorFlow functions on Keras tensors (TFOpLambda layers): the
series and its calendar features joined with `tf.concat`, then flattened by `tf.reshape`
before the LSTM."""
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

series = keras.Input(shape=(24, 3))
calendar = keras.Input(shape=(24, 2))
joined = tf.concat([series, calendar], axis=-1)
flat = tf.reshape(joined, (-1, 120))
h = layers.LSTM(16)(flat)  # error: LST101
model = keras.Model([series, calendar], layers.Dense(1)(h))
model.compile(optimizer="adam", loss="mse")
model.fit([np.zeros((4, 24, 3)), np.zeros((4, 24, 2))], np.zeros((4, 1)), epochs=1, verbose=0)
