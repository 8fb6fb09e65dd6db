"""Keras 2 (tf_keras): a batch taken from a `tf.data` pipeline becomes the model's input
tensor (`Input(tensor=...)`, as in Keras 2's mnist_dataset_api example). The bug: 14 rows
assumed after the pooling, but a valid 3x3 convolution left 26, pooled to 13."""
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

x_train = np.zeros((64, 28, 28, 1), dtype=np.float32)
y_train = np.zeros((64, 10), dtype=np.float32)
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).repeat().shuffle(64).batch(16)
inputs, targets = next(iter(dataset))

model_input = layers.Input(tensor=inputs)
h = layers.Conv2D(8, (3, 3), activation="relu")(model_input)
h = layers.MaxPooling2D((2, 2))(h)
h = layers.Reshape((14, 14 * 8))(h)  # error: LST106
h = layers.LSTM(16)(h)
model_output = layers.Dense(10, activation="softmax")(h)
model = keras.models.Model(inputs=model_input, outputs=model_output)
model.compile(optimizer="adam", loss="categorical_crossentropy")
