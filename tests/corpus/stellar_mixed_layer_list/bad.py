"""A graph network in the style of stellargraph's APPNP/PPNP: a plain Python class keeps one list
of mixed layers (Dropout, Dense and a propagation layer that also takes the adjacency matrix)
and applies them in a loop, asking `isinstance` which call each layer needs. The node
embeddings are pooled over the nodes first, so the LSTM gets (batch, units): 2-D, not 3-D."""

import keras
from keras import layers, ops


class Propagate(layers.Layer):
    """Mixes each node's features with its neighbours': A @ H."""

    def call(self, inputs):
        h, a = inputs
        return ops.matmul(a, h)


class GraphNet:
    def __init__(self, layer_sizes, dropout=0.2):
        self._layers = []
        for size in layer_sizes:
            self._layers.append(layers.Dropout(dropout))
            self._layers.append(layers.Dense(size, activation="relu"))
        self._layers.append(Propagate())

    def __call__(self, features, adjacency):
        h = features
        for layer in self._layers:
            if isinstance(layer, Propagate):
                h = layer([h, adjacency])
            else:
                h = layer(h)
        return h


features = keras.Input(shape=(12, 5))
adjacency = keras.Input(shape=(12, 12))
nodes = GraphNet([16, 8])(features, adjacency)
pooled = layers.GlobalAveragePooling1D()(nodes)
summary = layers.LSTM(4)(pooled)  # error: LST101
model = keras.Model([features, adjacency], summary)
