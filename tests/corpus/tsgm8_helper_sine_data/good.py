"""Training data made by the project's own helpers (tsgm's `gen_sine_dataset` and
feature-wise scaler): sine waves appended to lists in loops, stacked with `np.array`, axes
permuted with `np.transpose`, then scaled feature by feature (NumPy broadcasting a per-feature
vector over (samples, time, features)). A subclassed model is built by `fit` from that data:
(None, 24, 2), read as 48 one-feature steps by its LSTM."""
import numpy as np
import keras
from keras import layers


def gen_sine_dataset(n, seq_len, dim, max_value=10):
    result = []
    for _ in range(n):
        result.append([])
        a = np.random.random() * max_value
        shift = np.random.random() * max_value + 1
        ts = np.arange(0, seq_len, 1)
        for d in range(1, dim + 1):
            result[-1].append((a * np.sin((d + 3) * ts / 25.0 + shift)).T)
    return np.transpose(np.array(result), [0, 2, 1])


class FeatureWiseScaler:
    def __init__(self, feature_range=(0, 1)):
        self._min_v, self._max_v = feature_range

    def fit(self, X):
        D = X.shape[2]
        self.mins = np.zeros(D)
        self.maxs = np.zeros(D)
        for i in range(D):
            self.mins[i] = np.min(X[:, :, i])
            self.maxs[i] = np.max(X[:, :, i])
        return self

    def transform(self, X):
        scaled = (X - self.mins) / (self.maxs - self.mins + 1e-18)
        return scaled * (self._max_v - self._min_v) + self._min_v

    def fit_transform(self, X):
        return self.fit(X).transform(X)


class Forecaster(keras.Model):
    def __init__(self):
        super().__init__()
        self.steps = layers.Reshape((48, 1))
        self.rnn = layers.LSTM(8)
        self.out = layers.Dense(1)

    def call(self, x):
        x = self.steps(x)
        return self.out(self.rnn(x))


X = gen_sine_dataset(32, 24, 2)
X = FeatureWiseScaler((-1, 1)).fit_transform(X).astype(np.float32)
y = X[:, -1, :1]
model = Forecaster()
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=8, verbose=0)
