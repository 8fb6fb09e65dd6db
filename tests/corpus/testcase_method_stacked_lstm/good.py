"""The corrected twin: the first LSTM returns its whole sequence (``return_sequences=True``),
so the second one gets the 3-D input it needs. The expected failure inside ``assertRaises``
is still not reported: Keras raises there and the test passes."""

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
        h = layers.LSTM(8, return_sequences=True)(self.inputs)
        h = layers.LSTM(4)(h)
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
