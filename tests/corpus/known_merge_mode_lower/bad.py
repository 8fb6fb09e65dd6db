"""A pair-embedding layer picks its operator from a mode name normalised with `.lower()`:
"HADAMARD" multiplies the two embeddings element-wise, but they are 16 and 24 wide."""

import keras
from keras import layers


class PairEmbedding(layers.Layer):
    def __init__(self, mode="concat", **kwargs):
        super().__init__(**kwargs)
        self.mode = mode.strip().lower()

    def call(self, pair):
        a, b = pair
        if self.mode in ("mul", "hadamard"):
            return layers.Multiply()([a, b])  # error: LST110
        if self.mode.startswith("avg"):
            return layers.Average()([a, b])
        return layers.Concatenate()([a, b])


src = keras.Input(shape=(16,))
dst = keras.Input(shape=(24,))
link = PairEmbedding(mode=" HADAMARD ")([src, dst])
out = layers.Dense(1, activation="sigmoid")(link)
model = keras.Model([src, dst], out)
model.compile(optimizer="adam", loss="binary_crossentropy")
