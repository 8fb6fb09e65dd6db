"""Several heads over one sequence, stacked on a new last axis (a multi-head wrapper layer)."""

import inspect

import keras
from keras import layers, ops


class Heads(layers.Wrapper):
    """Applies each head to the input; passes ``training`` on to the heads that take it."""

    def __init__(self, heads, **kwargs):
        self.heads = heads
        super().__init__(heads[0], **kwargs)

    def build(self, input_shape):
        for head in self.heads:
            head.build(input_shape)
        super().build(input_shape)

    def call(self, inputs, training=None):
        kwargs = {}
        if "training" in inspect.signature(self.layer.call).parameters:
            kwargs["training"] = training
        outputs = [ops.expand_dims(head(inputs, **kwargs), -1) for head in self.heads]
        return ops.concatenate(outputs, axis=-1)


tokens = keras.Input((20,))
x = layers.Embedding(50, 8)(tokens)
x = Heads([layers.Conv1D(16, 3, padding="same"), layers.Conv1D(16, 5, padding="same")])(x)
x = layers.LSTM(8)(x)  # error: LST101
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(tokens, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
