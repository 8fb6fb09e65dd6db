"""A tf.data pipeline made from a Python generator with a declared `output_signature`: the
labels are one-hot over 10 classes, as many as the model's head."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers


def examples():
    for _ in range(64):
        yield np.random.normal(size=(16, 8)).astype("float32"), np.eye(10, dtype="float32")[np.random.randint(10)]


dataset = tf.data.Dataset.from_generator(
    examples,
    output_signature=(tf.TensorSpec(shape=(16, 8), dtype=tf.float32), tf.TensorSpec(shape=(10,), dtype=tf.float32)),
).batch(8)
inputs = keras.Input((16, 8))
x = layers.Bidirectional(layers.LSTM(12))(inputs)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(dataset, epochs=1, verbose=0)
