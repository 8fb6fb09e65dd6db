"""Backend-guarded pipeline: TensorFlow taken from an import guard, the path picked by
KERAS_BACKEND; the dense head is reshaped to 7 values, but it holds 5 x 4 = 20."""

import os

import numpy as np

try:
    import tensorflow as tf_module

    tf = tf_module
    if hasattr(tf, "data") and hasattr(tf, "compat"):
        has_tf = True
    else:
        tf = None
        has_tf = False
except (ImportError, AttributeError):
    tf = None
    has_tf = False

import keras

if os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow" and has_tf:
    steps = 5
else:
    steps = 6

inputs = keras.Input((steps, 3))
x = keras.layers.Dense(4)(inputs)
x = keras.layers.Reshape((7,))(x)  # error: LST106
model = keras.Model(inputs, x)
model.compile(loss="mse", optimizer="adam")
model.fit(np.zeros((2, steps, 3)), np.zeros((2, 7)), epochs=1, verbose=0)
