"""A model factory whose skip connection joins `hidden` and `hidden // 2` units."""
import keras
from keras import layers


def build_model(n_steps, n_features, hidden=64):
    inputs = keras.Input(shape=(n_steps, n_features))
    a = layers.LSTM(hidden, return_sequences=True)(inputs)
    b = layers.LSTM(hidden // 2, return_sequences=True)(a)
    y = layers.Add()([a, b])  # error: LST110
    out = layers.Dense(1)(layers.LSTM(hidden // 4)(y))
    model = keras.Model(inputs, out)
    model.compile(optimizer="adam", loss="mse")
    return model


model = build_model(24, 3)
