"""LSTM autoencoder: encode a window, repeat the code, decode the same window back."""
import numpy as np
import keras
from keras import layers

seq = np.zeros((32, 9, 1))
timesteps, n_features = seq.shape[1], seq.shape[2]

inputs = keras.Input(shape=(timesteps, n_features))
encoded = layers.LSTM(16, activation="relu")(inputs)
repeated = layers.RepeatVector(timesteps)(encoded)
decoded = layers.LSTM(16, activation="relu", return_sequences=True)(repeated)
decoded = layers.TimeDistributed(layers.Dense(n_features))(decoded)
autoencoder = keras.Model(inputs, decoded)
autoencoder.compile(optimizer="adam", loss="mse")
autoencoder.fit(seq, seq, epochs=1, batch_size=16, verbose=0)
