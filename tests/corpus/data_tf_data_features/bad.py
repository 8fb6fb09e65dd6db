"""Sensor windows fed through a batched, shuffled `tf.data` pipeline."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

windows = np.zeros((96, 30, 4), dtype="float32")
targets = np.zeros((96, 1), dtype="float32")
train_ds = (
    tf.data.Dataset.from_tensor_slices((windows[:, :, :3], targets))
    .shuffle(96)
    .batch(16)
    .prefetch(tf.data.AUTOTUNE)
)

model = keras.Sequential([
    keras.Input(shape=(30, 4)),
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(train_ds, epochs=1, verbose=0)  # error: LST207
