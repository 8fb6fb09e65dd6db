"""Augmented image rows read as a sequence: the reshape still uses the size before RandomCrop."""
import keras
from keras import layers

height, width, channels = 32, 32, 3
crop = 28

inp = keras.Input(shape=(height, width, channels))
x = layers.RandomFlip("horizontal")(inp)
x = layers.RandomRotation(0.05)(x)
x = layers.RandomCrop(crop, crop)(x)
x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
x = layers.Reshape((height, width * 16))(x)  # error: LST106
x = layers.LSTM(32)(x)
out = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
