"""Many-to-one classification: one integer label per sequence, so the last LSTM returns a vector."""
import numpy as np
import keras
from keras import layers

n_classes = 4
X = np.zeros((16, 10, 4), dtype="float32")
y = np.zeros((16,), dtype="int32")

inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(16, return_sequences=True)(inputs)
x = layers.LSTM(8)(x)
outputs = layers.Dense(n_classes, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, batch_size=8, verbose=0)
