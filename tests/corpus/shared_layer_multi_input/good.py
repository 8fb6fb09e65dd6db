"""Two sensors share one GRU; their encodings are concatenated with static metadata."""
import tensorflow as tf
from tensorflow.keras import layers

steps = 10
shared_gru = layers.GRU(8)

sensor_a = tf.keras.Input(shape=(steps, 3))
sensor_b = tf.keras.Input(shape=(steps, 3))
meta = tf.keras.Input(shape=(4,))
h = layers.Concatenate()([shared_gru(sensor_a), shared_gru(sensor_b), meta])
out = layers.Dense(1)(h)
model = tf.keras.Model([sensor_a, sensor_b, meta], out)
