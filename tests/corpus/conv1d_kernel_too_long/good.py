"""Two Conv1D blocks shrink a short window before the LSTM."""
import keras
from keras import layers

lookback, n_features = 10, 4

inp = keras.Input(shape=(lookback, n_features))
x = layers.Conv1D(16, 3, activation="relu")(inp)
x = layers.Conv1D(16, 3, activation="relu")(x)
x = layers.MaxPooling1D(2)(x)
x = layers.LSTM(8)(x)
out = layers.Dense(1)(x)
model = keras.Model(inp, out)
