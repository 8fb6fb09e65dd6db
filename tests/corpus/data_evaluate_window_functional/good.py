"""A functional forecaster evaluated on test windows made the same way as the training windows."""
import numpy as np
import keras
from keras import layers

window = 14
X_train = np.zeros((64, window, 2), dtype="float32")
y_train = np.zeros((64, 1), dtype="float32")
X_test = np.zeros((16, window, 2), dtype="float32")
y_test = np.zeros((16, 1), dtype="float32")

inputs = keras.Input(shape=(window, 2))
x = layers.LSTM(16)(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=1, verbose=0)
print(model.evaluate(X_test, y_test, verbose=0))
