"""Photos of any size: resized, cropped and rescaled inside the model, then a small CNN
with separate activation layers (ReLU, LeakyReLU, PReLU, ELU, Softmax)."""
import numpy as np
import keras
from keras import layers

photos = np.random.randint(0, 256, size=(20, 120, 160, 3)).astype("float32")
species = np.random.randint(0, 5, size=(20,))
onehot = np.identity(5)[species]

model = keras.Sequential([
    keras.Input(shape=(None, None, 3)),
    layers.Resizing(72, 96),
    layers.CenterCrop(64, 64),
    layers.Rescaling(1.0 / 255),
    layers.ZeroPadding2D(2),
    layers.Conv2D(16, 5),
    layers.ReLU(),
    layers.DepthwiseConv2D(3, depth_multiplier=2),
    layers.LeakyReLU(negative_slope=0.1),
    layers.AveragePooling2D(2),
    layers.SeparableConv2D(32, 3, padding="same"),
    layers.PReLU(),
    layers.Cropping2D(((1, 0), (0, 1))),
    layers.Conv2DTranspose(16, 3, strides=2),
    layers.ELU(),
    layers.GlobalMaxPooling2D(),
    layers.Dense(10),
    layers.Softmax(),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(photos, onehot, epochs=1, batch_size=5, verbose=0)  # error: LST205
