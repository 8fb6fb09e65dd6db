"""Keras 2 (tf_keras): a classifier head with its Dense sized by the classes."""
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402
from tf_keras import layers  # noqa: E402

model = keras.Sequential([
    layers.LSTM(16, input_shape=(10, 4), return_sequences=True),
    layers.AveragePooling1D(),  # Keras 2 (tf_keras): `pool_size` defaults to 2
    layers.LSTM(8),
    layers.Dropout(0.2),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.zeros((8, 10, 4)), np.zeros((8, 3)), epochs=1, verbose=0)
