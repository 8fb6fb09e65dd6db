"""A binary classifier scored with Keras 2's predict_proba, which Keras 3 models no longer have."""

import keras
import numpy as np
from keras import layers

x = np.random.rand(64, 10).astype("float32")
y = np.random.randint(0, 2, size=(64, 1))

model = keras.Sequential(
    [keras.Input(shape=(10,)), layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")]
)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=1, batch_size=16, verbose=0)
scores = model.predict_proba(x, batch_size=16, verbose=0)  # error: LST404
