"""Keras 2 (tf_keras): a stateful stacked LSTM declared with batch_input_shape, trained with fit_generator."""
import numpy as np
import tf_keras as keras
from tf_keras.layers import LSTM, Dense

batch, steps, features = 4, 6, 2
model = keras.Sequential()
model.add(LSTM(16, batch_input_shape=(batch, steps, features), stateful=True, return_sequences=True))
model.add(LSTM(8, stateful=True, time_major=False))
head = Dense(1)
model.add(head)
model.compile(loss="mse", optimizer=keras.optimizers.Adam(lr=0.01))


def batches():
    while True:
        yield np.zeros((batch, steps, features)), np.zeros((batch, 1))


model.fit_generator(batches(), steps_per_epoch=1, epochs=1, verbose=0)
print(head.output_shape)
