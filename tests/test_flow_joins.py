"""Joins at an ``if`` whose test the analysis cannot decide (``interp/flow.py``).

Inside a function, when joining the two sides would lose what a tensor was on a side (its rank,
or a size one side knew), each side runs on with the rest of the function to its ``return``:
the model each path builds is made and followed there (``split_if``). A later ``if`` on the
same test takes the same side on each path. Elsewhere, and when the join loses nothing, the
sides are joined as before."""

from __future__ import annotations

import textwrap

from frontend_keras import errors, keras_run, keras_shape

from lstmlint.api import lint_source
from lstmlint.graph.model import Analysis
from lstmlint.report.coverage import file_coverage, lost_reasons

HEAD = """
import os
import keras
from keras import layers
"""

HEADS = (
    HEAD
    + """
def build(recurrent_head, classes=3):
    inputs = keras.Input(shape=(20, 6))
    x = layers.LSTM(8, return_sequences=True)(inputs)
    if recurrent_head:
        x = layers.LSTM(16)(x)
    else:
        x = layers.Conv1D(4, 3)(x)
    x = layers.Dense(classes)(x)
    return keras.Model(inputs, x)
"""
)


def analyse(code: str) -> Analysis:
    result = lint_source(textwrap.dedent(code), "model.py")
    assert result.internal_error is None, result.internal_error
    assert result.analysis is not None
    return result.analysis


def outputs(analysis: Analysis) -> list[str]:
    return sorted(str(t.shape) for m in analysis.models for t in m.outputs)


def test_each_side_of_an_unknown_test_builds_its_own_model() -> None:
    analysis = analyse(HEADS)
    # joined, `x` would be a tensor of unknown rank; split, each path's model is exact
    assert outputs(analysis) == ["(None, 18, 3)", "(None, 3)"]
    assert all(not lost_reasons(m) for m in analysis.models)
    # the two paths make one model at one place: it counts once, followed
    cov = file_coverage(analysis)
    assert (cov.models_followed, cov.models) == (1, 1)
    # the layers after the `if` count once each (LSTM, LSTM, Conv1D, Dense)
    assert cov.layers == 4 and cov.layers_known == 4


def test_the_paths_match_keras_for_each_value_of_the_test() -> None:
    analysis = analyse(HEADS)
    run = keras_run(HEADS + "a = build(True)\nb = build(False)\n")
    assert not run.raised, run.error
    assert sorted([keras_shape(run, "a"), keras_shape(run, "b")]) == outputs(analysis)


def test_a_bug_on_one_side_only_is_reported_at_the_call() -> None:
    code = (
        HEAD
        + """
def build(recurrent_head):
    inputs = keras.Input(shape=(20, 6))
    x = layers.LSTM(8, return_sequences=True)(inputs)
    if recurrent_head:
        x = layers.LSTM(8)(x)
    else:
        x = layers.Dropout(0.1)(x)
    x = layers.LSTM(4)(x)
    return keras.Model(inputs, x)


model = build(os.environ.get("POOL") is None)
"""
    )
    assert errors(code) == [(13, "LST101")]  # the LSTM(4) line, reported at the call
    assert errors(code.replace("layers.LSTM(8)(x)", "layers.LSTM(8, return_sequences=True)(x)")) == []


def test_a_later_if_on_the_same_test_takes_the_same_side() -> None:
    # joined paths would allow `use_seq` false at the first `if` and true at the second: an
    # LSTM on a 2-D tensor, which no run of the program builds
    code = (
        HEAD
        + """
def build(use_seq):
    inputs = keras.Input(shape=(20, 6))
    x = layers.Dense(6)(inputs)
    if use_seq:
        x = layers.LSTM(8, return_sequences=True)(x)
    else:
        x = layers.LSTM(8)(x)
    x = layers.Dense(4)(x)
    if use_seq:
        x = layers.LSTM(4)(x)
    if not use_seq:
        x = layers.Dense(2)(x)
    return keras.Model(inputs, x)
"""
    )
    assert errors(code) == []
    assert outputs(analyse(code)) == ["(None, 2)", "(None, 4)"]


def test_sides_that_agree_are_joined_not_split() -> None:
    code = (
        HEAD
        + """
def build(flag):
    inputs = keras.Input(shape=(20, 6))
    if flag:
        x = layers.LSTM(8)(inputs)
    else:
        x = layers.GRU(8)(inputs)
    x = layers.Dense(2)(x)
    return keras.Model(inputs, x)
"""
    )
    analysis = analyse(code)
    assert [a.layer.cfg.display for a in analysis.applications] == ["LSTM", "GRU", "Dense"]
    assert outputs(analysis) == ["(None, 2)"]


def test_an_if_outside_a_function_is_joined() -> None:
    code = (
        HEAD
        + """
inputs = keras.Input(shape=(20, 6))
x = layers.LSTM(8, return_sequences=True)(inputs)
if os.environ.get("HEAD"):
    x = layers.LSTM(8)(x)
model = keras.Model(inputs, layers.Dense(2)(x))
"""
    )
    analysis = analyse(code)
    assert len(analysis.models) == 1
    assert lost_reasons(analysis.models[0])


def test_paths_returning_different_models_give_the_caller_an_unknown_value() -> None:
    analysis = analyse(HEADS + "m = build(os.environ.get('R') is None)\nm.fit(None, None)\n")
    # two models are built (one per path), each followed; the caller's `m` is neither
    assert outputs(analysis) == ["(None, 18, 3)", "(None, 3)"]


def test_a_factory_checked_on_its_own_passes_its_defaults_on_through_kwargs() -> None:
    # `EfficientNetB0(**kwargs)`: checked on its own, `kwargs` is empty (as `*args` is `()`),
    # so `include_top` reaches the network as given and its `if` is decided
    code = (
        HEAD
        + """
def net(width, include_top=True, classes=10):
    inputs = keras.Input(shape=(32, 32, 3))
    x = layers.Conv2D(width, 3)(inputs)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes)(x)
    return keras.Model(inputs, x)


def net_b0(include_top=True, classes=10, **kwargs):
    return net(8, include_top=include_top, classes=classes, **kwargs)
"""
    )
    analysis = analyse(code)
    assert outputs(analysis) == ["(None, 10)", "(None, 10)"]
    assert all(not lost_reasons(m) for m in analysis.models)


def test_version_aware_layers_are_the_layers_module() -> None:
    code = """
from tf_keras.src.engine import training
from tf_keras.src.layers import VersionAwareLayers

layers = VersionAwareLayers()
inputs = layers.Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3)(inputs)
x = layers.GlobalAveragePooling2D()(x)
model = training.Model(inputs, layers.Dense(4)(x))
"""
    analysis = analyse(code)
    assert outputs(analysis) == ["(None, 4)"]
    assert not lost_reasons(analysis.models[0])


def test_a_split_too_long_for_its_budget_is_joined(monkeypatch) -> None:
    import lstmlint.interp.flow as flow

    monkeypatch.setattr(flow, "SPLIT_STEPS", 2)
    analysis = analyse(HEADS)
    # joined after all: one model, of unknown rank, lost at the `if`; nothing recorded twice
    assert len(analysis.models) == 1
    assert any("sides of an `if`" in why for _, why in lost_reasons(analysis.models[0]))
    assert [a.layer.cfg.display for a in analysis.applications] == ["LSTM", "LSTM", "Conv1D", "Dense"]


def test_a_helper_that_builds_no_model_is_joined() -> None:
    # its caller would get the join of what the paths return anyway
    code = (
        HEAD
        + """
def head(x, recurrent):
    if recurrent:
        x = layers.LSTM(8)(x)
    x = layers.Dense(2)(x)
    return x


inputs = keras.Input(shape=(20, 6))
out = head(layers.LSTM(8, return_sequences=True)(inputs), os.environ.get("R") is None)
model = keras.Model(inputs, out)
"""
    )
    analysis = analyse(code)
    assert [a.layer.cfg.display for a in analysis.applications] == ["LSTM", "LSTM", "Dense"]
    assert len(analysis.models) == 1
