"""An LSTM text model whose Embedding is initialised with `Constant(matrix)` from pretrained
vectors: one row per word of the vocabulary the layer declares."""
import numpy as np
import keras
from keras import layers
from keras.initializers import Constant

MAX_TOKENS, DIM = 300, 32
matrix = np.random.normal(size=(MAX_TOKENS, DIM)).astype("float32")

tokens = keras.Input(shape=(25,), dtype="int32")
x = layers.Embedding(MAX_TOKENS, DIM, embeddings_initializer=Constant(matrix), mask_zero=True)(tokens)
x = layers.LSTM(16)(x)
out = layers.Dense(3, activation="softmax")(x)
model = keras.Model(tokens, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.zeros((8, 25), dtype="int32"), np.zeros((8,)), epochs=1, verbose=0)
