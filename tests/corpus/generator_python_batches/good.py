"""A forecaster trained from a Python generator of random windows: the windows' targets are
the next steps the model predicts."""
import numpy as np
import keras
from keras import layers

WINDOW, FEATURES, HORIZON = 24, 2, 3
windows = np.random.normal(size=(400, WINDOW, FEATURES)).astype("float32")
futures = np.random.normal(size=(400, HORIZON)).astype("float32")


def window_batches(x, y, batch_size=16):
    while True:
        idx = np.random.randint(0, len(x), size=batch_size)
        yield x[idx], y[idx]


model = keras.Sequential([keras.Input((WINDOW, FEATURES)), layers.LSTM(32), layers.Dense(HORIZON)])
model.compile(optimizer="adam", loss="mse")
model.fit(window_batches(windows, futures), steps_per_epoch=4, epochs=1, verbose=0)
