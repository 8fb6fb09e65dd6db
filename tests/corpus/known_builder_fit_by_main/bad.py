"""A model builder with no input shape, built by Keras from the images `main` fits it on:
two 3x3 convolutions take the 5x5 images down to 1x1, too small for the third one."""

import keras
import numpy as np
from keras import layers


def small_cnn():
    model = keras.Sequential()
    model.add(layers.RandomFlip("horizontal"))
    for _ in range(3):
        model.add(layers.Conv2D(8, (3, 3), activation="relu"))  # error: LST105
        model.add(layers.MaxPooling2D(pool_size=1))
    model.add(layers.Flatten())
    model.add(layers.Dense(10))
    return model


def main():
    x = np.zeros((16, 5, 5, 3), dtype="float32")
    y = np.zeros((16,), dtype="int32")
    model = small_cnn()
    model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)  # keras-raises


if __name__ == "__main__":
    main()
