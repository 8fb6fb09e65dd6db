"""A subclassed model builds its blocks in `__init__` from a count only known at run time
(`for _ in range(depth): self.blocks.append(Dense(...))`) and applies them in a loop: every block
keeps the input 2-D, so the LSTM head gets (batch, 16), not a sequence."""
import sys

import keras
import numpy as np
from keras import layers


class Tower(keras.Model):
    def __init__(self, depth, width):
        super().__init__()
        self.blocks = []
        for _ in range(depth):
            self.blocks.append(layers.Dense(width, activation="relu"))
        self.head = layers.LSTM(1)

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(x)  # error: LST101


depth = int(sys.argv[1]) if len(sys.argv) > 1 else 3
model = Tower(depth, 16)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 8)), np.zeros((4, 1)), epochs=1, verbose=0)
