"""Embedding followed by an LSTM; a Flatten only belongs after the recurrent part."""
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Input, Embedding, LSTM, Dense, Flatten

model = Sequential()
model.add(Input(shape=(20,)))
model.add(Embedding(500, 8))
model.add(Flatten())
model.add(LSTM(16, return_sequences=True))  # error: LST101
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
