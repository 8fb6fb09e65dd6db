"""A unittest suite for a stacked LSTM encoder: ``setUp`` (in the suite's base class) builds the
input and the data; the test stacks two LSTMs, but the first one does not return its sequence,
so the second one gets a 2-D input. unittest runs the test, nobody in the file calls it (run as
a script, ``debug()`` runs ``setUp`` and the test and lets the error through)."""

import unittest

import keras
import numpy as np
from keras import layers


class EncoderTestBase(unittest.TestCase):
    def setUp(self):
        self.inputs = keras.Input((5, 3))
        self.x = np.zeros((4, 5, 3))
        self.y = np.zeros((4, 1))


class TestStackedEncoder(EncoderTestBase):
    def test_two_layers(self):
        h = layers.LSTM(8)(self.inputs)
        h = layers.LSTM(4)(h)  # error: LST101
        outputs = layers.Dense(1)(h)
        model = keras.Model(self.inputs, outputs)
        model.compile(optimizer="adam", loss="mse")
        model.fit(self.x, self.y, epochs=1, verbose=0)
        self.assertEqual(model.output_shape, (None, 1))

    def test_rejects_a_vector(self):
        # an expected failure: Keras raises inside the block, the test passes
        with self.assertRaises(ValueError):
            layers.LSTM(4)(layers.Dense(3)(self.inputs[:, -1, :]))


if __name__ == "__main__":
    TestStackedEncoder("test_rejects_a_vector").debug()
    TestStackedEncoder("test_two_layers").debug()
