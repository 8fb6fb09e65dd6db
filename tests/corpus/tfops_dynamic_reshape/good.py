"""Keras 2 (tf_keras): a Lambda regroups the features with `K.reshape`, keeping the batch size
read at run time (`K.shape(t)[0]`), before an LSTM that needs sequences."""
import numpy as np
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers

inputs = keras.Input(shape=(12, 8))
x = layers.Dense(16)(inputs)
x = layers.Lambda(lambda t: K.reshape(t, (K.shape(t)[0], -1, 32)))(x)
x = layers.LSTM(8)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop", loss="mse")
model.fit(np.zeros((4, 12, 8)), np.zeros((4, 1)), epochs=1, verbose=0)
