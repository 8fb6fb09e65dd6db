"""Univariate forecasting with a vanilla LSTM, declared with the classic input_shape argument."""
from keras.models import Sequential
from keras.layers import LSTM, Dense

n_steps = 5

model = Sequential()
model.add(LSTM(32, activation="relu", input_shape=(n_steps,)))  # error: LST101
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
