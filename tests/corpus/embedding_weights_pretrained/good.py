"""A text classifier whose Embedding starts from a pretrained matrix: the layer is sized
from the matrix."""
import numpy as np
import keras
from keras import layers

VOCAB = 200
vectors = np.random.normal(size=(VOCAB, 100)).astype("float32")  # 100-d pretrained vectors

tokens = keras.Input(shape=(40,), dtype="int32")
x = layers.Embedding(vectors.shape[0], vectors.shape[1], weights=[vectors], trainable=False)(tokens)
x = layers.Bidirectional(layers.LSTM(16))(x)
out = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(tokens, out)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.zeros((8, 40), dtype="int32"), np.zeros((8, 1)), epochs=1, verbose=0)
