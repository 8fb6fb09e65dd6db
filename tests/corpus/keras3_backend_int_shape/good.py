# lstmlint: keras-version = 3
# Keras 3: a symbolic tensor's static shape is a plain tuple.
import keras
from keras import layers

inputs = keras.Input(shape=(12, 6))
x = layers.Conv1D(24, 3, padding="same")(inputs)
width = x.shape[-1]
x = layers.LSTM(width // 2)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
