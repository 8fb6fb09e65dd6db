"""A siamese network: one base model, called on both inputs, then compared."""
import numpy as np
import keras
from keras import layers


def create_base_network(input_shape):
    inp = keras.Input(shape=input_shape)
    x = layers.Dense(64, activation="relu")(inp)
    x = layers.Dropout(0.1)(x)
    return keras.Model(inp, layers.Dense(32, activation="relu")(x))


base_network = create_base_network((784,))
input_a = keras.Input(shape=(784,))
input_b = keras.Input(shape=(784,))
processed_a = base_network(input_a)
processed_b = base_network(input_b)
merged = layers.Concatenate()([processed_a, processed_b])
output = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model([input_a, input_b], output)
model.compile(optimizer="adam", loss="binary_crossentropy")
pairs = np.zeros((16, 784), dtype="float32")
model.fit([pairs, pairs], np.zeros((16, 1), dtype="float32"), epochs=1, verbose=0)
