"""A command-line flag picks the encoder; both choices produce 32 features per step."""
import sys
import keras
from keras import layers

bidirectional = "--bidirectional" in sys.argv

inputs = keras.Input(shape=(20, 4))
if bidirectional:
    x = layers.Bidirectional(layers.LSTM(16, return_sequences=True))(inputs)
else:
    x = layers.LSTM(32, return_sequences=True)(inputs)
skip = layers.Dense(32)(inputs)
x = layers.Add()([x, skip])
x = layers.GlobalAveragePooling1D()(x)
model = keras.Model(inputs, layers.Dense(1)(x))
