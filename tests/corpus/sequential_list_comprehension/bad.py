"""Sequential built from a list comprehension over layer sizes."""
import keras
from keras import layers

units = [32, 16]
model = keras.Sequential(
    [keras.Input(shape=(15, 2))]
    + [layers.LSTM(u) for u in units]  # error: LST101
    + [layers.LSTM(8), layers.Dense(1)]  # error: LST101
)
