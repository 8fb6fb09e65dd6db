"""Keras 2 (tf_keras): augmented images read row by row by an LSTM, one cropped row per step."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

size, crop = 32, 28

model = keras.Sequential([
    layers.RandomFlip("horizontal", batch_input_shape=(None, size, size, 3)),
    layers.RandomRotation(0.05),
    layers.RandomCrop(crop, crop),
    layers.Reshape((crop, crop * 3)),
    layers.LSTM(16),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.zeros((8, size, size, 3)), np.zeros((8,)), epochs=1, verbose=0)
