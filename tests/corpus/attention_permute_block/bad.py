"""The classic attention block: Permute, a softmax Dense over time, Permute back, Multiply."""
import numpy as np
import keras
from keras import layers

TIME_STEPS, INPUT_DIM, UNITS = 20, 2, 16

inputs = keras.Input(shape=(30, INPUT_DIM))
lstm_out = layers.LSTM(UNITS, return_sequences=True)(inputs)
a = layers.Permute((2, 1))(lstm_out)
a = layers.Dense(TIME_STEPS, activation="softmax")(a)
a_probs = layers.Permute((2, 1))(a)
weighted = layers.Multiply()([lstm_out, a_probs])  # error: LST110
x = layers.Flatten()(weighted)
output = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, output)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.zeros((8, 30, INPUT_DIM)), np.zeros((8, 1)), epochs=1, verbose=0)
