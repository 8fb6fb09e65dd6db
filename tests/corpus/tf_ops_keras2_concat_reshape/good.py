"""Keras 2 (tf_keras): TensorFlow functions on Keras tensors (TFOpLambda layers): the
series and its calendar features joined with `tf.concat`, regrouped by `tf.reshape` into
twelve steps of two hours, and a per-step mean added with `tf.expand_dims`."""
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

series = keras.Input(shape=(24, 3))
calendar = keras.Input(shape=(24, 2))
joined = tf.concat([series, calendar], axis=-1)
pairs = tf.reshape(joined, (-1, 12, 10))
level = tf.expand_dims(tf.reduce_mean(pairs, axis=-1), -1)
h = layers.LSTM(16)(tf.concat([pairs, level], axis=2))
model = keras.Model([series, calendar], layers.Dense(1)(h))
model.compile(optimizer="adam", loss="mse")
model.fit([np.zeros((4, 24, 3)), np.zeros((4, 24, 2))], np.zeros((4, 1)), epochs=1, verbose=0)
