"""History and known-future covariates joined along the time axis (axis=1)."""
import keras
from keras import layers

hist = keras.Input(shape=(10, 4))
futr = keras.Input(shape=(5, 4))
seq = layers.Concatenate(axis=1)([hist, futr])
h = layers.GRU(16)(seq)
model = keras.Model([hist, futr], layers.Dense(5)(h))
