"""Tabular features encoded inside a model (lookups, hashing, bucketing, normalization), and
a quick baseline: a Sequential model declared with `input_dim=` on the numeric columns."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

city = keras.Input(shape=(1,), dtype="string", name="city")
zip_code = keras.Input(shape=(1,), dtype="int64", name="zip_code")
age = keras.Input(shape=(1,), name="age")
income = keras.Input(shape=(1,), name="income")

city_onehot = layers.StringLookup(vocabulary=["paris", "rome", "oslo"], output_mode="one_hot")(city)
zip_onehot = layers.IntegerLookup(vocabulary=[75001, 75002, 10115], output_mode="one_hot")(zip_code)
zip_hashed = layers.Hashing(num_bins=8, output_mode="one_hot")(zip_code)
age_bucket = layers.Discretization(bin_boundaries=[18.0, 35.0, 60.0])(age)
age_onehot = layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")(age_bucket)
income_scaled = layers.Normalization(mean=50000.0, variance=1.0e8)(income)
encoded = layers.Concatenate()([city_onehot, zip_onehot, zip_hashed, age_onehot, income_scaled])
encoder = keras.Model([city, zip_code, age, income], encoded)

table = [
    tf.constant([["paris"], ["oslo"], ["rome"], ["paris"]]),
    np.array([[75001], [10115], [75002], [75001]]),
    np.array([[25.0], [41.0], [67.0], [33.0]], dtype="float32"),
    np.array([[42000.0], [61000.0], [38000.0], [52000.0]], dtype="float32"),
]
rows = encoder.predict(table, verbose=0)
bought = np.array([1, 0, 0, 1], dtype="float32")
numeric = np.hstack([table[2], table[3] / 1000.0])

baseline = keras.Sequential([
    layers.Dense(8, activation="relu", input_dim=3),
    layers.Dense(1, activation="sigmoid"),
])
baseline.compile(optimizer="adam", loss="binary_crossentropy")
baseline.fit(numeric, bought, epochs=1, verbose=0)  # error: LST207
