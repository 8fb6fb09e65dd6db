"""Issue 10, script corpus (round 8, MISC): values the program picks one of.

- A hyperas template choosing between layers (``model.add({{choice([Dropout(0.5),
  Activation('linear')])}})``, hyperas' own examples): one of them per trial. Followed when
  every option builds the same shapes on any input with no weights (each a pass-through:
  ``layers/core.py`` ``passes_through``), else the model is lost as before.
- A Keras class bound in ``try``/``except AttributeError`` from its Keras 3 home or its Keras 2
  submodule (``keras.layers.Wrapper`` / ``keras.layers.wrappers.Wrapper``): one class, so a
  custom layer built on it is followed (keras-multi-head). Ground truth in Keras:
  ``tests/corpus/misc8_wrapper_import_fallback``.

Fast tier: the interpreter only."""

from __future__ import annotations

import pytest
from interpreted import findings, interpret, lint_program, model_at

from lstmlint.codes import Code
from lstmlint.layers.core import passes_through

HYPERAS = """
from hyperas import optim
from hyperas.distributions import choice
from hyperopt import tpe
from keras.layers import Activation, Dense, Dropout, Masking
from keras.models import Sequential
import numpy as np


def data():
    x_train = np.zeros((100, 784))
    y_train = np.zeros((100, 10))
    return x_train, y_train


def create_model(x_train, y_train):
    model = Sequential()
    model.add(Dense(512, input_shape=(784,)))
    model.add({{choice(OPTIONS)}})
    model.add(Dense(10))
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(x_train, y_train)
    return {"loss": 0.0, "status": "ok", "model": model}


best_run, best_model = optim.minimize(model=create_model, data=data, algo=tpe.suggest, max_evals=5, trials=None)
"""


def hyperas(options: str) -> str:
    return HYPERAS.replace("OPTIONS", options)


@pytest.mark.parametrize(
    "options",
    ["[Dropout(0.5), Activation('linear')]", "[Activation('relu'), Activation('tanh'), Dropout(0.2)]"],
)
def test_a_choice_of_pass_through_layers_is_followed(options: str) -> None:
    interp = interpret(hyperas(options), "2")
    model = model_at(interp, 17)
    assert not model.lost, model.lost
    assert [str(t.shape) for t in model.outputs] == ["(None, 10)"]


@pytest.mark.parametrize(
    "options",
    [
        "[Dropout(0.5), Dense(512)]",  # Dense has weights: another shape on another input
        "[Dropout(0.5), Masking()]",  # Masking makes a mask: custom layers after it see one
    ],
)
def test_a_choice_of_other_layers_stays_lost(options: str) -> None:
    interp = interpret(hyperas(options), "2")
    model = model_at(interp, 17)
    assert model.lost
    assert "a layer the analysis does not follow" in [why for _, why in model.lost]


def test_the_data_reaches_the_model_after_the_choice() -> None:
    code = hyperas("[Dropout(0.5), Activation('linear')]").replace("np.zeros((100, 10))", "np.zeros((100, 3))")
    result = lint_program("", code, "2")
    assert findings(result) == [(22, Code.FIT_TARGET_SHAPE_MISMATCH)], findings(result)
    assert not lint_program("", hyperas("[Dropout(0.5), Activation('linear')]"), "2").diagnostics


def test_pass_through_layers() -> None:
    assert all(passes_through(k) for k in ("Dropout", "Activation", "ReLU", "Softmax", "Identity"))
    # weights, a mask, or a rank they need: not interchangeable on any input
    assert not any(passes_through(k) for k in ("Dense", "BatchNormalization", "Masking", "SpatialDropout1D"))
    assert not passes_through("NoSuchLayer")


WRAPPER = """
import keras
from keras import layers

try:
    Wrapper = keras.layers.Wrapper
except AttributeError:
    Wrapper = FALLBACK


class Wrapped(Wrapper):
    def __init__(self, layer, **kwargs):
        self.inner = layer
        super().__init__(layer, **kwargs)

    def call(self, inputs):
        return self.inner(inputs)


inputs = keras.Input(shape=(12, 8))
x = Wrapped(layers.Flatten())(inputs)
model = keras.Model(inputs, x)
"""


@pytest.mark.parametrize("fallback", ["keras.layers.wrappers.Wrapper", "keras.layers.Wrapper"])
@pytest.mark.parametrize("keras", ["2", "3"])
def test_a_class_bound_from_either_keras_home_is_one_class(fallback: str, keras: str) -> None:
    interp = interpret(WRAPPER.replace("FALLBACK", fallback), keras)
    assert str(interp.globals["x"].shape) == "(None, 96)"


@pytest.mark.parametrize("fallback", ["keras.layers.Layer", "keras.layers.recurrent.LSTM", "keras.wrappers.Wrapper"])
def test_other_classes_stay_apart(fallback: str) -> None:
    interp = interpret(WRAPPER.replace("FALLBACK", fallback), "3")
    assert interp.globals["x"].shape.dims is None
