"""Cross-attention in a forecaster: the decoder's steps query the encoder's steps."""
import keras
from keras import layers

n_past, n_future, n_feat, d = 24, 6, 3, 16

past = keras.Input(shape=(n_past, n_feat))
future = keras.Input(shape=(n_future, n_feat))
enc = layers.LSTM(d, return_sequences=True)(past)
dec = layers.LSTM(d, return_sequences=True)(future)
ctx = layers.MultiHeadAttention(num_heads=2, key_dim=8)(query=dec, value=enc, key=dec)  # error: LST204
h = layers.Concatenate()([dec, ctx])
out = layers.TimeDistributed(layers.Dense(1))(h)
model = keras.Model([past, future], out)
