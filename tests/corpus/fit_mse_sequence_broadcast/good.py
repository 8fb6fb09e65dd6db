"""Next-value regression: y holds one value per window, so the model must output one value too."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

X = np.zeros((16, 8, 2), dtype="float32")
y = np.zeros((16, 1), dtype="float32")

model = keras.Sequential([
    keras.Input(shape=(8, 2)),
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=8, verbose=0)
