"""Plain Python model builders sharing a base class, as graph libraries write them
(stellargraph's `ComplEx(KGModel)`): the subclass configures the base through
`super().__init__(...)`, and the base's `__call__` applies the layers the base made."""

import keras
from keras import layers


class RecurrentStack:
    def __init__(self, sizes, *, sequences):
        self.layers = [layers.LSTM(size, return_sequences=sequences) for size in sizes]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class SequenceEncoder(RecurrentStack):
    def __init__(self, sizes):
        super().__init__(sizes, sequences=True)


inputs = keras.Input(shape=(30, 6))
encoded = SequenceEncoder([32, 16])(inputs)
outputs = layers.TimeDistributed(layers.Dense(1))(encoded)
model = keras.Model(inputs, outputs)
