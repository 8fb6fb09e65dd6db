"""Stateful character model for Keras 3: the fixed batch goes on the Input, not on the layer."""
import tensorflow as tf

BATCH, SEQ, VOCAB = 2, 5, 30

model = tf.keras.Sequential()
model.add(tf.keras.Input(batch_shape=(BATCH, SEQ, VOCAB)))
model.add(tf.keras.layers.LSTM(16, stateful=True, return_sequences=True))
model.add(tf.keras.layers.Dense(VOCAB, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam")
