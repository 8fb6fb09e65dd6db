"""A skip connection that is a concatenation or a sum, chosen with a conditional expression."""
import keras
from keras import layers

use_concat = False
width = 16

inputs = keras.Input(shape=(24, width))
h = layers.LSTM(width, return_sequences=True)(inputs)
merge = layers.Concatenate() if use_concat else layers.Add()
x = merge([inputs, h])
x = layers.LSTM(8)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
