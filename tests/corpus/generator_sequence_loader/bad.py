"""A `keras.utils.Sequence` that serves padded batches to a GRU classifier; the loader is
built on the wrong feature columns (4 where the model takes 5)."""
import numpy as np
import keras
from keras import layers

STEPS, FEATURES = 30, 5
signals = np.random.normal(size=(96, STEPS, 8)).astype("float32")
labels = np.random.randint(0, 2, size=(96, 1)).astype("float32")


class SignalLoader(keras.utils.Sequence):
    def __init__(self, x, y, batch_size=32, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        lo, hi = index * self.batch_size, (index + 1) * self.batch_size
        return self.x[lo:hi], self.y[lo:hi]


model = keras.Sequential([keras.Input((STEPS, FEATURES)), layers.GRU(16), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(SignalLoader(signals[:, :, :4], labels), epochs=1, verbose=0)  # error: LST207
