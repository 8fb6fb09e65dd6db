"""A graph convolution written as a custom layer, as graph libraries write it: the activation
is `keras.activations.get(activation)` (None: linear), the inputs are unpacked with a starred
target. The residual connection adds the 8-wide output of the last convolution to the 5-wide
node features."""

import keras
from keras import layers


class GraphConvolution(layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shapes):
        feature_shape = input_shapes[0]
        self.kernel = self.add_weight(shape=(feature_shape[-1], self.units), name="kernel")

    def call(self, inputs):
        features, *adjacency = inputs
        aggregated = keras.ops.matmul(adjacency[0], features)
        return self.activation(keras.ops.matmul(aggregated, self.kernel))


features = keras.Input((20, 5))
adjacency = keras.Input((20, 20))
x = GraphConvolution(16, activation="relu")([features, adjacency])
x = GraphConvolution(8)([x, adjacency])
x = layers.Add()([x, features])  # error: LST110
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model([features, adjacency], outputs)
