# lstmlint: keras-version = 3
# Ported from Keras 2, with AveragePooling1D's Keras 2 default written out.
import keras
import numpy as np
from keras import layers

n_steps, n_features = 24, 3
inputs = keras.Input(shape=(n_steps, n_features))
x = layers.Conv1D(16, 3, padding="same", activation="relu")(inputs)
x = layers.AveragePooling1D(pool_size=2)(x)
x = layers.LSTM(32)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, n_steps, n_features)), np.zeros((8, 1)), epochs=1, verbose=0)
