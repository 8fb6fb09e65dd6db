"""A pytest test of a stacked recurrent encoder whose last layer's `return_sequences` comes
from a fixture with `params=`: the sequence it may return is pooled, so every parametrization
pytest runs builds."""

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
    x = rnn(8, return_sequences=True)(inputs)
    x = rnn(4, return_sequences=return_sequences)(x)
    if return_sequences:
        x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    assert model.output_shape == (None, 1)


if __name__ == "__main__":
    for rnn_class in (layers.LSTM, layers.GRU):
        for flag in (True, False):
            test_stacked_encoder(rnn_class, flag)
