"""Intent labels one-hot encoded with `tf.one_hot` for a text classifier."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

num_intents = 4
tokens = np.random.randint(1, 500, size=(48, 25))
intent_ids = np.random.randint(0, num_intents, size=(48,))
targets = tf.one_hot(intent_ids, 10)

model = keras.Sequential([
    keras.Input(shape=(25,)),
    layers.Embedding(500, 16),
    layers.GRU(16),
    layers.Dense(num_intents, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(tokens, targets, epochs=1, verbose=0)  # error: LST205
