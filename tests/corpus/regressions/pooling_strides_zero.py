"""Regression (differential suite): pooling with `strides=0` passes Keras' constructor and fails
where the layer is called, so that is where it is reported."""
import keras
from keras import layers

inputs = keras.Input(shape=(12, 3))
x = layers.LSTM(8, return_sequences=True)(inputs)
pool = layers.MaxPooling1D(pool_size=2, strides=0)
x = pool(x)  # error: LST107
model = keras.Model(inputs, x)
