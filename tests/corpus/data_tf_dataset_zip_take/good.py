"""Feature and label datasets zipped, shuffled, repeated and cut with `take`."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

features = tf.constant(np.random.rand(64, 20, 4).astype("float32"))
labels = tf.one_hot(tf.zeros((64,), dtype=tf.int32), 3)

xs = tf.data.Dataset.from_tensor_slices(features)
ys = tf.data.Dataset.from_tensor_slices(labels)
train = tf.data.Dataset.zip((xs, ys))
train = train.shuffle(64).repeat().batch(16).take(4)

model = keras.Sequential([
    keras.Input(shape=(20, 4)),
    layers.GRU(16),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(train, epochs=1, verbose=0)
