"""Sequential LSTM autoencoder whose decoder keeps the time axis for the TimeDistributed head."""
from tensorflow import keras

n_in = 9

model = keras.Sequential()
model.add(keras.layers.Input(shape=(n_in, 1)))
model.add(keras.layers.LSTM(32, activation="relu"))
model.add(keras.layers.RepeatVector(n_in))
model.add(keras.layers.LSTM(32, activation="relu", return_sequences=True))
model.add(keras.layers.TimeDistributed(keras.layers.Dense(1)))
model.compile(optimizer="adam", loss="mse")
