"""A small text classifier whose token and position embeddings are added with `+` at model
level (positions from `keras.ops.arange`), then self-attention with a residual connection: both
embeddings are 32 wide, so `(None, 40, 32) + (40, 32)` broadcasts the positions over the batch."""

import keras
import numpy as np
from keras import layers, ops

maxlen = 40
vocab_size = 2000
embed_dim = 32
position_dim = 32

inputs = keras.Input(shape=(maxlen,), dtype="int32")
tokens = layers.Embedding(vocab_size, embed_dim)(inputs)
positions = layers.Embedding(maxlen, position_dim)(ops.arange(maxlen))
x = tokens + positions
attended = layers.MultiHeadAttention(num_heads=2, key_dim=embed_dim)(x, x)
x = layers.LayerNormalization()(x + attended)
x = layers.LSTM(16)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.zeros((8, maxlen), dtype="int32"), np.zeros((8, 1)), epochs=1, verbose=0)
