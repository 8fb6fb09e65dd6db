"""A video classifier: one frame encoder model applied to every frame with TimeDistributed."""

import keras
from keras import layers

frame = keras.Input(shape=(16, 16, 3))
features = layers.Conv2D(8, 3, activation="relu")(frame)
features = layers.GlobalAveragePooling2D()(features)
frame_encoder = keras.Model(frame, features)

clip = keras.Input(shape=(6, 16, 16, 3))
per_frame = layers.TimeDistributed(frame_encoder)(clip)
summary = layers.LSTM(12)(per_frame)
outputs = layers.Dense(3, activation="softmax")(summary)
model = keras.Model(clip, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
