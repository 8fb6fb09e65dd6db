"""Siamese network: one LSTM encoder shared by two inputs, compared by their difference."""
import keras
from keras import layers

seq_len, n_feat = 20, 8

encoder = keras.Sequential([
    keras.Input(shape=(seq_len, n_feat)),
    layers.LSTM(16, return_sequences=True),
    layers.LSTM(16),
], name="encoder")

left = keras.Input(shape=(seq_len, n_feat))
right = keras.Input(shape=(seq_len, n_feat))
el = encoder(left)
er = layers.LSTM(16, return_sequences=True)(right)
diff = layers.Subtract()([el, er])  # warning: LST111
score = layers.Dense(1, activation="sigmoid")(diff)
model = keras.Model([left, right], score)
