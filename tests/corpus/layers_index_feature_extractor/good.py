"""A trained sequence classifier reused as a frozen feature extractor: a new head on the
output of its second-to-last layer (`model.layers[-2]`), trained on targets of its width."""
import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(30, 6))
x = layers.LSTM(32, return_sequences=True)(inputs)
x = layers.LSTM(16)(x)
outputs = layers.Dense(5, activation="softmax")(x)
base = keras.Model(inputs, outputs)

for layer in base.layers:
    layer.trainable = False
extractor = keras.Model(inputs=base.input, outputs=base.layers[-2].output)
head = layers.Dense(2, activation="softmax")(extractor.output)
transfer = keras.Model(extractor.input, head)
transfer.compile(optimizer="adam", loss="categorical_crossentropy")
X = np.zeros((12, 30, 6), dtype="float32")
Y = keras.utils.to_categorical(np.random.randint(0, 2, size=(12,)), num_classes=2)
transfer.fit(X, Y, epochs=1, verbose=0)
