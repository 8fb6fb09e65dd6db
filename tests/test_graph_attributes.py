"""`model.get_layer(...)`, `.input`/`.output` of models and layers, compared with Keras."""

from __future__ import annotations

import pytest
from conftest import lint
from keras_oracle import keras_outcome

from lstmlint.shapes import is_int

pytest.importorskip("keras")

BASE = """\
import keras
from keras import layers
inp = keras.Input(shape=(12, 4))
seq = layers.LSTM(16, return_sequences=True, name="seq")(inp)
vec = layers.LSTM(8, name="summary")(seq)
base = keras.Model(inp, layers.Dense(1)(vec))
"""


def _shape_of_out(source: str) -> list:
    result = lint(source)
    assert not [d for d in result.diagnostics if d.severity.value == "error"]
    line = source.count("\n")
    apps = [a for a in result.analysis.applications if result.locate(a.node).line == line]
    assert apps
    return [tuple(d if d is None or is_int(d) else "?" for d in t.shape.dims) for t in apps[-1].outputs]


@pytest.mark.parametrize(
    "tail",
    [
        'out = layers.Dense(3)(base.get_layer("summary").output)\n',
        'out = layers.TimeDistributed(layers.Dense(3))(base.get_layer("seq").output)\n',
        "out = layers.Dense(2)(base.output)\n",
        "out = layers.LSTM(2)(base.input)\n",
        'out = base.get_layer("summary")(layers.LSTM(5, return_sequences=True)(inp))\n',
    ],
)
def test_followed_like_keras(tail: str) -> None:
    source = BASE + tail
    built, shapes = keras_outcome(source)
    assert built, shapes
    assert _shape_of_out(source) == shapes


def test_error_through_get_layer_output_is_found_where_keras_raises() -> None:
    source = BASE + 'out = layers.TimeDistributed(layers.Dense(3))(base.get_layer("summary").output)\n'
    built, _ = keras_outcome(source)
    assert not built
    assert [(d.line, d.code) for d in lint(source).diagnostics] == [(7, "LST104")]


def test_unknown_layer_name_and_layer_used_twice_stay_unknown() -> None:
    source = BASE + (
        'a = layers.LSTM(2)(base.get_layer("nope").output)\n'
        "shared = layers.Dense(4)\n"
        "x1 = shared(vec)\n"
        "x2 = shared(inp)\n"
        "b = layers.LSTM(2)(shared.output)\n"
    )
    assert lint(source).diagnostics == []


def test_model_graph_continues_past_a_layer_it_cannot_follow() -> None:
    # an unknown output still records the application that made it, so the model's graph
    # (used by --annotate and --confirm) reaches back to its Input
    result = lint("""
        import keras
        from keras import layers
        from mylib import Squeeze
        inp = keras.Input(shape=(12, 4))
        x = layers.LSTM(8, return_sequences=True)(inp)
        x = layers.Lambda(lambda t: t * 2)(x)
        out = layers.Dense(1)(x)
        model = keras.Model(inp, out)
    """)
    (model,) = result.analysis.models
    kinds = [app.layer.cfg.kind for app in model.applications]
    assert kinds == ["LSTM", "Lambda", "Dense"]
