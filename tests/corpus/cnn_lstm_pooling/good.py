"""CNN-LSTM for multivariate series: convolution and pooling shorten the sequence first."""
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, MaxPooling1D, LSTM, Dense, Input

n_steps, n_features = 12, 3

model = Sequential()
model.add(Input(shape=(n_steps, n_features)))
model.add(Conv1D(filters=16, kernel_size=3, activation="relu"))
model.add(MaxPooling1D(pool_size=2))
model.add(LSTM(24))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
