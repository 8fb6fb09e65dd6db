"""A text classifier whose Embedding starts from a pretrained matrix: the layer is declared
with another width than the vectors."""
import numpy as np
import keras
from keras import layers

VOCAB = 200
EMBED_DIM = 64
vectors = np.random.normal(size=(VOCAB, 100)).astype("float32")  # 100-d pretrained vectors

tokens = keras.Input(shape=(40,), dtype="int32")
x = layers.Embedding(VOCAB, EMBED_DIM, weights=[vectors], trainable=False)(tokens)  # error: LST107
x = layers.Bidirectional(layers.LSTM(16))(x)
out = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(tokens, out)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.zeros((8, 40), dtype="int32"), np.zeros((8, 1)), epochs=1, verbose=0)
