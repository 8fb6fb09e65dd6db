"""Data against the model at every call (issue 10, item 1): ``fit`` (x, y, ``validation_data``),
``evaluate``, ``predict``, ``*_on_batch``, for every way a model declares its input (or not),
functional models with several inputs (lists and dicts by name), and methods that leave a model
as it is. Each case is built in real Keras 3: lstmlint reports an error exactly on the line
where Keras raises, and nothing where Keras runs."""

from __future__ import annotations

import pytest
from frontend_keras import agree_on_error, errors, findings, keras_run

HEAD = """
import numpy as np
import keras
from keras import layers
"""

# how a Sequential model can declare its input, each (None, 3)
DECLARED = {
    "Input": "keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])",
    "input_shape": "keras.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(1)])",
    "input_dim": "keras.Sequential([layers.Dense(4, input_dim=3), layers.Dense(1)])",
    "InputLayer": "keras.Sequential([layers.InputLayer(shape=(3,)), layers.Dense(4), layers.Dense(1)])",
    "functional": "keras.Model(inp, layers.Dense(1)(layers.Dense(4)(inp)))",
}
CALLS = {
    "fit": "model.fit(X, np.zeros((8, 1)), verbose=0)",
    "evaluate": "model.evaluate(X, np.zeros((8, 1)), verbose=0)",
    "predict": "model.predict(X, verbose=0)",
    "train_on_batch": "model.train_on_batch(X, np.zeros((8, 1)))",
    "test_on_batch": "model.test_on_batch(X, np.zeros((8, 1)))",
    "predict_on_batch": "model.predict_on_batch(X)",
}


def program(declare: str, call: str, data: str) -> str:
    return HEAD + f"""
X = {data}
inp = keras.Input((3,))
model = {declare}
model.compile(optimizer="adam", loss="mse")
{call}
"""


@pytest.mark.parametrize("declare", list(DECLARED))
@pytest.mark.parametrize("call", list(CALLS))
def test_wrong_width_is_found_at_every_call(declare: str, call: str) -> None:
    code = program(DECLARED[declare], CALLS[call], "np.zeros((8, 2))")
    assert errors(code) == [(10, "LST207")]


@pytest.mark.parametrize("declare", list(DECLARED))
@pytest.mark.parametrize("call", list(CALLS))
def test_right_data_is_clean(declare: str, call: str) -> None:
    for data in ("np.zeros((8, 3))", "np.zeros((8, 3, 1))"):   # Keras drops a trailing 1
        assert errors(program(DECLARED[declare], CALLS[call], data)) == []


@pytest.mark.parametrize("declare", ["Input", "input_shape", "functional"])
@pytest.mark.parametrize("data, raises", [
    ("np.zeros((8, 2))", True),
    ("np.zeros((8,))", True),          # 1-D data for a 3-wide input: wrong rank
    ("np.zeros((8, 2, 3))", True),
    ("np.zeros((8, 3, 1))", False),
    ("np.zeros((8, 3))", False),
])
def test_predict_against_keras(declare: str, data: str, raises: bool) -> None:
    code = program(DECLARED[declare], CALLS["predict"], data)
    agree_on_error(code, "LST207" if raises else None)


def test_unit_axis_added_for_a_one_wide_input() -> None:
    """Keras adds the trailing axis when the input's last axis is 1 (measured)."""
    code = HEAD + """
model = keras.Sequential([keras.Input((1,)), layers.Dense(2)])
model.predict(np.zeros((100,)), verbose=0)
"""
    agree_on_error(code, None)


@pytest.mark.parametrize("data, raises", [
    ("np.zeros((5, 12, 4))", False),   # an LSTM takes any number of steps
    ("np.zeros((5, 10, 3))", True),    # ... but not another feature width
])
def test_sequential_rank_then_layer_weights(data: str, raises: bool) -> None:
    code = HEAD + f"""
model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(2, return_sequences=True), layers.Dense(1)])
model.predict({data}, verbose=0)
"""
    agree_on_error(code, "LST207" if raises else None)


def test_flatten_then_dense_built_for_other_steps() -> None:
    """Sequential checks only the rank; the Dense after Flatten was built for 40 features."""
    code = HEAD + """
model = keras.Sequential([keras.Input((10, 4)), layers.Flatten(), layers.Dense(1)])
model.predict(np.zeros((5, 12, 4)), verbose=0)
"""
    diags = agree_on_error(code, "LST207")
    assert "`Dense` was built for inputs (None, 40) and gets (None, 48)" in diags[0].message


def test_functional_checks_every_known_size() -> None:
    code = HEAD + """
inp = keras.Input((10, 4))
model = keras.Model(inp, layers.LSTM(2)(inp))
model.predict(np.zeros((5, 12, 4)), verbose=0)
"""
    agree_on_error(code, "LST207")


@pytest.mark.parametrize("pack", [
    '{"a": np.zeros((5, 3)), "b": np.zeros((5, 5))}',
    "[np.zeros((5, 3)), np.zeros((5, 5))]",
])
def test_several_inputs_by_list_and_by_name(pack: str) -> None:
    code = HEAD + f"""
a = keras.Input((3,), name="a")
b = keras.Input((4,), name="b")
model = keras.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))
model.predict({pack}, verbose=0)
"""
    agree_on_error(code, "LST207")
    agree_on_error(code.replace("np.zeros((5, 5))", "np.zeros((5, 4))"), None)


def test_validation_data_is_checked() -> None:
    code = HEAD + """
model = keras.Sequential([layers.Dense(3, input_shape=(4,))])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.zeros((8, 4)), np.zeros((8, 3)), validation_data=(np.zeros((8, 4)), np.zeros((8, 2))), verbose=0)
"""
    agree_on_error(code, "LST205")
    wrong_x = code.replace("validation_data=(np.zeros((8, 4))", "validation_data=(np.zeros((8, 5))").replace(
        "np.zeros((8, 2))", "np.zeros((8, 3))")
    agree_on_error(wrong_x, "LST207")


def test_sequential_without_input_is_built_from_its_first_batch() -> None:
    """Keras builds the model on the data ``fit`` gets; everything downstream is checked."""
    code = HEAD + """
model = keras.Sequential([layers.LSTM(4), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 10)), np.zeros((8, 1)), verbose=0)
"""
    run = keras_run(code)
    assert run.raised and run.line == 8
    assert errors(code) == [(6, "LST101")]     # the LSTM that cannot take 2-D data
    ok = code.replace("np.zeros((8, 10))", "np.zeros((8, 10, 2))")
    agree_on_error(ok, None)


def test_built_by_fit_then_predict_on_other_width() -> None:
    code = HEAD + """
model = keras.Sequential([layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 3)), np.zeros((8, 3)), verbose=0)
model.predict(np.zeros((8, 2)), verbose=0)
"""
    agree_on_error(code, "LST207")


def test_target_after_data_build() -> None:
    code = HEAD + """
model = keras.Sequential([layers.LSTM(4), layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.zeros((8, 10, 2)), np.zeros((8, 3)), verbose=0)
"""
    agree_on_error(code, "LST205")


@pytest.mark.parametrize("between", [
    "model.summary()",
    "model.reset_states()",
    'model.save_weights("/tmp/lstmlint-test.weights.h5")\nmodel.load_weights("/tmp/lstmlint-test.weights.h5")',
    "model.set_weights(model.get_weights())",
    "model.evaluate(X, y, verbose=0)",
    "for i in range(100):\n    model.fit(X, y, epochs=1, verbose=0)\n    model.reset_states()",
])
def test_methods_that_leave_the_model_keep_it_followed(between: str) -> None:
    code = HEAD + f"""
X = np.zeros((8, 10, 3))
y = np.zeros((8, 1))
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
{between}
model.predict(np.zeros((2, 10, 4)), verbose=0)
"""
    diags = findings(code)
    expected = [(len(code.splitlines()), "LST207")]
    # Keras 3 models have no `reset_states` (AttributeError: LST404), yet the model is still followed
    expected += [(i, "LST404") for i, line in enumerate(code.splitlines(), 1) if "model.reset_states()" in line]
    assert sorted((d.line, d.code) for d in diags if d.severity.value == "error") == sorted(expected)


def test_a_loop_that_changes_the_model_still_forgets_it() -> None:
    code = HEAD + """
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4)])
for i in range(100):
    model.add(layers.Dense(4))
model.predict(np.zeros((2, 10, 4)), verbose=0)
"""
    assert errors(code) == []


def test_model_layers_index() -> None:
    code = HEAD + """
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(2)])
last = model.layers[-1]
first = model.layers[0]
out = last(first(keras.Input((10, 3))))
"""
    from frontend_keras import compare
    compare(code, ["out"])


def test_unknown_data_is_never_an_error() -> None:
    code = HEAD + """
import pandas as pd
df = pd.read_csv("data.csv")
X = df[["a", "b"]].values
model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X, df["y"].values)
model.predict(X)
model.evaluate(X, df["y"])
"""
    assert errors(code) == []


@pytest.mark.parametrize("declare", ["Input", "input_shape", "functional"])
@pytest.mark.parametrize("data, raises", [("np.zeros((8, 2))", True), ("np.zeros((8, 3))", False)])
def test_calling_the_model_on_an_array(declare: str, data: str, raises: bool) -> None:
    code = program(DECLARED[declare], "out = model(X)", data)
    agree_on_error(code, "LST207" if raises else None)


def test_adapt_rank_follows_keras() -> None:
    from lstmlint.interp.overlays.keras_training import adapt_rank

    assert adapt_rank((None, 3), (8, 3, 1)) == (8, 3)          # trailing 1 dropped
    assert adapt_rank((None, 5, 1), (8, 5)) == (8, 5, 1)       # added for a 1-wide input
    assert adapt_rank((None, 3), (8,)) == (8,)                 # left as is: the rank differs
    assert adapt_rank((None, None), (8, 3, None)) is None      # not decidable


@pytest.mark.parametrize("stmt, harmless", [
    ("for i in range(500):\n    model.fit(X, y)\n    model.reset_metrics()\n", True),
    ("for i in range(500):\n    h = model.fit(X, y).history\n", True),
    ("for i in range(500):\n    model.add(layers.Dense(1))\n", False),
    ("for i in range(500):\n    model = build()\n    model.fit(X, y)\n", False),
    ("for i in range(500):\n    train(model)\n", False),
    ("for i in range(500):\n    model.trainable = False\n", False),
    ("for i in range(500):\n    pass\n", False),
])
def test_only_harmless_uses(stmt: str, harmless: bool) -> None:
    import libcst as cst

    from lstmlint.interp.overlays.keras_training import only_harmless_uses

    assert only_harmless_uses(cst.parse_statement(stmt), {"model"}) is harmless
