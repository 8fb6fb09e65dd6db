"""3-D scans: a small volumetric CNN classifier (padding, convolutions, pooling, cropping)."""
import numpy as np
import keras
from keras import layers

scans = np.random.rand(12, 16, 32, 32, 1).astype("float32")
labels = np.random.randint(0, 3, size=(12,))
targets = keras.utils.to_categorical(labels, num_classes=3)

model = keras.Sequential([
    keras.Input(shape=(16, 32, 32, 1)),
    layers.ZeroPadding3D(1),
    layers.Conv3D(8, 3, activation="relu"),
    layers.MaxPooling3D(2),
    layers.Cropping3D((0, 2, 2)),
    layers.Conv3D(16, 3, padding="same", activation="relu"),
    layers.AveragePooling3D((2, 2, 2)),
    layers.Conv3D(32, 5, activation="relu"),  # error: LST105
    layers.GlobalMaxPooling3D(),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(scans, targets, epochs=1, batch_size=4, verbose=0)
