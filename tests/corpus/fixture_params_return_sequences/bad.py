"""A pytest test of a stacked recurrent encoder whose first layer's `return_sequences` comes
from a fixture with `params=`: pytest runs the test with False too, and the second recurrent
layer then gets a 2-D input."""

import keras
import pytest
from keras import layers


@pytest.fixture(params=[True, False], ids=["sequences", "last-step"])
def return_sequences(request):
    return request.param


@pytest.fixture(params=[layers.LSTM, layers.GRU])
def rnn(request):
    return request.param


def test_stacked_encoder(rnn, return_sequences):
    inputs = keras.Input((10, 3))
    x = rnn(8, return_sequences=return_sequences)(inputs)
    x = rnn(4)(x)  # error: LST101
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    assert model.output_shape == (None, 1)


if __name__ == "__main__":
    test_stacked_encoder(layers.GRU, False)
