"""A DenseNet-style block: each step concatenates new features, so the channel count grows;
the count comes from a list given to the factory. The shortcut assumes the width never grew."""
import keras
from keras import layers


def conv_block(x, growth):
    y = layers.Conv1D(growth, 3, padding="same")(x)
    return layers.Concatenate()([x, y])


def dense_block(x, blocks, growth):
    for _ in range(blocks):
        x = conv_block(x, growth)
    return x


def build(blocks, growth=4):
    inputs = keras.Input(shape=(16, 4))
    x = dense_block(inputs, blocks[0], growth)
    shortcut = layers.Conv1D(8, 1)(inputs)
    x = layers.Add()([x, shortcut])  # error: LST110
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(inputs, layers.Dense(2)(x))


model = build([2, 3])
