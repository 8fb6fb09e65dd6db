"""A test builds the convolution for its dimension count by name
(`getattr(layers, "Conv%dD" % dims)`). A 1-D kernel of 3 steps fits the 7 steps of the
input with 'valid' padding."""
import numpy as np
import keras
from keras import layers


def conv_model(dims, kernel):
    conv = getattr(layers, "Conv%dD" % dims)
    inputs = keras.Input(shape=[7, 6, 5][:dims] + [4])
    x = conv(filters=12, kernel_size=kernel)(inputs)
    model = keras.Model(inputs, layers.Flatten()(x))
    model.compile(optimizer="adam", loss="mse")
    return model


model = conv_model(1, 3)
