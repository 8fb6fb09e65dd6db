"""Sequential built from a list comprehension over layer sizes."""
import keras
from keras import layers

units = [32, 16]
model = keras.Sequential(
    [keras.Input(shape=(15, 2))]
    + [layers.LSTM(u, return_sequences=True) for u in units]
    + [layers.LSTM(8), layers.Dense(1)]
)
