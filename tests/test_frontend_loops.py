"""Loops the analysis cannot unroll (a count or a list it does not know): what every iteration
leaves alike is kept (the join of the state before the loop and after each iteration, until it
settles), and a function called only inside a loop that is not followed is checked on its own."""

from __future__ import annotations

from frontend_keras import compare, errors, inferred, interpret

HEAD = """
import os
import sys
import keras
from keras import layers
"""

RESIDUAL = (
    HEAD
    + """
blocks = int(os.environ.get("BLOCKS", "3"))
inputs = keras.Input(shape=(20, 16))
x = layers.LSTM(32, return_sequences=True)(inputs)
for _ in range(blocks):
    y = layers.Dense(32, activation="relu")(x)
    x = layers.Add()([x, y])
    x = layers.LayerNormalization()(x)
"""
)


def lost(code: str) -> list[str]:
    return [why for _, why in interpret(code).result.lost]


def test_residual_loop_of_unknown_count_keeps_the_shape() -> None:
    interp = interpret(RESIDUAL)
    assert inferred(interp, "x") == "(None, 20, 32)"
    # the first iteration's layers are checked and kept, the later ones are not repeated
    assert [a.layer.cfg.display for a in interp.result.applications] == ["LSTM", "Dense", "Add", "LayerNormalization"]
    assert not any("loop over" in why for why in lost(RESIDUAL))


def test_residual_loop_of_unknown_count_matches_keras() -> None:
    compare(RESIDUAL, ["x"])


def test_bug_after_a_residual_loop_of_unknown_count_is_found() -> None:
    code = RESIDUAL + "skip = layers.Dense(16)(inputs)\nz = layers.Add()([x, skip])\n"
    assert errors(code) == [(15, "LST110")]
    fixed = RESIDUAL + "skip = layers.Dense(32)(inputs)\nz = layers.Add()([x, skip])\nm = keras.Model(inputs, z)\n"
    assert errors(fixed) == []
    interp = interpret(fixed)
    assert inferred(interp, "m") == "(None, 20, 32)"


def test_sizes_that_differ_between_iterations_become_unknown_the_rank_stays() -> None:
    code = (
        HEAD
        + """
inputs = keras.Input(shape=(10, 4))
x = inputs
for _ in range(int(sys.argv[1])):
    x = layers.Concatenate()([x, x])
z = layers.LSTM(3)(x)
"""
    )
    interp = interpret(code)
    # 4, 8, 16, ... wide: the join settles at an unknown width after one more iteration
    assert inferred(interp, "x") == "(None, 10, ?)"
    assert inferred(interp, "z") == "(None, 3)"
    assert errors(code) == []
    assert any("`x` changes from one iteration to the next" in why for why in lost(code))


def test_rank_that_differs_between_iterations_is_forgotten_without_findings() -> None:
    code = (
        HEAD
        + """
inputs = keras.Input(shape=(10, 4))
x = inputs
for _ in range(int(sys.argv[1])):
    x = layers.LSTM(4)(x)
z = layers.LSTM(3)(x)
"""
    )
    # 3-D before the loop, 2-D after an iteration: unknown after it. Keras fails at the second
    # iteration or at `z` when the loop runs, and builds when it does not: nothing is proved
    interp = interpret(code)
    assert interp.globals["x"].shape.dims is None
    assert errors(code) == []
    assert any("`x` changes from one iteration to the next" in why for why in lost(code))


def test_number_growing_in_the_loop_becomes_a_symbol() -> None:
    code = (
        HEAD
        + """
units = 8
inputs = keras.Input(shape=(10, 4))
x = inputs
for _ in range(int(sys.argv[1])):
    x = layers.Dense(units)(x)
    units *= 2
z = layers.Dense(5)(x)
"""
    )
    interp = interpret(code)
    assert inferred(interp, "x") == "(None, 10, ?)"
    assert inferred(interp, "z") == "(None, 10, 5)"
    assert errors(code) == []


def test_stages_unrolled_around_blocks_of_unknown_count() -> None:
    # cifar10_resnet's pattern: the stages are unrolled, the blocks of each stage are not; each
    # block keeps the stage's shape, and each stage changes it in a known way
    code = (
        HEAD
        + """
n = int(os.environ.get("N", "2"))
inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
filters = 16
for stage in range(3):
    if stage > 0:
        filters *= 2
        x = layers.Conv2D(filters, 3, strides=2, padding="same")(x)
    for block in range(n):
        y = layers.Conv2D(filters, 3, padding="same")(x)
        x = layers.Add()([x, y])
x = layers.GlobalAveragePooling2D()(x)
out = layers.Dense(10)(x)
"""
    )
    interp = interpret(code)
    assert inferred(interp, "x") == "(None, 64)"
    assert inferred(interp, "out") == "(None, 10)"
    assert errors(code) == []
    compare(code, ["x", "out"])


def test_function_called_only_in_a_loop_not_followed_is_checked_on_its_own() -> None:
    code = (
        HEAD
        + """
def make(units):
    inputs = keras.Input(shape=(10, 3))
    x = layers.LSTM(units)(inputs)
    x = layers.LSTM(units)(x)
    return keras.Model(inputs, x)

models = []
for u in sys.argv[1:]:
    models.append(make(int(u)))
"""
    )
    interp = interpret(code)
    assert len(interp.result.models) == 1
    assert [a.layer.cfg.display for a in interp.result.applications] == ["LSTM", "LSTM"]
    assert errors(code) == [(10, "LST101")]


def test_function_called_in_a_summarised_loop_is_not_checked_again() -> None:
    code = (
        HEAD
        + """
def block(x):
    return layers.Add()([x, layers.Dense(8)(x)])

inputs = keras.Input(shape=(5, 8))
x = inputs
for _ in range(int(sys.argv[1])):
    x = block(x)
"""
    )
    interp = interpret(code)
    assert [a.layer.cfg.display for a in interp.result.applications] == ["Dense", "Add"]
    assert inferred(interp, "x") == "(None, 5, 8)"


def test_layers_of_a_known_model_applied_in_turn() -> None:
    code = (
        HEAD
        + """
base = keras.Sequential([keras.Input(shape=(8, 4)), layers.Dense(6), layers.Dense(5), layers.Dense(3)])
inp = keras.Input(shape=(8, 6))
x = inp
for layer in base.layers[1:]:
    x = layer(x)
model = keras.Model(inp, x)
"""
    )
    interp = interpret(code)
    assert inferred(interp, "model") == "(None, 8, 3)"
    compare(code, ["model"])


def test_loop_that_adds_to_a_model_keeps_what_every_iteration_gives() -> None:
    code = (
        HEAD
        + """
model = keras.Sequential([keras.Input((300, 4))])
for _ in range(int(sys.argv[1])):
    model.add(layers.Conv1D(8, 3))
out = model.output
"""
    )
    # each iteration shortens the sequence and the first one changes the width: only the
    # rank is kept, and nothing is reported
    interp = interpret(code)
    assert inferred(interp, "out") == "(None, ?, ?)"
    assert errors(code) == []


def test_sequential_grown_from_a_list_of_sizes_of_unknown_length() -> None:
    # mnist_sklearn_wrapper's `make_model`: the sizes are a parameter; the layers after the
    # loop are followed, and a bug after it is found
    code = (
        HEAD
        + """
def make_model(dense_layer_sizes):
    model = keras.Sequential()
    model.add(layers.Flatten(input_shape=(28, 28, 1)))
    for layer_size in dense_layer_sizes:
        model.add(layers.Dense(layer_size))
        model.add(layers.Activation("relu"))
    model.add(layers.Dense(10))
    model.add(layers.LSTM(4))
    return model
"""
    )
    interp = interpret(code)
    assert len(interp.result.models) == 1
    assert str(interp.result.models[0].outputs[0].shape) == "(None, 4)"
    assert errors(code) == [(14, "LST101")]


def test_long_known_loop_starts_from_its_first_iteration_and_common_item() -> None:
    # more items than are unrolled, all alike: the loop variable is what they have in common,
    # and a loop known to run starts from the state after its first iteration
    code = (
        HEAD
        + """
inputs = keras.Input(shape=(10, 4))
x = inputs
for units in [32] * 100:
    x = layers.Dense(units)(x)
"""
    )
    interp = interpret(code)
    assert inferred(interp, "x") == "(None, 10, 32)"
    assert interp.globals["units"] == 32
