"""``x is None`` on an array or a tensor is False (``interp/classes.py`` ``never_none``): NumPy
data and Keras tensors are never None, so ``default if data is None else data`` takes the data's
side alone (keras-spiking's ``dt``). A size read from a shape may stand for None: undecided."""

from __future__ import annotations

from interpreted import interpret, model_at, model_output

from lstmlint.shapes.dims import Sym


def test_an_array_is_not_none() -> None:
    interp = interpret(
        """
        import numpy as np
        import keras
        data = np.zeros((10, 5, 3))
        shape = (4, 7) if data is None else data.shape[1:]
        model = keras.Sequential([keras.Input(shape), keras.layers.LSTM(2, return_sequences=True)])
        """
    )
    assert model_output(interp, 6) == "(None, 5, 2)"


def test_a_tensor_is_not_none() -> None:
    interp = interpret(
        """
        import keras
        inputs = keras.Input((6, 3))
        x = keras.layers.Dense(4)(inputs)
        y = inputs if x is None else x
        model = keras.Model(inputs, keras.layers.LSTM(2, return_sequences=True)(y))
        """
    )
    assert model_output(interp, 6) == "(None, 6, 2)"


def test_a_size_from_a_shape_stays_undecided() -> None:
    interp = interpret(
        """
        import keras
        from data import load
        data = load()
        width = 3 if data.shape[-1] is None else data.shape[-1]
        model = keras.Sequential([keras.Input((5, 4)), keras.layers.Dense(width)])
        """
    )
    # neither side alone: not 3, not the data's size, but a size of its own named after the variable
    last = model_at(interp, 6).outputs[0].shape.dims[-1]
    assert isinstance(last, Sym) and last.name == "width" and last.key[0] == "var"
