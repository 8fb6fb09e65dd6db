"""Token sequences padded with `pad_sequences` to the length the model was built for."""
import numpy as np
import keras
from keras import layers
from keras.utils import pad_sequences

maxlen = 40
sequences = [[4, 18, 2], [7, 7, 9, 11], [3]]
padded = pad_sequences(sequences)

inputs = keras.Input(shape=(maxlen,))
x = layers.Embedding(1000, 16)(inputs)
x = layers.LSTM(16)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
print(model.predict(padded, verbose=0))  # error: LST207
