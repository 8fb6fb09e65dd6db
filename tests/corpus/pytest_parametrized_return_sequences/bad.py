"""A pytest test of a stacked recurrent encoder, parametrized over the first layer's
`return_sequences`: pytest runs it with False too, and the second recurrent layer then gets
a 2-D input."""

import keras
import pytest
from keras import layers

UNITS = [8, 16]


@pytest.mark.parametrize("rnn", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize("units", UNITS)
@pytest.mark.parametrize("return_sequences", [True, False])
def test_stacked_encoder(rnn, units, return_sequences):
    inputs = keras.Input((10, 3))
    x = rnn(units, return_sequences=return_sequences)(inputs)
    x = rnn(4)(x)  # error: LST101
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    assert model.output_shape == (None, 1)


if __name__ == "__main__":
    test_stacked_encoder(layers.LSTM, 8, False)
