"""Training from a tf.data pipeline built from arrays."""
import numpy as np
import tensorflow as tf

X = np.zeros((32, 12, 3), dtype="float32")
y = np.zeros((32,), dtype="float32")
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(32).batch(8)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(X.shape[1],)),
    tf.keras.layers.GRU(8),  # error: LST101
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(ds, epochs=1, verbose=0)
