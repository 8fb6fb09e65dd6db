"""A univariate series is windowed, then reshaped to (samples, timesteps, 1) for the LSTM."""
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, LSTM, Dense


def split_sequence(sequence, n_steps):
    X, y = [], []
    for i in range(len(sequence) - n_steps):
        X.append(sequence[i:i + n_steps])
        y.append(sequence[i + n_steps])
    return np.array(X), np.array(y)


raw = np.arange(40, dtype="float32")
n_steps = 3
X, y = split_sequence(raw, n_steps)
n_features = 1
X = X.reshape((X.shape[0], X.shape[1], n_features))

model = Sequential()
model.add(Input(shape=(n_steps, n_features)))
model.add(LSTM(16, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
