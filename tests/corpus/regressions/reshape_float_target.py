"""Regression (differential suite): a float in Reshape's target (from `/`) builds in Keras with an
undefined dimension there; lstmlint used to claim the float as the dimension."""
import keras
from keras import layers

steps, feats = 8, 4
inputs = keras.Input(shape=(steps, feats))
x = layers.Reshape((steps * feats / 2, 2))(inputs)
x = layers.LSTM(3)(x)
model = keras.Model(inputs, x)
