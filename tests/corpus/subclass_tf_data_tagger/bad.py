"""A subclassed Embedding -> GRU -> Dense classifier trained from a tf.data pipeline whose
one-hot labels have more classes than the model's head."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

N_CLASSES = 4


class Tagger(keras.Model):
    def __init__(self, vocab, n_classes):
        super().__init__()
        self.embed = layers.Embedding(vocab, 16)
        self.encoder = layers.GRU(24)
        self.head = layers.Dense(n_classes, activation="softmax")

    def call(self, tokens):
        return self.head(self.encoder(self.embed(tokens)))


tokens = np.random.randint(0, 50, size=(64, 12))
labels = keras.utils.to_categorical(np.random.randint(0, 5, size=(64,)), num_classes=5)
train = tf.data.Dataset.from_tensor_slices((tokens, labels)).shuffle(64).batch(16)
model = Tagger(50, N_CLASSES)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(train, epochs=1, verbose=0)  # error: LST205
model.predict(tokens[:2], verbose=0)
