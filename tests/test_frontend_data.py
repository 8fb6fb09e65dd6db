"""Shapes from NumPy data, symbolic data shapes, and model.fit target checks, against Keras."""

from __future__ import annotations

import pytest
from frontend_keras import agree_on_error, compare, errors, findings, interpret, keras_run

HEAD = """
import numpy as np
import keras
from keras import layers
"""


@pytest.mark.parametrize("make", [
    "np.zeros((64, 12, 5))",
    "np.ones(shape=(64, 12, 5), dtype='float32')",
    "np.random.rand(64, 12, 5)",
    "np.random.randn(64, 12, 5)",
    "np.random.random((64, 12, 5))",
    "np.random.normal(0, 1, size=(64, 12, 5))",
    "np.random.uniform(size=(64, 12, 5))",
    "np.random.randint(0, 5, (64, 12, 5))",
    "np.random.default_rng(0).random((64, 12, 5))",
    "np.arange(64 * 60).reshape(64, 12, -1)",
    "np.zeros((64, 60)).reshape((-1, 12, 5))",
    "np.expand_dims(np.zeros((64, 12)), -1).repeat(5, axis=2) if False else np.zeros((64, 12, 5))",
    "np.zeros((64, 13, 5))[:, 1:, :]",
    "np.zeros((64, 12, 5, 1))[..., 0]",
    "np.zeros((64, 12))[:, :, None].astype('float32') * np.ones(5)",
])
def test_array_shapes_feed_input_shape(make):
    code = HEAD + f"""
X = {make}
inp = keras.Input(shape=X.shape[1:])
out = layers.LSTM(4)(inp)
n_features = X.shape[-1]
model = keras.Sequential([keras.Input(shape=(X.shape[1], n_features)), layers.LSTM(3, return_sequences=True)])
"""
    interp = interpret(code)
    run = keras_run(code)
    assert not run.raised
    assert interp.globals["inp"].shape.dims is not None  # broadcasting arrays is followed too
    compare(code, ["inp", "out", "model"])


def test_any_numpy_alias():
    code = """
import numpy
import keras
data = numpy.zeros((10, 7, 2))
inp = keras.Input(shape=data.shape[1:])
"""
    compare(code, ["inp"])


def test_unknown_data_gives_named_sizes_and_never_a_wrong_rank():
    code = HEAD + """
import pandas as pd
X = pd.read_csv("x.csv").values.reshape(-1, 10, 3)
inp = keras.Input(shape=(X.shape[1], X.shape[2]))
x = layers.LSTM(8, return_sequences=True)(inp)
whole = keras.Input(shape=X.shape[1:])
y = layers.LSTM(8)(whole)
"""
    interp = interpret(code)
    assert str(interp.globals["x"].shape) == "(None, X.shape[1], 8)"
    assert interp.globals["whole"].shape.dims is None
    assert errors(code) == []


def test_symbolic_data_dim_in_messages():
    code = HEAD + """
import pandas as pd
X = pd.read_csv("x.csv").values
inp = keras.Input(shape=(X.shape[1],))
x = layers.LSTM(8)(inp)
"""
    (d,) = findings(code)
    assert d.code == "LST101"
    assert "(None, X.shape[1])" in " ".join(label.message for label in d.labels)


def test_train_test_split_and_slices_keep_feature_axes():
    code = HEAD + """
from sklearn.model_selection import train_test_split
X = np.zeros((100, 12, 5))
y = np.zeros((100, 1))
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
split = 80
X_tr, y_tr = X[:split], y[:split]
inp = keras.Input(shape=X_train.shape[1:])
inp2 = keras.Input(shape=X_tr.shape[1:])
"""
    interp = interpret(code)
    assert str(interp.globals["inp"].shape) == "(None, 12, 5)"
    assert str(interp.globals["inp2"].shape) == "(None, 12, 5)"
    assert str(tuple(interp.globals["y_tr"].dims)) == "(80, 1)"


# -------------------------------------------------------------------- fit
FIT = HEAD + """
X = np.zeros((16, 8, 2), dtype="float32")
y = np.zeros({y}, dtype="float32")
model = keras.Sequential([keras.Input(shape=(8, 2)), layers.LSTM(4, return_sequences={rs}), layers.Dense({units})])
model.compile(optimizer="adam", loss="{loss}")
model.fit(X, y, epochs=1, batch_size=8, verbose=0)
"""


@pytest.mark.parametrize("loss, rs, units, y", [
    ("mse", True, 1, (16, 1)),           # squeezed (B, 8) vs (B, 1): broadcasts silently
    ("mse", False, 3, (16, 5)),          # 3 vs 5: Keras raises
    ("mse", False, 1, (16, 5)),          # 1 vs 5: broadcasts silently
    ("mse", False, 3, (16, 3)),          # fine
    ("mse", True, 3, (16, 8, 2)),        # 3 vs 2: Keras raises
    ("mae", True, 3, (16, 7, 3)),        # 8 vs 7 time steps: Keras raises
    ("huber", False, 2, (16, 2)),        # fine
    ("binary_crossentropy", True, 1, (16, 1)),   # (B, 8) vs (B, 1): Keras raises
    ("binary_crossentropy", False, 1, (16, 1)),  # fine
    ("binary_crossentropy", False, 3, (16, 1)),  # Keras raises
    ("categorical_crossentropy", False, 4, (16, 4)),
    ("categorical_crossentropy", False, 4, (16,)),  # rank: Keras raises
    ("sparse_categorical_crossentropy", False, 4, (16,)),
    ("sparse_categorical_crossentropy", False, 4, (16, 1)),
    ("sparse_categorical_crossentropy", True, 4, (16, 1)),   # Keras raises
    ("sparse_categorical_crossentropy", False, 4, (16, 5)),  # Keras raises
    ("sparse_categorical_crossentropy", True, 4, (16, 8)),
])
def test_fit_target_checks_agree_with_keras_training(loss, rs, units, y):
    code = FIT.format(loss=loss, rs=rs, units=units, y=y)
    diags = [(d.line, d.code, d.severity.value) for d in findings(code)]
    run = keras_run(code)
    if run.raised:
        assert run.line == 10, repr(run.error)
        assert diags == [(10, "LST205", "error")], (diags, repr(run.error))
    else:
        assert [c for c in diags if c[2] == "error"] == []
        broadcast = loss == "mse" and ((rs and units == 1) or (not rs and units == 1 and y[-1] == 5))
        assert diags == ([(10, "LST208", "warning")] if broadcast else [])


def test_fit_sample_count_and_functional_input_shape():
    code = HEAD + """
X = np.zeros((32, 15, 2))
y = np.zeros((32, 1))
inputs = keras.Input(shape=(14, 2))
model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(8)(inputs)))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
"""
    agree_on_error(code, "LST207")
    agree_on_error(code.replace("np.zeros((32, 1))", "np.zeros((30, 1))"), "LST206")
    agree_on_error(code.replace("(32, 15, 2)", "(32, 14, 2)"), None)


def test_fit_on_unknown_data_is_silent():
    code = HEAD + """
X, y = load()
model = keras.Sequential([keras.Input(shape=(8, 2)), layers.LSTM(4, return_sequences=True), layers.Dense(1)])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y)
"""
    assert findings(code) == []


def test_to_categorical_target():
    code = HEAD + """
from keras.utils import to_categorical
X = np.zeros((16, 8, 2))
labels = np.zeros((16, 1))
y = to_categorical(labels, 5)
model = keras.Sequential([keras.Input(shape=(8, 2)), layers.LSTM(4), layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X, y, epochs=1, verbose=0)
"""
    agree_on_error(code, "LST205")


@pytest.mark.parametrize("expr", [
    "ops.mean(seq, axis=1)",
    "ops.max(seq, axis=-1, keepdims=True)",
    "ops.sum(seq, axis=(1, 2))",
    "ops.concatenate([seq, seq], axis=-1)",
    "ops.concatenate([seq, ops.expand_dims(ops.mean(seq, axis=1), 1)], axis=1)",
    "ops.squeeze(ops.expand_dims(seq, 2), 2)",
])
def test_tensor_ops_between_layers(expr):
    code = HEAD + f"""
from keras import ops
inputs = keras.Input(shape=(20, 6))
seq = layers.LSTM(16, return_sequences=True)(inputs)
out = {expr}
"""
    compare(code, ["out"])


def test_reduced_sequence_fed_to_lstm():
    code = HEAD + """
from keras import ops
inputs = keras.Input(shape=(20, 6))
seq = layers.LSTM(16, return_sequences=True)(inputs)
mean_t = ops.mean(seq, axis=1)
last_t = layers.LSTM(16)(mean_t)
"""
    agree_on_error(code, "LST101")


def test_array_changed_in_place_is_forgotten():
    code = HEAD + """
X = np.zeros((16, 8, 2), dtype="float32")
X.resize((16, 8, 3), refcheck=False)
y = np.zeros((16, 1), dtype="float32")
inputs = keras.Input(shape=(8, 3))
model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=8, verbose=0)
"""
    agree_on_error(code, None)
    agree_on_error(code.replace("X.resize((16, 8, 3), refcheck=False)", "X.shape = (16, 8, 3)")
                   .replace("np.zeros((16, 8, 2)", "np.zeros((16, 8, 3)"), None)


def test_functional_fit_adds_or_drops_a_unit_axis_like_keras():
    code = HEAD + """
X = np.zeros((40, 16), dtype="float32")
y = np.zeros((40,), dtype="float32")
inputs = keras.Input(shape=(16, 1))
model = keras.Model(inputs, layers.Dense(1)(layers.GRU(8)(inputs)))
model.compile(optimizer="adam", loss="mae")
model.fit(X, y, epochs=1, batch_size=20, verbose=0)
"""
    agree_on_error(code, None)
    agree_on_error(code.replace("(16, 1)", "(8, 2)"), "LST207")
    agree_on_error(code.replace("np.zeros((40, 16)", "np.zeros((40, 16, 1, 1)"), None)  # squeezed back


@pytest.mark.parametrize("losses, widths, expected", [
    ('["mse", "categorical_crossentropy"]', (1, 4), "LST205"),
    ('["mse", "categorical_crossentropy"]', (1, 3), None),
    ('"mse"', (1, 5), "LST205"),
])
def test_fit_multi_output_pairs_targets_with_outputs(losses, widths, expected):
    code = HEAD + f"""
X = np.zeros((20, 10, 4), dtype="float32")
y_a = np.zeros((20, {widths[0]}), dtype="float32")
y_b = np.zeros((20, {widths[1]}), dtype="float32")
inputs = keras.Input(shape=(10, 4))
h = layers.LSTM(16)(inputs)
model = keras.Model(inputs, [layers.Dense(1)(h), layers.Dense(3, activation="softmax")(h)])
model.compile(optimizer="adam", loss={losses})
model.fit(X, [y_a, y_b], epochs=1, batch_size=10, verbose=0)
"""
    agree_on_error(code, expected)


def test_array_arithmetic_keeps_shapes():
    code = HEAD + """
n_classes = 3
labels = np.arange(18) % n_classes
y = keras.utils.to_categorical(labels, num_classes=n_classes + 1)
X = np.zeros((18, 7, 2), dtype="float32") * 2.0 + 1
model = keras.Sequential([keras.Input(shape=(7, 2)), layers.GRU(8), layers.Dense(n_classes, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X, y, epochs=1, batch_size=9, verbose=0)
"""
    assert str(tuple(interpret(code).globals["y"].dims)) == "(18, 4)"
    agree_on_error(code, "LST205")


@pytest.mark.parametrize("x, expected", [
    ("(32, 12)", "LST207"),         # 2-D data for a (12, 3) input: Keras refuses
    ("(32, 12, 3)", None),
    ("(32, 15, 3)", None),          # a Sequential model does not check the length
    ("(32, 12, 3, 1)", None),       # a trailing 1 is squeezed
])
def test_sequential_fit_checks_the_rank_only(x, expected):
    code = HEAD + f"""
X = np.zeros({x}, dtype="float32")
y = np.zeros((32, 1), dtype="float32")
model = keras.Sequential([keras.Input(shape=(12, 3)), layers.LSTM(4), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=16, verbose=0)
"""
    agree_on_error(code, expected)


def test_fit_on_a_model_that_fails_to_build_is_not_checked():
    code = HEAD + """
X = np.zeros((64, 12, 5), dtype="float32")
y = np.zeros((64, 1), dtype="float32")
model = keras.Sequential([keras.Input(shape=X.shape), layers.LSTM(16), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
"""
    assert errors(code) == [(8, "LST101")]
    assert keras_run(code).line == 8
