"""GRU blocks with a projected skip: the shortcut is projected when widths differ."""
import keras
from keras import layers

inputs = keras.Input(shape=(40, 6))
h = layers.GRU(24, return_sequences=True)(inputs)
shortcut = layers.Dense(24)(inputs)
h = layers.Add()([h, shortcut])
h = layers.GRU(12)(h)
model = keras.Model(inputs, layers.Dense(1)(h))
