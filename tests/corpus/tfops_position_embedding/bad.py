"""A token + position embedding written with TensorFlow shape functions (the keras-nlp
example idiom: the positions come from `tf.range(tf.shape(x)[-1])`), then two stacked LSTMs:
the first does not return its sequence."""
import keras
import numpy as np
import tensorflow as tf
from keras import layers


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_embeddings = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)

    def call(self, inputs):
        length = tf.shape(inputs)[-1]
        positions = tf.range(start=0, limit=length, delta=1)
        return self.token_embeddings(inputs) + self.position_embeddings(positions)


inputs = keras.Input(shape=(20,), dtype="int32")
x = PositionalEmbedding(20, 1000, 32)(inputs)
x = layers.LSTM(16)(x)
x = layers.LSTM(8)(x)  # error: LST101
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.zeros((8, 20), dtype="int32"), np.zeros((8, 1)), epochs=1, verbose=0)
