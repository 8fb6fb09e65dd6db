"""Keras 2 (tf_keras): a custom layer joining two `Dense` projections, applied to every time
step by `TimeDistributed`. tf_keras runs the layer's `call` on one step: 2 * 4 = 8 features,
while the residual branch beside it is 4 wide."""
import numpy as np
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class TwoHeads(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.mu = layers.Dense(units)
        self.sigma = layers.Dense(units)

    def call(self, x):
        return K.concatenate([self.mu(x), self.sigma(x)], axis=-1)


inputs = keras.Input(shape=(5, 3))
heads = layers.TimeDistributed(TwoHeads(4))(inputs)
skip = layers.Dense(4)(inputs)
out = layers.Add()([heads, skip])  # error: LST110
model = keras.Model(inputs, out)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 5, 3)), np.zeros((4, 5, 8)), epochs=1, verbose=0)
