"""Training one epoch at a time in a loop, with one-hot targets for five classes."""
import numpy as np
import keras
from keras import layers

num_classes = 5
X = np.zeros((32, 10, 4), dtype="float32")
Y = keras.utils.to_categorical(np.arange(32) % num_classes, num_classes)

model = keras.Sequential([
    keras.Input(shape=(10, 4)),
    layers.LSTM(8),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
for epoch in range(80):
    history = model.fit(X, Y, epochs=1, batch_size=32, verbose=0)  # error: LST205
    loss = history.history["loss"][-1]
print(model.predict(X[:2], verbose=0).shape)
