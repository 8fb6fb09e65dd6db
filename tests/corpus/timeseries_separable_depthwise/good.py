"""Forecasting from windows made by `timeseries_dataset_from_array`, with a light
separable/depthwise convolutional front end before an LSTM."""
import numpy as np
import keras
from keras import layers

series = np.random.rand(500, 3).astype("float32")   # (time, sensors)
future = series[24:, 0]
train = keras.utils.timeseries_dataset_from_array(series[:-24], future, sequence_length=24, batch_size=32)

model = keras.Sequential([
    keras.Input(shape=(24, 3)),
    layers.SeparableConv1D(16, 5, activation="relu"),
    layers.DepthwiseConv1D(3, depth_multiplier=2),
    layers.MaxPooling1D(2),
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(train, epochs=1, verbose=0)
