"""A two-input model queried with a dict keyed by the `Input` names."""
import numpy as np
import keras
from keras import layers

history = keras.Input(shape=(7, 3), name="history")
calendar = keras.Input(shape=(5,), name="calendar")
h = layers.LSTM(8)(history)
x = layers.Concatenate()([h, calendar])
model = keras.Model([history, calendar], layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
batch = {"history": np.zeros((4, 7, 3)), "calendar": np.zeros((4, 5))}
print(model.predict(batch, verbose=0))
