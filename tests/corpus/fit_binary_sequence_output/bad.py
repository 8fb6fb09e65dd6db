"""Binary sentiment: one probability per review, so the LSTM returns only its last output."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

maxlen, vocab_size = 40, 500
x_train = np.zeros((24, maxlen), dtype="int32")
y_train = np.zeros((24, 1), dtype="float32")

model = keras.Sequential([
    keras.Input(shape=(maxlen,)),
    layers.Embedding(vocab_size, 16),
    layers.LSTM(16, return_sequences=True),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=12, epochs=1, verbose=0)  # error: LST205
