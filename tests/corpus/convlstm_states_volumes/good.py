"""Two ConvLSTM branches: a 1-D one whose final states summarise a signal grid, and a
stack of 3-D ones over a sequence of volumes."""
import numpy as np
import keras
from keras import layers

grid = keras.Input(shape=(10, 32, 3))               # (time, positions, channels)
seq, h, c = layers.ConvLSTM1D(8, 3, return_sequences=True, return_state=True)(grid)
summary = layers.Concatenate()([h, c])
summary = layers.GlobalAveragePooling1D()(summary)

volumes = keras.Input(shape=(4, 6, 12, 12, 1))      # (time, depth, rows, cols, channels)
v = layers.ConvLSTM3D(4, 3, padding="same", return_sequences=True)(volumes)
v = layers.ConvLSTM3D(4, 3)(v)
v = layers.GlobalAveragePooling3D()(v)

merged = layers.Concatenate()([summary, v])
outputs = layers.Dense(3, activation="softmax")(merged)
model = keras.Model([grid, volumes], outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")

labels = np.array([0, 1, 2, 1])
targets = keras.utils.to_categorical(labels)
model.fit([np.zeros((4, 10, 32, 3)), np.zeros((4, 4, 6, 12, 12, 1))], targets, epochs=1, verbose=0)
