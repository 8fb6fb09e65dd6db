"""Precipitation nowcasting: a bidirectional ConvLSTM encoder, then a per-frame convolution."""
from tensorflow import keras
from tensorflow.keras import layers

n_frames, height, width = 6, 32, 32

radar = keras.Input(shape=(n_frames, height, width, 1))
x = layers.Bidirectional(layers.ConvLSTM2D(8, 3, padding="same"))(radar)
x = layers.Bidirectional(layers.ConvLSTM2D(8, 3, padding="same", return_sequences=True), merge_mode="sum")(x)  # error: LST101
x = layers.TimeDistributed(layers.Conv2D(1, 1, activation="relu"))(x)
model = keras.Model(radar, x)
model.compile(optimizer="adam", loss="mse")
