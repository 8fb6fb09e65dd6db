"""Sequence-to-sequence without states: encode to a vector, repeat it for each output step."""
from keras.models import Sequential
from keras.layers import LSTM, Dense, Input, RepeatVector, TimeDistributed

n_steps_in, n_steps_out, n_features = 8, 3, 2

model = Sequential()
model.add(Input(shape=(n_steps_in, n_features)))
model.add(LSTM(20, activation="relu"))
model.add(RepeatVector(n_steps_out))
model.add(LSTM(20, activation="relu", return_sequences=True))
model.add(TimeDistributed(Dense(n_features)))
model.compile(optimizer="adam", loss="mse")
