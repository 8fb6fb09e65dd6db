"""Helper functions, factories, loops, branches, try/except: lstmlint against real Keras."""

from __future__ import annotations

import pytest
from frontend_keras import agree_on_error, compare, errors, findings, interpret, keras_run

HEAD = """
import numpy as np
import keras
from keras import layers
"""


# ------------------------------------------------------------------ functions
def test_helper_function_followed_at_each_call_and_names_the_call():
    code = HEAD + """
def residual_block(x, units):
    y = layers.LSTM(units, return_sequences=True)(x)
    return layers.Add()([x, y])

inputs = keras.Input(shape=(10, 8))
ok = residual_block(inputs, 8)
bad = residual_block(ok, 16)
"""
    diags = agree_on_error(code, "LST110")
    (d,) = [d for d in diags if d.code == "LST110"]
    assert d.line == 8                        # inside the function
    assert "in `residual_block()` called at line 12" in d.notes


def test_helper_shapes_match_keras():
    code = HEAD + """
def block(x, units, *, bidir=False, rs=True):
    layer = layers.LSTM(units, return_sequences=rs)
    if bidir:
        layer = layers.Bidirectional(layer)
    return layer(x)

inputs = keras.Input(shape=(12, 3))
a = block(inputs, 8)
b = block(a, 4, bidir=True)
c = block(b, 5, rs=False)
d = block(inputs, units=6, bidir=True, rs=False)
"""
    compare(code, ["a", "b", "c", "d"])


def test_nested_calls_give_the_whole_chain():
    code = HEAD + """
def inner(x):
    return layers.LSTM(4)(x)

def outer(x):
    y = layers.LSTM(4)(x)
    return inner(y)

inputs = keras.Input(shape=(10, 3))
out = outer(inputs)
"""
    diags = agree_on_error(code, "LST101")
    notes = next(d.notes for d in diags if d.code == "LST101")
    assert notes == ("in `inner()` called at line 11", "in `outer()` called at line 14")


def test_uncalled_factory_is_checked_with_symbolic_parameters():
    code = HEAD + """
def build_model(n_steps, n_features, hidden=64):
    inp = keras.Input(shape=(n_steps, n_features))
    x = layers.LSTM(hidden)(inp)
    x = layers.LSTM(hidden // 2)(x)
    return keras.Model(inp, x)
"""
    diags = [d for d in findings(code) if d.code == "LST101"]
    assert [d.line for d in diags] == [9]
    assert "checked on its own with symbolic parameters" in diags[0].notes[0]
    # the same factory, called, fails in Keras on that line
    run = keras_run(code + "build_model(10, 3)\n")
    assert run.raised and run.line == 9


def test_factory_symbolic_dims_print_by_name():
    code = HEAD + """
def build_model(n_steps, n_features, hidden=64):
    inp = keras.Input(shape=(n_steps, n_features))
    x = layers.LSTM(hidden, return_sequences=True)(inp)
    return keras.Model(inp, layers.Dense(1)(x))
"""
    interp = interpret(code)
    (model,) = interp.result.models
    assert str(model.outputs[0].shape) == "(None, n_steps, 1)"


def test_called_factory_matches_keras():
    code = HEAD + """
def build_model(n_steps, n_features, hidden=64, depth=2):
    inp = keras.Input(shape=(n_steps, n_features))
    x = inp
    for i in range(depth):
        x = layers.LSTM(hidden, return_sequences=i < depth - 1)(x)
    return keras.Model(inp, layers.Dense(3)(x))

model = build_model(20, 4, depth=3)
seq = build_model(n_steps=7, n_features=2, hidden=5, depth=1)
"""
    compare(code, ["model", "seq"])


def test_recursion_is_not_followed_and_does_not_crash():
    code = HEAD + """
def stack(x, n):
    if n == 0:
        return x
    return stack(layers.LSTM(4, return_sequences=True)(x), n - 1)

out = stack(keras.Input(shape=(5, 2)), 3)
out = layers.LSTM(2)(out)
"""
    assert errors(code) == []


def test_sequential_passed_to_a_helper_is_followed():
    code = HEAD + """
def add_head(model, n):
    model.add(layers.LSTM(n))
    model.add(layers.Dense(1))

model = keras.Sequential([keras.Input(shape=(8, 2)), layers.LSTM(6, return_sequences=True)])
add_head(model, 4)
"""
    compare(code, ["model"])


# ---------------------------------------------------------------------- loops
def test_loop_over_range_with_keyword_on_loop_variable():
    code = HEAD + """
n_layers = 3
inp = keras.Input(shape=(15, 2))
x = inp
for i in range(n_layers):
    x = layers.GRU(8 * (i + 1), return_sequences=i < n_layers - 1)(x)
out = layers.Dense(1)(x)
"""
    compare(code, ["x", "out"])


def test_loop_enumerate_zip_and_not_last():
    code = HEAD + """
units = [32, 16, 8]
drops = (0.1, 0.2, 0.3)
model = keras.Sequential()
model.add(keras.Input(shape=(10, 4)))
for i, (u, d) in enumerate(zip(units, drops)):
    last = i == len(units) - 1
    model.add(layers.LSTM(u, return_sequences=not last))
    model.add(layers.Dropout(d))
model.add(layers.Dense(2))
"""
    compare(code, ["model"])


def test_loop_bug_found_at_the_right_iteration():
    code = HEAD + """
inp = keras.Input(shape=(10, 4))
x = inp
for u in [16, 8, 4]:
    x = layers.LSTM(u)(x)
"""
    agree_on_error(code, "LST101")


def test_layer_list_comprehension_applied_in_loop_and_shared_layer():
    code = HEAD + """
stack = [layers.LSTM(n, return_sequences=True) for n in (12, 6)]
a_in = keras.Input(shape=(9, 3))
b_in = keras.Input(shape=(9, 3))
def encode(x):
    for layer in stack:
        x = layer(x)
    return x
a = encode(a_in)
b = encode(b_in)
merged = layers.Concatenate()([a, b])
"""
    compare(code, ["a", "b", "merged"])


def test_unbounded_loop_keeps_the_shape_every_iteration_gives():
    code = HEAD + """
import sys
n = int(sys.argv[1])
inp = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inp)
for _ in range(n):
    x = layers.RepeatVector(10)(x)
    x = layers.LSTM(8)(x)
y = layers.LSTM(8)(x)
"""
    # any number of iterations (none included) leaves `x` 2-D and 8 wide: the LSTM after the
    # loop fails in Keras whatever `n` is
    assert [c for _, c in errors(code)] == ["LST101"]
    interp = interpret(code)
    assert interp.globals["x"].shape.dims == (None, 8)
    # a loop whose names keep their shapes is not reported as lost
    assert not any("loop over `range(n)`" in why for _, why in interp.result.lost)


def test_unbounded_loop_forgets_what_changes_from_one_iteration_to_the_next():
    code = HEAD + """
import sys
n = int(sys.argv[1])
inp = keras.Input(shape=(10, 4))
x = layers.LSTM(8, return_sequences=True)(inp)
for _ in range(n):
    x = layers.LSTM(8)(x)
    x = layers.RepeatVector(10)(x)
    x = layers.Reshape((5, 16))(x)
y = layers.LSTM(8)(x)
"""
    # the time steps (10 or 5) and the width (8 or 16) differ between no iteration and any other
    # number: only the rank is kept
    assert errors(code) == []
    interp = interpret(code)
    assert interp.globals["x"].shape.dims is not None
    assert [str(d) for d in interp.globals["x"].shape.dims] == ["None", "?", "?"]
    assert any("loop over `range(n)`: `x` changes" in why for _, why in interp.result.lost)


def test_long_loops_are_not_unrolled():
    code = HEAD + """
inp = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inp)
for _ in range(1000):
    x = layers.LSTM(8)(x)
"""
    # the first iteration already fails in Keras (LSTM on the 2-D output of an LSTM): reported
    # once, from one run of the body (never unrolled 1000 times); `x` ends with the shape every
    # iteration gives (the recurrent layer's output does not depend on its faulty input)
    assert [c for _, c in errors(code)] == ["LST101"]
    interp = interpret(code)
    assert len(interp.result.applications) == 2
    assert interp.globals["x"].shape.dims == (None, 8)


def test_while_loop_with_decidable_test():
    code = HEAD + """
units, floor = 64, 8
inp = keras.Input(shape=(30, 2))
x = inp
while units > floor:
    x = layers.GRU(units, return_sequences=units > 2 * floor)(x)
    units //= 2
"""
    compare(code, ["x"])
    agree_on_error(code + "y = layers.GRU(units)(x)\n", "LST101")


def test_break_under_a_constant_test():
    code = HEAD + """
inp = keras.Input(shape=(10, 4))
x = inp
for i, u in enumerate([16, 8, 4, 2]):
    if i == 2:
        break
    x = layers.LSTM(u, return_sequences=True)(x)
"""
    compare(code, ["x"])


# -------------------------------------------------------------------- branches
def test_branch_with_unknown_test_joins_equal_shapes():
    code = HEAD + """
import sys
cell = sys.argv[-1]
inp = keras.Input(shape=(10, 4))
if cell == "gru":
    x = layers.GRU(8, return_sequences=True)(inp)
else:
    x = layers.LSTM(8, return_sequences=True)(inp)
x = layers.LSTM(4)(x)
"""
    _interp, _ = compare(code, ["x"])
    assert errors(code) == []


def test_branch_differing_ranks_becomes_unknown_not_an_error():
    code = HEAD + """
import sys
stacked = len(sys.argv) > 5
inp = keras.Input(shape=(10, 4))
if stacked:
    x = layers.LSTM(8, return_sequences=True)(inp)
else:
    x = layers.Dense(8)(layers.Flatten()(inp))
y = layers.Dense(1)(x)
"""
    assert errors(code) == []
    assert interpret(code).globals["x"].shape.dims is None


def test_sequential_add_in_both_branches():
    code = HEAD + """
import sys
bidirectional = "--bi" in sys.argv
model = keras.Sequential()
model.add(keras.Input(shape=(12, 3)))
if bidirectional:
    model.add(layers.Bidirectional(layers.LSTM(16, return_sequences=True)))
else:
    model.add(layers.LSTM(16, return_sequences=True))
model.add(layers.LSTM(4))
model.add(layers.LSTM(2))
"""
    assert errors(code) == [(15, "LST101")]
    assert keras_run(code).line == 15


def test_constant_test_takes_one_side():
    code = HEAD + """
USE_ATTENTION = False
inp = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inp)
if USE_ATTENTION:
    x = layers.LSTM(8)(x)
else:
    x = layers.Dense(4)(x)
"""
    compare(code, ["x"])
    assert errors(code) == []


def test_main_guard_is_followed():
    code = HEAD + """
def build():
    inp = keras.Input(shape=(10, 4))
    x = layers.LSTM(8)(inp)
    return keras.Model(inp, layers.LSTM(4)(x))

if __name__ == "__main__":
    model = build()
"""
    diags = agree_on_error(code, "LST101")
    assert [d.notes for d in diags if d.code == "LST101"] == [("in `build()` called at line 12",)]


def test_shape_dependent_branch_is_not_reported():
    code = HEAD + """
def ensure_sequence(x):
    if len(x.shape) == 2:
        x = layers.RepeatVector(5)(x)
    return x

def maybe_project(x, units):
    if x.shape[-1] != units:
        x = layers.Dense(units)(x)
    return x

inp = keras.Input(shape=(10, 4))
s = ensure_sequence(inp)
t = maybe_project(s, 4)
"""
    compare(code, ["s", "t"])
    assert errors(code) == []


def test_try_except_import_fallback_and_join():
    code = """
try:
    from tensorflow.keras import layers, Input
except ImportError:
    from keras import layers, Input
import keras
inp = Input(shape=(10, 4))
try:
    x = layers.LSTM(8)(inp)
except Exception:
    x = layers.GRU(8)(inp)
y = layers.LSTM(2)(x)
"""
    agree_on_error(code, "LST101")


def test_return_inside_branch():
    code = HEAD + """
def head(x, kind):
    if kind == "seq":
        return layers.LSTM(4, return_sequences=True)(x)
    return layers.LSTM(4)(x)

inp = keras.Input(shape=(10, 4))
a = head(inp, "seq")
b = head(inp, "last")
"""
    compare(code, ["a", "b"])


@pytest.mark.parametrize("depth", [2, 3])
def test_budget_and_nesting_stay_cheap(depth):
    # nested literal loops: followed, and quickly
    code = HEAD + f"""
inp = keras.Input(shape=(6, 2))
outs = []
for i in range({depth}):
    for j in range({depth}):
        outs.append(layers.Dense(i + j + 1)(inp))
"""
    interp = interpret(code)
    assert len(interp.globals["outs"]) == depth * depth


# --------------------------------------------------------- dicts and partials
def test_kwargs_dict_and_partial_are_expanded():
    code = HEAD + """
from functools import partial
rnn_kwargs = dict(dropout=0.1, return_sequences=True)
rnn_kwargs["recurrent_dropout"] = 0.0
SeqGRU = partial(layers.GRU, **rnn_kwargs)
cfg = {"units": 6, **{"return_sequences": False}}
inp = keras.Input(shape=(25, 3))
x = SeqGRU(32)(inp)
y = layers.LSTM(**cfg)(x)
"""
    compare(code, ["x", "y"])
    agree_on_error(code + "z = layers.LSTM(**cfg)(y)\n", "LST101")


def test_containers_changed_where_not_followed_become_unknown():
    code = HEAD + """
import sys
units = [16, 8]
opts = {"return_sequences": True}
if len(sys.argv) > 3:
    units.append(4)
    opts.pop("return_sequences")
inp = keras.Input(shape=(10, 2))
x = inp
for u in units:
    x = layers.LSTM(u, **opts)(x)
y = layers.LSTM(2)(x)
"""
    assert errors(code) == []
    interp = interpret(code)
    assert interp.globals["y"].shape.dims is None or str(interp.globals["y"].shape) == "(None, 2)"


def test_global_assigned_in_a_function():
    code = HEAD + """
WIDTH = 8

def configure(wide=True):
    global WIDTH
    if wide:
        WIDTH = 16

configure()
inputs = keras.Input(shape=(10, 16))
h = layers.LSTM(WIDTH, return_sequences=True)(inputs)
x = layers.Add()([inputs, h])
"""
    compare(code, ["x"])
    agree_on_error(code.replace("configure()", "configure(wide=False)"), "LST110")


def test_global_assigned_in_a_function_not_followed_is_forgotten():
    code = HEAD + """
WIDTH = 8

def configure(n):
    global WIDTH
    WIDTH = 16
    if n:
        configure(n - 1)

configure(2)
inputs = keras.Input(shape=(10, 16))
x = layers.Add()([inputs, layers.LSTM(WIDTH, return_sequences=True)(inputs)])
"""
    assert errors(code) == []


def test_isinstance_decides_or_silences_a_branch():
    code = HEAD + """
def merge(inputs):
    if isinstance(inputs, (list, tuple)):
        x = layers.Concatenate()(inputs)
    else:
        x = inputs
    return layers.LSTM(4, return_sequences=True)(x)

a = keras.Input(shape=(5, 2))
one = merge(a)
two = merge([a, a])
"""
    compare(code, ["one", "two"])
    assert errors(code) == []
