"""Images read as a flat buffer (a file, a download): `np.reshape` gives them the target's shape
whatever the buffer held, and `np.append` of more images keeps the other axes."""
import numpy as np
import keras
from keras import layers

raw = np.frombuffer(bytes(16 * 784 * 4), dtype=np.float32)
x = np.reshape(raw, (raw.shape[0] // 784, 28, 28, 1))
extra = np.frombuffer(bytes(4 * 784 * 4), dtype=np.float32).reshape(4, 28, 28, 1)
x = np.append(x, extra, axis=0)
y = np.zeros((x.shape[0], 10), dtype=np.float32)

inputs = keras.Input(shape=x.shape[1:])
h = layers.Conv2D(8, (3, 3), activation="relu")(inputs)
h = layers.MaxPooling2D((2, 2))(h)
h = layers.Reshape((13 * 13, 8))(h)
h = layers.LSTM(16)(h)
outputs = layers.Dense(10, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=8, verbose=0)
