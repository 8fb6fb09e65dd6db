"""Keras 2: a batch decoded from raw bytes by TensorFlow and reshaped to 28x28 images with one
channel, as the model declares, given to `predict`."""

import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

batch_size = 8
raw = tf.io.decode_raw(tf.constant(bytes(batch_size * 28 * 28)), tf.uint8)
images = tf.cast(raw, tf.float32) / 255.0
images = tf.reshape(images, shape=(batch_size, 28, 28, 1))
print(images.get_shape().as_list())

model_input = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(16, (3, 3), activation="relu")(model_input)
x = layers.Flatten()(x)
out = layers.Dense(10, activation="softmax")(x)
model = keras.Model(model_input, out)
model.predict(images, verbose=0)
