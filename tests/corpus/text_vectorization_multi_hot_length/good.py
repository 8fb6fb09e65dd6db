"""Bag-of-words text classifier: a multi-hot TextVectorization gives one vector per text."""
import numpy as np
import keras
from keras import layers

texts = np.array(["the cat sat", "a dog ran far", "birds fly", "the end"])
labels = np.array([0, 1, 1, 0])

vectorize = layers.TextVectorization(max_tokens=100, output_mode="multi_hot", pad_to_max_tokens=True)
vectorize.adapt(texts)
bags = np.asarray(vectorize(texts))
model = keras.Sequential([keras.Input(shape=(100,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(bags, labels, epochs=1, verbose=0)
