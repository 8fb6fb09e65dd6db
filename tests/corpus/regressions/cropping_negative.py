"""Regression (differential suite): negative cropping is refused by Cropping1D's constructor."""
from keras.layers import LSTM, Cropping1D, Input
from keras.models import Model

inputs = Input(shape=(10, 4))
x = LSTM(6, return_sequences=True)(inputs)
x = Cropping1D((2, -1))(x)  # error: LST107
model = Model(inputs, x)
