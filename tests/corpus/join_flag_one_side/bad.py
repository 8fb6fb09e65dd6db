"""A flag known only when the program runs picks the head: on the recurrent side the LSTM
returns its last step only, and the stacked LSTM after it needs sequences (a bug on that
path: Keras raises when the flag is set, as it is unless JOIN_FLAG_POOLING is)."""
import os

import keras
from keras import layers


def build(recurrent_head):
    inputs = keras.Input(shape=(20, 6))
    x = layers.LSTM(8, return_sequences=True)(inputs)
    if recurrent_head:
        x = layers.LSTM(8)(x)
    else:
        x = layers.Dropout(0.1)(x)
    x = layers.LSTM(4)(x)  # error: LST101
    return keras.Model(inputs, layers.Dense(1)(x))


model = build(os.environ.get("JOIN_FLAG_POOLING") is None)
