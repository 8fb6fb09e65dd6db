"""Variable-length input (time axis None), padded with zeros and masked."""
import keras
from keras import layers

n_features = 3
inputs = keras.Input(shape=(None, n_features))
x = layers.Masking(mask_value=0.0)(inputs)
x = layers.LSTM(16)(x)
x = layers.RepeatVector(5)(x)
x = layers.LSTM(16, return_sequences=True)(x)
model = keras.Model(inputs, layers.TimeDistributed(layers.Dense(n_features))(x))
