"""Subclassed Keras models and layers, against real Keras."""

from __future__ import annotations

from frontend_keras import agree_on_error, compare, errors, findings, interpret, keras_run

HEAD = """
import numpy as np
import keras
from keras import layers
"""

MODEL = HEAD + """
class Forecaster(keras.Model):
    def __init__(self, units=16, horizon=3, stacked=True):
        super().__init__()
        self.enc = layers.LSTM(units, return_sequences=stacked)
        self.blocks = [layers.LSTM(u, return_sequences=True) for u in (units, units // 2)]
        self.last = layers.GRU(units // 4)
        self.head = layers.Dense(horizon)

    def call(self, x, training=False):
        x = self.enc(x)
        for block in self.blocks:
            x = block(x)
        return self.head(self.last(x))
"""


def test_subclassed_model_called_on_input_matches_keras():
    code = MODEL + """
inp = keras.Input(shape=(24, 5))
out = Forecaster(units=32)(inp)
model = keras.Model(inp, out)
"""
    compare(code, ["out", "model"])


def test_subclassed_model_bug_found_when_called():
    code = MODEL + """
inp = keras.Input(shape=(24, 5))
out = Forecaster(stacked=False)(inp)
"""
    diags = agree_on_error(code, "LST101")
    (d,) = [d for d in diags if d.code == "LST101"]
    assert d.line == 17
    assert d.notes == ("in `Forecaster.call()` called at line 21",)


def test_model_build_is_followed():
    code = MODEL + """
model = Forecaster(stacked=False)
model.build((None, 24, 5))
"""
    assert errors(code) == [(17, "LST101")]
    # Keras' default build() swallows the error; the model fails as soon as it is used
    run = keras_run(code + "model.predict(np.zeros((2, 24, 5)), verbose=0)\n")
    assert run.raised and run.line == 17


def test_model_used_on_data_is_built_from_the_data():
    code = MODEL + """
model = Forecaster(stacked=False)
pred = model.predict(np.zeros((4, 24, 5)), verbose=0)
"""
    agree_on_error(code, "LST101")


def test_uncalled_subclass_checked_with_unknown_input():
    code = MODEL + """
model = Forecaster(stacked=False)
"""
    diags = [d for d in findings(code) if d.code == "LST101"]
    assert [d.line for d in diags] == [17]
    assert "checked with an input of unknown shape" in diags[0].notes[0]
    # a correct subclass is silent on its own, and never instantiated ones too
    assert errors(MODEL) == []


def test_uninstantiated_keras_class_is_checked_on_its_own():
    code = HEAD + """
class Broken(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = layers.LSTM(8)
        self.b = layers.LSTM(4)

    def call(self, x):
        return self.b(self.a(x))
"""
    assert errors(code) == [(13, "LST101")]
    run = keras_run(code + "Broken()(keras.Input(shape=(5, 2)))\n")
    assert run.raised and run.line == 13


def test_subclassed_layer_inside_functional_model():
    code = HEAD + """
class Residual(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.rnn = layers.LSTM(units, return_sequences=True)
        self.add = layers.Add()

    def call(self, x):
        return self.add([x, self.rnn(x)])

inp = keras.Input(shape=(10, 8))
x = Residual(8)(inp)
x = Residual(8)(x)
model = keras.Model(inp, layers.Dense(1)(x))
"""
    compare(code, ["x", "model"])
    agree_on_error(code + "bad = Residual(4)(inp)\n", "LST110")


def test_subclassed_model_called_on_array():
    code = HEAD + """
class Res(keras.Model):
    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(16)
        self.rnn = layers.LSTM(32, return_sequences=True)
        self.add = layers.Add()

    def call(self, x):
        x = self.proj(x)
        return self.add([x, self.rnn(x)])

model = Res()
y = model(np.zeros((2, 12, 4), dtype="float32"))
"""
    agree_on_error(code, "LST110")


def test_plain_python_class_holding_a_model():
    code = HEAD + """
class Trainer:
    def __init__(self, n_steps, n_features):
        self.n_steps = n_steps
        self.n_features = n_features
        self.model = self.build()

    def build(self):
        inp = keras.Input(shape=(self.n_steps, self.n_features))
        x = layers.LSTM(8)(inp)
        return keras.Model(inp, layers.Dense(1)(x))

trainer = Trainer(10, 3)
model = trainer.model
"""
    compare(code, ["model"])
    interp = interpret(code)
    assert str(interp.result.models[0].outputs[0].shape) == "(None, 1)"


def test_own_layer_class_inside_sequential():
    code = HEAD + """
class Block(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.rnn = layers.LSTM(units, return_sequences=True)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(self.rnn(x))

model = keras.Sequential([keras.Input(shape=(10, 3)), Block(8), Block(4), layers.LSTM(2)])
"""
    compare(code, ["model"])
    agree_on_error(code + "bad = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(4), Block(8)])\n", "LST101")
