"""Keras 2 (tf_keras): `fit_generator` on a generator of batches cut in order from the
arrays; the model reads 4 features per step, the batches have 3."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

X = np.random.normal(size=(200, 10, 3)).astype("float32")
Y = np.random.normal(size=(200, 1)).astype("float32")


def batches(x, y, batch_size=20):
    while True:
        for start in range(0, len(x) - batch_size + 1, batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


model = keras.Sequential()
model.add(layers.LSTM(16, input_shape=(10, 4)))
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit_generator(batches(X, Y), steps_per_epoch=5, epochs=1, verbose=0)  # error: LST207
