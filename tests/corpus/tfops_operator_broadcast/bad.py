"""A small text classifier whose token and position embeddings are added with `+` at model
level (positions from `keras.ops.arange`), then self-attention with a residual connection: the
position embedding was given its own width, 16, while the tokens are 32 wide, so
`(None, 40, 32) + (40, 16)` cannot broadcast and Keras refuses to build the model."""

import keras
import numpy as np
from keras import layers, ops

maxlen = 40
vocab_size = 2000
embed_dim = 32
position_dim = 16

inputs = keras.Input(shape=(maxlen,), dtype="int32")
tokens = layers.Embedding(vocab_size, embed_dim)(inputs)
positions = layers.Embedding(maxlen, position_dim)(ops.arange(maxlen))
x = tokens + positions  # error: LST110
attended = layers.MultiHeadAttention(num_heads=2, key_dim=embed_dim)(x, x)
x = layers.LayerNormalization()(x + attended)
x = layers.LSTM(16)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.zeros((8, maxlen), dtype="int32"), np.zeros((8, 1)), epochs=1, verbose=0)
