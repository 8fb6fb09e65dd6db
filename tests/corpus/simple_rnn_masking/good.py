"""Padded variable-length sequences: Masking, SimpleRNN, then a TimeDistributed head."""
import tensorflow as tf
from tensorflow.keras import layers

max_steps, n_feat = 18, 4

model = tf.keras.Sequential([
    layers.Input(shape=(max_steps, n_feat)),
    layers.Masking(mask_value=0.0),
    layers.SimpleRNN(8, return_sequences=True),
    layers.TimeDistributed(layers.Dense(2, activation="softmax")),
])
