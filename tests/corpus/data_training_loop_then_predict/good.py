"""A stateful-style training loop around `fit`, then `predict` on the next window."""
import numpy as np
import keras
from keras import layers

X = np.zeros((16, 10, 2), dtype="float32")
y = np.zeros((16, 1), dtype="float32")
model = keras.Sequential([keras.Input(shape=(10, 2)), layers.LSTM(8), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.summary()
for epoch in range(100):
    model.fit(X, y, epochs=1, batch_size=16, verbose=0, shuffle=False)
    model.reset_metrics()
model.save_weights("lstmlint-corpus-loop.weights.h5")
model.load_weights("lstmlint-corpus-loop.weights.h5")
next_window = np.zeros((1, 10, 2), dtype="float32")
print(model.predict(next_window, verbose=0))
