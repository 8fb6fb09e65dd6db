"""Multi-step, multi-output forecast: a Dense layer produces horizon * targets values, reshaped."""
import keras
from keras import layers

lookback, n_features, horizon, n_targets = 24, 5, 6, 2

inp = keras.Input(shape=(lookback, n_features))
x = layers.LSTM(32)(inp)
x = layers.Dense(horizon * n_targets)(x)
out = layers.Reshape((horizon, n_targets))(x)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="mse")
