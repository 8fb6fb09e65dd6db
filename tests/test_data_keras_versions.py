"""Data given to a model (``fit``/``evaluate``/``predict``/``*_on_batch``/``model(x)``) judged by
the file's own Keras, and ``tf.data.Dataset.map`` followed.

One table of small programs, each with the verdict of Keras 3 (keras 3.15) and of Keras 2
(tf_keras 2.21): ``error`` (Keras raises at the data call, lstmlint reports an error there),
``warning`` (Keras runs, broadcasting the target silently: lstmlint warns) or ``ok`` (Keras runs,
lstmlint says nothing) or ``missed`` (Keras raises, lstmlint does not decide it). The fast tier
lints each program under both targets; the Keras tier runs each in real Keras 3 and real
tf_keras, so that the table stays true.
"""

from __future__ import annotations

import textwrap
import warnings

import pytest

from lstmlint.api import lint_source
from lstmlint.diagnostics import Severity
from lstmlint.settings import Options

# name -> (program body (``keras`` and ``np`` imported; the last line is the data call), Keras 3, Keras 2)
CASES: dict[str, tuple[str, str, str]] = {
    "1-D data, Input (8,), ReLU only: predict": (
        "m = keras.Sequential([keras.Input((8,)), keras.layers.ReLU()])\nm.predict(np.zeros((8,)), verbose=0)",
        "error",
        "ok",
    ),
    "1-D data, Input (8,), ReLU only: model(x)": (
        "m = keras.Sequential([keras.Input((8,)), keras.layers.ReLU()])\nm(np.zeros((8,)))",
        "error",
        "ok",
    ),
    "1-D data, functional Input (8,), ReLU: predict_on_batch": (
        "i = keras.Input((8,))\nm = keras.Model(i, keras.layers.ReLU()(i))\nm.predict_on_batch(np.zeros((8,)))",
        "error",
        "ok",
    ),
    "1-D data, Input (8,), Dense: predict": (
        "m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(2)])\nm.predict(np.zeros((8,)), verbose=0)",
        "error",
        "error",
    ),
    "1-D data, Input (1,), Dense: predict (a unit axis is added)": (
        "m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])\nm.predict(np.zeros((8,)), verbose=0)",
        "ok",
        "ok",
    ),
    "rank one higher, trailing 1: evaluate": (
        "m = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])\nm.compile('sgd', 'mse')\n"
        "m.evaluate(np.zeros((8, 5, 1)), np.zeros((8, 3)), verbose=0)",
        "ok",
        "ok",
    ),
    "rank one higher, last axis 2, ReLU only: predict": (
        "m = keras.Sequential([keras.Input((5,)), keras.layers.ReLU()])\nm.predict(np.zeros((3, 5, 2)), verbose=0)",
        "error",
        "ok",
    ),
    "2-D data for a (10, 4) LSTM input: predict": (
        "m = keras.Sequential([keras.Input((10, 4)), keras.layers.LSTM(2)])\nm.predict(np.zeros((3, 4)), verbose=0)",
        "error",
        "error",
    ),
    "middle axis differs, Sequential with Input: predict": (
        "m = keras.Sequential([keras.Input((6, 4)), keras.layers.Dense(2)])\nm.predict(np.zeros((3, 7, 4)), verbose=0)",
        "ok",
        "error",
    ),
    "middle axis differs, functional: test_on_batch": (
        "i = keras.Input((6, 4))\nm = keras.Model(i, keras.layers.Dense(2)(i))\nm.compile('sgd', 'mse')\n"
        "m.test_on_batch(np.zeros((3, 7, 4)), np.zeros((3, 7, 2)))",
        "error",
        "error",
    ),
    "one feature for an LSTM built for three: predict": (
        "m = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(2)])\nm.predict(np.zeros((4, 5, 1)), verbose=0)",
        "error",
        "error",
    ),
    "last axis differs, Sequential of ReLU: model(x)": (
        "m = keras.Sequential([keras.Input((5,)), keras.layers.ReLU()])\nm(np.zeros((3, 6)))",
        "ok",
        "error",
    ),
    "last axis differs, Sequential of Dense: train_on_batch": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\nm.compile('sgd', 'mse')\n"
        "m.train_on_batch(np.zeros((8, 5)), np.zeros((8, 3)))",
        "error",
        "error",
    ),
    "mse, (n,) targets, output (None, 3): fit": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\nm.compile('sgd', 'mse')\n"
        "m.fit(np.zeros((8, 4)), np.zeros((8,)), batch_size=4, verbose=0)",
        "missed",  # Keras 3 raises when the batch size is not 3 (or 1): not reported today
        "warning",
    ),
    "mse, (n, 1) targets, output (None, 3): fit": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\nm.compile('sgd', 'mse')\n"
        "m.fit(np.zeros((8, 4)), np.zeros((8, 1)), batch_size=4, verbose=0)",
        "warning",
        "warning",
    ),
    "categorical, (n,) targets, output (None, 3): fit": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation='softmax')])\n"
        "m.compile('sgd', 'categorical_crossentropy')\n"
        "m.fit(np.zeros((8, 4)), np.zeros((8,)), verbose=0)",
        "error",
        "error",
    ),
    "sparse categorical, (n,) labels: fit": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation='softmax')])\n"
        "m.compile('sgd', 'sparse_categorical_crossentropy')\n"
        "m.fit(np.zeros((8, 4)), np.zeros((8,)), verbose=0)",
        "ok",
        "ok",
    ),
    "sparse categorical, (n, 1) labels: evaluate": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation='softmax')])\n"
        "m.compile('sgd', 'sparse_categorical_crossentropy')\n"
        "m.evaluate(np.zeros((8, 4)), np.zeros((8, 1)), verbose=0)",
        "ok",
        "ok",
    ),
    "binary, (n,) labels, one output: fit": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation='sigmoid')])\n"
        "m.compile('sgd', 'binary_crossentropy')\n"
        "m.fit(np.zeros((8, 4)), np.zeros((8,)), verbose=0)",
        "ok",
        "ok",
    ),
    "binary, (n,) labels, three outputs: fit": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation='sigmoid')])\n"
        "m.compile('sgd', 'binary_crossentropy')\n"
        "m.fit(np.zeros((8, 4)), np.zeros((8,)), verbose=0)",
        "error",
        "error",
    ),
    "8 input samples, 6 targets: fit": (
        "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\nm.compile('sgd', 'mse')\n"
        "m.fit(np.zeros((8, 4)), np.zeros((6, 3)), verbose=0)",
        "error",
        "error",
    ),
    "dict inputs by name, width differs: predict": (
        "a = keras.Input((4,), name='a')\nb = keras.Input((2,), name='b')\n"
        "m = keras.Model([a, b], keras.layers.Concatenate()([a, b]))\n"
        "m.predict({'a': np.zeros((8, 4)), 'b': np.zeros((8, 3))}, verbose=0)",
        "error",
        "error",
    ),
}

HEADER = {"3": "import numpy as np\nimport keras\n", "2": "import numpy as np\nimport tf_keras as keras\n"}


def program(name: str, version: str) -> str:
    return HEADER[version] + CASES[name][0] + "\n"


def lint_verdict(text: str, version: str) -> tuple[str, list[str]]:
    result = lint_source(textwrap.dedent(text), "model.py", Options(keras_version=version))
    assert result.internal_error is None, result.internal_error
    last = len(text.rstrip("\n").splitlines())
    found = [d for d in result.diagnostics if str(d.code).startswith("LST2")]
    shown = [f"{d.span.line}: {d.code} {d.message}" for d in result.diagnostics]
    assert all(d.span.line == last for d in found), shown
    if any(d.severity is Severity.ERROR for d in found):
        return "error", shown
    if found:
        return "warning", shown
    return "ok", shown


@pytest.mark.parametrize("version", ["3", "2"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_lint_verdict(name: str, version: str) -> None:
    expected = CASES[name][1] if version == "3" else CASES[name][2]
    verdict, shown = lint_verdict(program(name, version), version)
    assert verdict == ("ok" if expected == "missed" else expected), shown


def keras_verdict(text: str, version: str) -> str:
    """Runs the program in real Keras: ``error`` when it raises, ``ok`` otherwise (a silent
    broadcast is ``ok`` too: the caller maps ``warning`` to it)."""
    import numpy as np

    if version == "2":
        keras = pytest.importorskip("tf_keras")
    else:
        keras = pytest.importorskip("keras")
    env = {"np": np, "keras": keras}
    body = text.split("\n", 2)[2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(body, "<case>", "exec"), env)  # noqa: S102 - our own test programs
        except Exception:  # noqa: BLE001 - any failure is the measurement
            return "error"
    return "ok"


@pytest.mark.keras
@pytest.mark.parametrize("version", ["3", "2"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_keras_ground_truth(name: str, version: str) -> None:
    expected = CASES[name][1] if version == "3" else CASES[name][2]
    got = keras_verdict(program(name, version), version)
    assert got == {"warning": "ok", "missed": "error"}.get(expected, expected)


# ------------------------------------------------------------------ tf.data ``map``
MAP_HEAD = """\
import numpy as np
import tensorflow as tf
import keras

X = np.zeros((64, 10, 4), dtype="float32")
Y = np.zeros((64, 3), dtype="float32")
model = keras.Sequential([keras.Input((10, 4)), keras.layers.LSTM(8), keras.layers.Dense(5, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
"""


def map_codes(text: str) -> list[tuple[int, str]]:
    result = lint_source(MAP_HEAD + textwrap.dedent(text), "model.py", Options(keras_version="3"))
    assert result.internal_error is None, result.internal_error
    head = MAP_HEAD.count("\n")
    return [(d.span.line - head, str(d.code)) for d in result.diagnostics]


def test_map_lambda_keeps_the_element_and_the_target_is_checked() -> None:
    got = map_codes("""\
        ds = tf.data.Dataset.from_tensor_slices((X, Y)).map(lambda x, y: (x * 2.0, y)).batch(16)
        model.fit(ds, epochs=1)
        """)
    assert got == [(2, "LST205")]


def test_map_file_function_after_batch() -> None:
    got = map_codes("""\
        def widen(x, y):
            return x, tf.concat([y, y], axis=-1)

        ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(16).map(widen, tf.data.AUTOTUNE)
        model.fit(ds, epochs=1)
        """)
    assert got == [(5, "LST205")]  # (None, 6) targets for 5 classes


def test_map_that_fixes_the_width_is_clean() -> None:
    got = map_codes("""\
        def pad(x, y):
            return x, tf.concat([y, y[:, :2]], axis=-1)

        ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(16).map(pad)
        model.fit(ds, epochs=1)
        """)
    assert got == []


def test_map_not_followed_makes_the_element_unknown() -> None:
    got = map_codes("""\
        import some_module

        ds = tf.data.Dataset.from_tensor_slices((X, Y)).map(some_module.parse).batch(16)
        model.fit(ds, epochs=1)
        ds2 = tf.data.Dataset.from_tensor_slices((X, Y)).map(lambda x, y: some_module.f(x, y)).batch(16)
        model.fit(ds2, epochs=1)
        """)
    assert got == []
