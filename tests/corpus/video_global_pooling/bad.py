"""Action recognition: per-frame features pooled over space, then a GRU over time."""
import keras
from keras import layers

frames = keras.Input(shape=(16, 48, 48, 3))
x = layers.TimeDistributed(layers.Conv2D(16, 3, strides=2, activation="relu"))(frames)
x = layers.TimeDistributed(layers.SeparableConv2D(32, 3, activation="relu"))(x)
x = layers.GlobalAveragePooling2D()(x)  # error: LST104
x = layers.GRU(32)(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(frames, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
