"""Wide-and-deep over time: a Dense branch per step is concatenated with the LSTM sequence."""
import tensorflow as tf
from tensorflow.keras import layers

inputs = tf.keras.Input(shape=(15, 4))
deep = layers.LSTM(16)(inputs)
wide = layers.Dense(4)(inputs)
x = layers.Concatenate()([deep, wide])  # error: LST112
x = layers.LSTM(8)(x)
model = tf.keras.Model(inputs, layers.Dense(1)(x))
