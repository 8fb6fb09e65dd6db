"""Spam filter combining several views of the same text: bag of words, word counts,
TF-IDF, and a token sequence read by an LSTM."""
import numpy as np
import keras
from keras import layers

texts = np.array(["win money now", "meeting at noon", "cheap pills win", "lunch tomorrow at noon"], dtype=object)
spam = np.array([1, 0, 1, 0], dtype="float32")

bag = layers.TextVectorization(max_tokens=32, output_mode="multi_hot")
counts = layers.TextVectorization(max_tokens=32, output_mode="count")
tfidf = layers.TextVectorization(max_tokens=32, output_mode="tf_idf")
tokens = layers.TextVectorization(max_tokens=32, output_mode="int", output_sequence_length=6)
for vectorizer in (bag, counts, tfidf, tokens):
    vectorizer.adapt(texts)

text = keras.Input(shape=(), dtype="string")
a = layers.Dense(8, activation="relu")(bag(text))
b = layers.Dense(8, activation="relu")(counts(text))
c = layers.Dense(8, activation="relu")(tfidf(text))
d = layers.LSTM(8)(tokens(text))  # error: LST101
merged = layers.Concatenate()([a, b, c, d])
outputs = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model(text, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(texts, spam, epochs=1, verbose=0)
