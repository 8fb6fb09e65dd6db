"""Neighbourhood inputs in the style of stellargraph's GraphSAGE: hop i samples the product of
the first i sample counts (`np.prod(n_samples[:i], dtype=int)`: 1, 2, 8 nodes). The second
hop's 8 nodes are reshaped with the first hop's sample count (2 per head node instead of 4):
2 * 2 * 8 values cannot hold 8 * 8."""

import keras
import numpy as np
from keras import layers

n_samples = [2, 4]
features = 8
sizes = [np.prod(n_samples[:i], dtype=int) for i in range(len(n_samples) + 1)]
inputs = [keras.Input(shape=(int(s), features)) for s in sizes]

neighbours = layers.Reshape((int(sizes[1]), n_samples[0], features))(inputs[2])  # error: LST106
mean = layers.Lambda(lambda t: keras.ops.mean(t, axis=2))(neighbours)
hop = layers.Concatenate()([inputs[1], mean])
out = layers.Dense(4)(layers.Flatten()(hop))
model = keras.Model(inputs, out)
