"""Keras 2 (tf_keras): an Embedding first in a Sequential declares the input (None,
input_length); without input_length the length is None, and Flatten cannot give Dense a
defined feature size."""
import tf_keras as keras
from tf_keras import layers

max_features = 5000

model = keras.Sequential()
model.add(layers.Embedding(max_features, 32))
model.add(layers.Flatten())
model.add(layers.Dense(1, activation="sigmoid"))  # error: LST102
model.compile(optimizer=keras.optimizers.Adam(lr=1e-3), loss="binary_crossentropy")  # `lr`: Keras 2
