"""Keras 2 dropout masks of a custom recurrent cell, fast tier (no TensorFlow).

keras-ordered-neurons' ONLSTM cell keeps its masks in ``keras.backend.ContextValueCache(factory)``
(tf_keras 2.21: ``tf_keras.src.backend.ContextValueCache``; Keras 3 has none) and makes them with
``K.in_train_phase(dropped, ones, training=training)``. Measured with tf_keras 2.21: such a cell,
whose ``call`` multiplies its input by ``cache.setdefault(kwargs=dict(inputs=inputs, ...))[0]``,
builds ``RNN(cell)`` on ``Input((7, 5))`` as ``(None, 4)``. ``setdefault`` returns
``factory(**kwargs)`` (or ``default`` when given); ``in_train_phase`` calls a callable branch;
with ``training`` 1/True it gives ``x``, 0/False ``alt``, otherwise a switch of the two. The
corpus pair ``keras2_cells9_dropout_cache`` is the Keras-tier twin."""

from __future__ import annotations

import pytest
from interpreted import interpret

from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.keras_subclass import ContextCache

CELL = """
import tf_keras as keras
from tf_keras import backend as K
from tf_keras.src import backend


def _masks(ones, rate, training=None, count=1):
    def dropped():
        return K.dropout(ones, rate)

    if count > 1:
        return [K.in_train_phase(dropped, ones, training=training) for _ in range(count)]
    return K.in_train_phase(dropped, ones, training=training)


class Cell(keras.layers.Layer):
    def __init__(self, units, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dropout = dropout
        self.state_size = units
        self.output_size = units
        self._cache = backend.ContextValueCache(self._create)

    def _create(self, inputs, training, count=1):
        return _masks(K.ones_like(inputs), self.dropout, training=training, count=count)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, inputs, states, training=None):
        if 0 < self.dropout < 1:
            mask = self._cache.setdefault(kwargs=dict(inputs=inputs, training=training, count=2))
            inputs = inputs * mask[0]
        h = K.dot(inputs, self.kernel) + states[0]
        return h, [h]


inp = keras.Input((7, 5))
out = keras.layers.RNN(Cell(4, dropout=0.1))(inp)
"""


def test_cell_with_cached_dropout_masks_is_followed() -> None:
    out = interpret(CELL, "2").globals["out"]
    assert isinstance(out, Tensor)
    assert str(out.shape) == "(None, 4)"


def test_cache_is_a_keras2_object() -> None:
    g = interpret(CELL + "cache = Cell(4)._cache\n", "2").globals
    assert isinstance(g["cache"], ContextCache)
    g3 = interpret(CELL.replace("tf_keras", "keras").replace("keras.src", "keras"), "3").globals
    assert not any(isinstance(v, ContextCache) for v in g3.values())


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("cache.setdefault(kwargs=dict(inputs=x))", "(None, 3)"),
        ("cache.setdefault(None, None, {'inputs': x})", "(None, 3)"),
        ("cache.setdefault(default=y)", "(None, 8)"),
    ],
)
def test_setdefault_calls_the_factory(call: str, expected: str) -> None:
    g = interpret(
        f"""
        import tf_keras as keras
        from tf_keras import backend as K
        from tf_keras.src import backend
        x = keras.Input((3,))
        y = keras.Input((8,))
        cache = backend.ContextValueCache(lambda inputs: K.ones_like(inputs))
        out = {call}
        """,
        "2",
    ).globals
    assert isinstance(g["out"], Tensor)
    assert str(g["out"].shape) == expected


@pytest.mark.parametrize(
    ("training", "expected"),
    [("1", "(None, 3)"), ("True", "(None, 3)"), ("0", "(None, 8)"), ("False", "(None, 8)")],
)
def test_in_train_phase_picks_a_branch_when_training_is_known(training: str, expected: str) -> None:
    g = interpret(
        f"""
        import tf_keras as keras
        from tf_keras import backend as K
        x = keras.Input((3,))
        y = keras.Input((8,))
        train = K.in_train_phase(lambda: K.ones_like(x), y, training={training})
        test = K.in_test_phase(y, lambda: K.ones_like(x), training={training})
        """,
        "2",
    ).globals
    assert str(g["train"].shape) == expected
    assert str(g["test"].shape) == expected


def test_in_train_phase_of_an_unknown_phase_joins_both_branches() -> None:
    g = interpret(
        """
        import tf_keras as keras
        from tf_keras import backend as K
        x = keras.Input((3,))
        same = K.in_train_phase(lambda: K.dropout(x, 0.5), x)
        other = K.in_train_phase(x, keras.Input((8,)))
        """,
        "2",
    ).globals
    assert str(g["same"].shape) == "(None, 3)"
    assert not (isinstance(g["other"], Tensor) and str(g["other"].shape) in ("(None, 3)", "(None, 8)"))
