"""Keras 2 (tf_keras): a forecaster trained on windows of 30 steps predicts from the last
windows of the same length."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

series = np.random.rand(500, 2).astype("float32")
train = np.stack([series[i : i + 30] for i in range(400)])
target = series[30:430, :1]

model = keras.Sequential([
    layers.LSTM(16, batch_input_shape=(None, 30, 2)),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(train, target, epochs=1, verbose=0)

recent = np.stack([series[i : i + 30] for i in range(450, 460)])
forecast = model.predict(recent, verbose=0)
