"""Neighbour features gathered per sample with `tf.gather(..., batch_dims=1)` in a custom layer
(as graph libraries write it), then joined with the node features on the node axis."""

import keras
import tensorflow as tf
from keras import layers


class GatherIndices(layers.Layer):
    def __init__(self, axis=None, batch_dims=0, **kwargs):
        super().__init__(**kwargs)
        self._axis = axis
        self._batch_dims = batch_dims

    def call(self, inputs):
        data, indices = inputs
        return tf.gather(data, indices, axis=self._axis, batch_dims=self._batch_dims)


def build(**gather_options):
    features = keras.Input((5, 7))
    neighbours = keras.Input((11,), dtype="int32")
    gathered = GatherIndices(**gather_options)([features, neighbours])
    joined = layers.Concatenate(axis=1)([gathered, features])
    outputs = layers.Dense(1)(layers.GlobalAveragePooling1D()(joined))
    return keras.Model([features, neighbours], outputs)


model = build(batch_dims=1)
