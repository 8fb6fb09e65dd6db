"""Sentiment classifier on raw strings: TextVectorization inside the model, then an LSTM."""
import keras
from keras import layers

max_tokens, seq_len, embed_dim = 2000, 40, 32

vectorizer = layers.TextVectorization(max_tokens=max_tokens, output_sequence_length=seq_len)
vectorizer.adapt(["a great film", "a dull film", "great acting, dull plot"])

text = keras.Input(shape=(1,), dtype="string")
tokens = vectorizer(text)
x = layers.LSTM(32)(tokens)  # error: LST101
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(text, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
