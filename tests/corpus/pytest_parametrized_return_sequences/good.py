"""A pytest test of a stacked recurrent encoder, parametrized over the last layer's
`return_sequences`: the first layer always returns the sequence the second one reads."""

import keras
import pytest
from keras import layers

UNITS = [8, 16]


@pytest.mark.parametrize("rnn", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize("units", UNITS)
@pytest.mark.parametrize("return_sequences", [True, False])
def test_stacked_encoder(rnn, units, return_sequences):
    inputs = keras.Input((10, 3))
    x = rnn(units, return_sequences=True)(inputs)
    x = rnn(4, return_sequences=return_sequences)(x)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    assert model.output_shape == ((None, 10, 1) if return_sequences else (None, 1))


if __name__ == "__main__":
    for rnn in (layers.LSTM, layers.GRU):
        for return_sequences in (True, False):
            test_stacked_encoder(rnn, 8, return_sequences)
