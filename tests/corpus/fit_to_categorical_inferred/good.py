"""Labels one-hot encoded by to_categorical; the softmax width matches the class count."""
import numpy as np
import keras
from keras import layers

n_classes = 3
labels = np.arange(18) % n_classes
y = keras.utils.to_categorical(labels, num_classes=n_classes)
X = np.zeros((18, 7, 2), dtype="float32")

model = keras.Sequential([keras.Input(shape=(7, 2)), layers.GRU(8), layers.Dense(n_classes, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X, y, epochs=1, batch_size=9, verbose=0)
