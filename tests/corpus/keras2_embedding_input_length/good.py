"""Keras 2 (tf_keras): an Embedding first in a Sequential declares the input (None,
input_length): with input_length=maxlen, Flatten gives Dense maxlen * 32 features."""
import tf_keras as keras
from tf_keras import layers

max_features = 5000
maxlen = 80

model = keras.Sequential()
model.add(layers.Embedding(max_features, 32, input_length=maxlen))
model.add(layers.Flatten())
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=keras.optimizers.Adam(lr=1e-3), loss="binary_crossentropy")  # `lr`: Keras 2
