"""A beta-VAE for time series (tsgm style): the encoder samples its latent vector with
`keras.random.normal(shape=ops.shape(z_mean))` inside a custom layer, and a subclassed model
chains encoder and decoder. `keras.random.normal` gives a tensor of the shape it is asked for,
so the sample is (None, 4). The bug: the sample goes straight into an LSTM, which needs
(batch, time, features): it lacks the `RepeatVector` over the time steps."""
import numpy as np
import keras
from keras import layers, ops


class Sampling(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        epsilon = keras.random.normal(shape=ops.shape(z_mean))
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


def build_encoder(seq_len, feat_dim, latent_dim):
    inputs = keras.Input(shape=(seq_len, feat_dim))
    x = layers.Conv1D(16, 3, padding="same", activation="relu")(inputs)
    x = layers.Flatten()(x)
    z_mean = layers.Dense(latent_dim)(x)
    z_log_var = layers.Dense(latent_dim)(x)
    z = Sampling()([z_mean, z_log_var])
    return keras.Model(inputs, [z_mean, z_log_var, z])


def build_decoder(seq_len, feat_dim, latent_dim):
    latent = keras.Input(shape=(latent_dim,))
    x = layers.Dense(seq_len * feat_dim)(latent)
    x = layers.Reshape((seq_len, feat_dim))(x)
    return keras.Model(latent, x)


class BetaVAE(keras.Model):
    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder

    def call(self, x):
        _, _, z = self.encoder(x)
        return self.decoder(z)


encoder = build_encoder(32, 1, 4)
decoder = build_decoder(32, 1, 4)
sample = encoder.outputs[2]
head = layers.LSTM(8)(sample)  # error: LST101
vae = BetaVAE(encoder, decoder)
vae.compile(optimizer="adam", loss="mse")
X = np.random.random((16, 32, 1)).astype("float32")
vae.fit(X, X, epochs=1, batch_size=8, verbose=0)
