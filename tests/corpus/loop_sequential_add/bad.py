"""Sequential model grown in a loop over a list of layer sizes."""
import tensorflow as tf

layer_sizes = [32, 16, 8]
n_steps, n_features = 15, 1

model = tf.keras.Sequential()
model.add(tf.keras.Input(shape=(n_steps, n_features)))
for k, size in enumerate(layer_sizes):
    last = k == len(layer_sizes) - 1
    model.add(tf.keras.layers.LSTM(size, return_sequences=last))  # error: LST101
model.add(tf.keras.layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
