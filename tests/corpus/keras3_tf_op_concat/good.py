# lstmlint: keras-version = 3
# Two LSTM branches joined with keras.ops; TensorFlow functions stay inside a Lambda.
import keras
import tensorflow as tf
from keras import layers

words = keras.Input(shape=(30, 16))
chars = keras.Input(shape=(30, 8))
a = layers.LSTM(32, return_sequences=True)(words)
b = layers.LSTM(32, return_sequences=True)(chars)
joined = keras.ops.concatenate([a, b], axis=-1)
scaled = layers.Lambda(lambda t: tf.math.l2_normalize(t, axis=-1))(joined)
x = layers.LSTM(16)(scaled)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model([words, chars], outputs)
