"""Keras 2 (TensorFlow's legacy Keras via TF_USE_LEGACY_KERAS): an LSTM autoencoder."""
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402
from tf_keras import layers  # noqa: E402

timesteps, n_features = 9, 1
model = keras.Sequential([
    layers.LSTM(16, batch_input_shape=(None, timesteps, n_features), return_sequences=True),
    layers.RepeatVector(timesteps),  # error: LST103
    layers.LSTM(16, return_sequences=True),
    layers.TimeDistributed(layers.Dense(n_features)),
])
model.compile(optimizer="adam", loss="mse")
seq = np.zeros((16, timesteps, n_features))
model.fit(seq, seq, epochs=1, batch_size=8, verbose=0)
print(model.output_shape)
