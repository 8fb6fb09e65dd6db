"""A diffusion-style model (tsgm's DDPM): `call` is given either a number of samples to
generate or, when Keras builds and trains the model, a batch of data. It tells them apart with
`hasattr(inputs, "shape")`: a tensor always has a shape, so the data path is the one `fit`
follows. The bug: the series were stored without their feature axis, (64, 12), so the LSTM
gets 2-D batches."""
import numpy as np
import keras
from keras import layers


class Denoiser(keras.Model):
    def __init__(self, seq_len, feat_dim):
        super().__init__()
        self.seq_len = seq_len
        self.feat_dim = feat_dim
        self.rnn = layers.LSTM(16, return_sequences=True)
        self.out = layers.Dense(feat_dim)

    def call(self, inputs):
        if hasattr(inputs, "shape"):
            x = self.rnn(inputs)  # error: LST101
            return self.out(x)
        return self.generate(inputs)

    def generate(self, n_samples):
        noise = keras.random.normal((n_samples, self.seq_len, self.feat_dim))
        return self.out(self.rnn(noise))


X = np.random.random((64, 12)).astype("float32")
model = Denoiser(12, 1)
model.compile(optimizer="adam", loss="mse")
model.fit(X, X, epochs=1, batch_size=16, verbose=0)
