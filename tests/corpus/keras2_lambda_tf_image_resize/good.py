"""Keras 2 (tf_keras): images resized in a Lambda, then read as rows of the resized size."""
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

inp = keras.Input(shape=(64, 48, 3))
x = layers.Lambda(lambda t: tf.image.resize(t, (32, 32)))(inp)
x = layers.Conv2D(8, 3, padding="same", activation="relu")(x)
x = layers.Reshape((32, 32 * 8))(x)
x = layers.LSTM(16)(x)
out = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inp, out)
model.compile(optimizer=keras.optimizers.Adam(lr=1e-3), loss="sparse_categorical_crossentropy")  # `lr`: Keras 2
