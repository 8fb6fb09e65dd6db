# lstmlint: keras-version = 3
# Two LSTM branches joined with TensorFlow functions, as tf.keras 2 allowed (TFOpLambda).
import keras
import tensorflow as tf
from keras import layers

words = keras.Input(shape=(30, 16))
chars = keras.Input(shape=(30, 8))
a = layers.LSTM(32, return_sequences=True)(words)
b = layers.LSTM(32, return_sequences=True)(chars)
joined = tf.concat([a, b], axis=-1)  # error: LST407
x = layers.LSTM(16)(joined)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model([words, chars], outputs)
