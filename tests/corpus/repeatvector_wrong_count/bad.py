"""Static features repeated along a 6-step history, with the wrong repeat count."""
import keras
from keras import layers

STEPS = 6
history = keras.Input(shape=(STEPS, 4), name="history")
static = keras.Input(shape=(8,), name="static")
repeated = layers.RepeatVector(5)(static)
joined = layers.Concatenate()([history, repeated])  # error: LST112
encoded = layers.LSTM(16)(joined)
model = keras.Model([history, static], layers.Dense(1)(encoded))
model.compile(optimizer="adam", loss="mse")
