"""Generic RNN layer over a list of cells (a StackedRNNCells under the hood)."""
import keras
from keras import layers

cells = [layers.LSTMCell(16), layers.GRUCell(8)]

inputs = keras.Input(shape=(12, 3))
x = layers.RNN(cells, return_sequences=True)(inputs)
x = layers.LSTM(8)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
