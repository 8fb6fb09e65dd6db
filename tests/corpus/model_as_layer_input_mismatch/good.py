"""A functional model used as a layer (a shared sequence encoder, siamese style), called on two
windows of the shape it was built for."""
import keras
import numpy as np
from keras import layers

window = keras.Input((10, 3))
encoder = keras.Model(window, layers.LSTM(16)(window))

left = keras.Input((10, 3))
right = keras.Input((10, 3))
merged = layers.concatenate([encoder(left), encoder(right)])
model = keras.Model([left, right], layers.Dense(1)(merged))
model.compile(optimizer="adam", loss="mse")
model.fit([np.zeros((8, 10, 3)), np.zeros((8, 10, 3))], np.zeros((8, 1)), epochs=1, verbose=0)
