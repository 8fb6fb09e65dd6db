"""Keras 2 (tf_keras): a Sequential text model whose Embedding is given a GloVe-style matrix
of another width (`weights=[matrix]`, set by Keras when the layer is built)."""
import numpy as np
import tf_keras as keras
from tf_keras import layers

MAX_WORDS = 500
EMBEDDING_DIM = 100
embedding_matrix = np.zeros((MAX_WORDS, 50))

model = keras.Sequential()
model.add(layers.Embedding(MAX_WORDS, EMBEDDING_DIM, weights=[embedding_matrix], input_length=20))  # error: LST107
model.add(layers.LSTM(32))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=keras.optimizers.Adam(lr=1e-3), loss="binary_crossentropy")  # `lr`: Keras 2
model.fit(np.zeros((8, 20)), np.zeros((8, 1)), epochs=1, verbose=0)
