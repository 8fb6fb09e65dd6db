"""Stateful LSTM: the batch size is fixed by the input's batch_shape; states are reset per epoch."""
import numpy as np
import keras
from keras import layers

batch_size, timesteps, features = 4, 1, 2

model = keras.Sequential([
    keras.Input(shape=(timesteps, features)),
    layers.LSTM(8, stateful=True),  # error: LST109
    layers.Dense(1),
])
model.compile(loss="mse", optimizer="adam")

X = np.zeros((8, timesteps, features))
y = np.zeros((8, 1))
for epoch in range(2):
    model.fit(X, y, epochs=1, batch_size=batch_size, shuffle=False, verbose=0)
    model.layers[0].reset_states()
