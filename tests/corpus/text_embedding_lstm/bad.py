"""Text classification: token ids, an Embedding, an LSTM and a softmax over topics."""
import keras
from keras import layers

vocab_size, max_len, n_topics = 1000, 50, 4

model = keras.Sequential([
    keras.Input(shape=(max_len,), dtype="int32"),
    layers.LSTM(32),  # error: LST101
    layers.Dense(n_topics, activation="softmax"),
])
