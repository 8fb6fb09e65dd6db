"""A tf.data pipeline that scales the windows in `map` before batching: the targets hold 3
values per sample, the model predicts 5 classes."""
import numpy as np
import tensorflow as tf

X = np.random.rand(64, 10, 4).astype("float32")
Y = np.eye(3, dtype="float32")[np.random.randint(0, 3, size=64)]


def augment(x, y):
    return x + 0.01, y


ds = tf.data.Dataset.from_tensor_slices((X, Y)).map(lambda x, y: (x * 2.0, y)).map(augment).batch(16)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(10, 4)),
    tf.keras.layers.LSTM(8),
    tf.keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(ds, epochs=1, verbose=0)  # error: LST205
