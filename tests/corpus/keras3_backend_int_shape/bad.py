# lstmlint: keras-version = 3
# Keras 2 habit: read a tensor's static width with K.int_shape to size the next layer.
import keras
from keras import backend as K
from keras import layers

inputs = keras.Input(shape=(12, 6))
x = layers.Conv1D(24, 3, padding="same")(inputs)
width = K.int_shape(x)[-1]  # error: LST406
x = layers.LSTM(width // 2)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
