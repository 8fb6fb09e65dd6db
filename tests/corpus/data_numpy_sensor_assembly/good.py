"""Activity recognition from wearable sensors: windows assembled from several NumPy arrays."""
import numpy as np
import keras
from keras import layers

accel = np.random.randn(40, 50, 3).astype("float32")          # (windows, steps, axes)
gyro = np.random.randn(40, 3, 50).astype("float32").transpose(0, 2, 1)
heart = np.random.randn(40 * 50).astype("float32").reshape(40, -1)
signals = np.concatenate([accel, gyro, heart[:, :, np.newaxis]], axis=2)
extra = np.random.randn(10, 50, 7).astype("float32")
windows = np.vstack([signals, extra])

walking = np.squeeze(np.random.randint(0, 2, size=(50, 1)))
running = np.random.randint(0, 2, size=(50,))
targets = np.hstack([walking[:, None], running[:, None]]).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(50, 7)),
    layers.LSTM(32),
    layers.Dense(2, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(windows, targets, epochs=1, batch_size=10, verbose=0)
