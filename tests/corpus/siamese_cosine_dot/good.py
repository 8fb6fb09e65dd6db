"""Question-pair similarity: shared Embedding and LSTM, cosine similarity with Dot."""
import keras
from keras import layers

max_len, vocab = 12, 300

q1 = keras.Input(shape=(max_len,), name="q1")
q2 = keras.Input(shape=(max_len,), name="q2")
embed = layers.Embedding(vocab, 16)
lstm = layers.LSTM(16)
v1 = lstm(embed(q1))
v2 = lstm(embed(q2))
cos = layers.Dot(axes=1, normalize=True)([v1, v2])
model = keras.Model([q1, q2], layers.Dense(1, activation="sigmoid")(cos))
