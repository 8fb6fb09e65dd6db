"""A 3-D convolutional autoencoder trained batch by batch (train_on_batch / test_on_batch)."""
import tensorflow as tf
import keras
from keras import layers

inputs = keras.Input(shape=(8, 16, 16, 1))
x = layers.Conv3D(8, 3, strides=2, padding="same", activation="relu")(inputs)
x = layers.Conv3D(16, 3, padding="same", activation="relu")(x)
x = layers.UpSampling3D((1, 2, 2))(x)
x = layers.Conv3DTranspose(8, 3, strides=(2, 1, 1), padding="same", activation="relu")(x)
outputs = layers.Conv3D(1, 3, padding="same", activation="sigmoid")(x)
autoencoder = keras.Model(inputs, outputs)
autoencoder.compile(optimizer="adam", loss="mse")

volumes = tf.random.uniform((4, 8, 16, 16, 1))
for step in range(2):
    autoencoder.train_on_batch(volumes, volumes)
print(autoencoder.test_on_batch(volumes, volumes))
noisy = tf.zeros((2, 8, 16, 16, 1))
print(autoencoder.predict_on_batch(noisy).shape)
