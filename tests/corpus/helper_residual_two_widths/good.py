"""A residual LSTM block in a helper, stacked with a growing width (32, then 64)."""
import keras
from keras import layers


def residual_block(x, width):
    main = layers.LSTM(width, return_sequences=True)(x)
    main = layers.LayerNormalization()(main)
    shortcut = layers.Dense(width)(x)  # a projection shortcut, in the block's own terms
    return layers.Add()([shortcut, main])


inputs = keras.Input(shape=(30, 16))
h = residual_block(inputs, 32)
h = residual_block(h, 64)
outputs = layers.Dense(1)(layers.GlobalAveragePooling1D()(h))
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
