"""The data pipeline and the model must agree on the window length."""
import numpy as np
import keras
from keras import layers

window, n_features = 14, 2
X_train = np.zeros((32, window + 1, n_features))
y_train = np.zeros((32, 1))

inputs = keras.Input(shape=(window, n_features))
outputs = layers.Dense(1)(layers.LSTM(8)(inputs))
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=1, batch_size=16, verbose=0)  # error: LST207
