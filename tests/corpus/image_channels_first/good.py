"""A digit classifier written for `channels_first` images (ported from a Theano-era script)."""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(1, 28, 28)),
    layers.Conv2D(32, 3, activation="relu", data_format="channels_first"),
    layers.MaxPooling2D(2, data_format="channels_first"),
    layers.Conv2D(64, 3, activation="relu", data_format="channels_first"),
    layers.GlobalAveragePooling2D(data_format="channels_first"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.summary()
