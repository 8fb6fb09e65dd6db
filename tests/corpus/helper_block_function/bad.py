"""A reusable block function: Bidirectional LSTM, dropout, and a projection back to `width`."""
import keras
from keras import layers


def recurrent_block(x, width, rate=0.1):
    h = layers.Bidirectional(layers.LSTM(width // 2, return_sequences=True))(x)
    h = layers.Dropout(rate)(h)
    return layers.Add()([x, h])  # error: LST110


inputs = keras.Input(shape=(12, 16))
x = recurrent_block(inputs, 16)
x = recurrent_block(x, 16)
x = recurrent_block(x, 32)
x = layers.GlobalMaxPooling1D()(x)
model = keras.Model(inputs, layers.Dense(1)(x))
