"""CNN-LSTM over sub-sequences: a TimeDistributed CNN reads each chunk, an LSTM reads the chunks."""
import numpy as np
from keras.models import Sequential
from keras.layers import Input, Conv1D, MaxPooling1D, Flatten, LSTM, Dense, TimeDistributed

X = np.zeros((16, 4, 6, 1))   # samples, sub-sequences, steps per sub-sequence, features
y = np.zeros((16, 1))
n_seq, n_steps, n_features = X.shape[1], X.shape[2], X.shape[3]

model = Sequential()
model.add(Input(shape=(n_seq, n_steps, n_features)))
model.add(TimeDistributed(Conv1D(filters=8, kernel_size=2, activation="relu")))
model.add(TimeDistributed(MaxPooling1D(pool_size=2)))
model.add(TimeDistributed(Flatten()))
model.add(LSTM(16, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=8, verbose=0)
