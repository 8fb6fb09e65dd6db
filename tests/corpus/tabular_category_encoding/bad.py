"""Tabular model: numeric columns normalised, two categorical codes encoded, then joined."""
import keras
from keras import layers

numeric = keras.Input(shape=(3,), name="numeric")
codes = keras.Input(shape=(2,), dtype="int32", name="codes")

num = layers.Normalization(mean=[0.0, 1.0, 2.0], variance=[1.0, 1.0, 4.0])(numeric)
cat = layers.CategoryEncoding(num_tokens=10, output_mode="one_hot")(codes)
x = layers.Concatenate()([num, cat])  # error: LST112
x = layers.Dense(16, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model([numeric, codes], outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
