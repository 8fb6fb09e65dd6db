"""Next-frame prediction: stacked ConvLSTM2D layers over a sequence of frames."""
import keras
from keras import layers

frames, rows, cols = 10, 40, 40

inputs = keras.Input(shape=(frames, rows, cols, 1))
x = layers.ConvLSTM2D(16, (3, 3), padding="same", return_sequences=True)(inputs)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(16, (3, 3), padding="same", return_sequences=True)(x)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(8, (1, 1), padding="same")(x)
outputs = layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
