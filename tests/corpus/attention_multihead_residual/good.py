"""Self-attention block over an LSTM encoder with a residual connection and layer norm."""
import keras
from keras import layers

timesteps, features, d_model = 16, 5, 32

inp = keras.Input(shape=(timesteps, features))
h = layers.LSTM(d_model, return_sequences=True)(inp)
attn = layers.MultiHeadAttention(num_heads=4, key_dim=8)(h, h)
h = layers.LayerNormalization()(layers.Add()([h, attn]))
h = layers.GlobalAveragePooling1D()(h)
out = layers.Dense(1)(h)
model = keras.Model(inp, out)
