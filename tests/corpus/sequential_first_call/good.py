"""A Sequential encoder without a declared input, built by its first call on a (None, 10, 4)
tensor (as babi_memnn's encoders are), then used on data of that shape."""
import keras
import numpy as np
from keras import layers

encoder = keras.Sequential()
encoder.add(layers.LSTM(16, return_sequences=True))
encoder.add(layers.Dropout(0.3))

sequence = keras.Input((10, 4))
encoded = encoder(sequence)
model = keras.Model(sequence, layers.Dense(1)(encoded))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 10, 4)), np.zeros((8, 10, 1)), epochs=1, verbose=0)
encoder.predict(np.zeros((2, 10, 4)), verbose=0)
