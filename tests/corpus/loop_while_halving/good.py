"""Units halve from layer to layer until they reach a floor (a while loop)."""
import tensorflow as tf
from tensorflow.keras import layers

units, floor = 64, 8

inp = tf.keras.Input(shape=(30, 2))
x = inp
while units > floor:
    x = layers.GRU(units, return_sequences=True)(x)
    units //= 2
x = layers.GRU(units)(x)
model = tf.keras.Model(inp, layers.Dense(1)(x))
