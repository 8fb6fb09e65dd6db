"""Stacked GRU forecaster with recurrent dropout and a TimeDistributed output per step."""
import tensorflow as tf

model = tf.keras.models.Sequential([
    tf.keras.layers.Input(shape=(None, 1)),
    tf.keras.layers.GRU(20, return_sequences=True, recurrent_dropout=0.1),
    tf.keras.layers.GRU(20),
    tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(10)),  # error: LST104
])
model.compile(loss="mse", optimizer="adam")
