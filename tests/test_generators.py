"""Python generators, ``keras.utils.Sequence`` and ``Dataset.from_generator`` as data (fast tier).

Keras ground truth: the corpus pairs ``generator_*`` and ``keras2_fit_generator`` (run by
``tests/test_corpus.py``). A generator with one ``yield`` is followed to it: its first element
is the batch ``fit``/``predict`` see first; anything else stays unknown, never an error.
"""

from __future__ import annotations

import textwrap

import libcst as cst

from lstmlint.api import lint_source
from lstmlint.interp import Context
from lstmlint.interp.generators import GeneratorValue, single_yield
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.settings import Options

HEAD = """\
import numpy as np
import tensorflow as tf
import keras
from keras import layers

X = np.zeros((100, 20, 3))
Y = np.zeros((100, 4))
model = keras.Sequential([keras.Input((20, 3)), layers.LSTM(8), layers.Dense(4)])
model.compile(loss="mse", optimizer="adam")
"""


def lint(code: str, keras: str = "3") -> list[tuple[int, str, str]]:
    result = lint_source(textwrap.dedent(code), "model.py", Options(keras_version=keras))
    assert result.internal_error is None, result.internal_error
    return [(d.line, d.severity.value, d.code) for d in result.diagnostics]


def last_line(code: str) -> int:
    return len(textwrap.dedent(code).rstrip("\n").splitlines())


def value_of(code: str, name: str) -> object:
    ctx = Context(cst.parse_module(textwrap.dedent(code)))
    ctx.run()
    return ctx.globals[name]


def test_generator_followed_to_its_yield() -> None:
    code = """
import numpy as np
X = np.zeros((100, 20, 3))


def batches(x, batch_size=16):
    i = 0
    while True:
        yield x[i : i + batch_size]
        i += batch_size


g = batches(X)
"""
    g = value_of(code, "g")
    assert isinstance(g, GeneratorValue)
    assert isinstance(g.first, ArrayValue) and g.first.dims == (16, 20, 3)


def test_generators_with_several_yields_or_yield_from_are_not_followed() -> None:
    module = cst.parse_module(
        "def a():\n    yield 1\n    yield 2\n"
        "def b():\n    yield from a()\n"
        "def c():\n    def inner():\n        yield 1\n    yield inner\n"
    )
    funcs = {f.name.value: f for f in module.body if isinstance(f, cst.FunctionDef)}
    assert not single_yield(funcs["a"]) and not single_yield(funcs["b"])
    assert single_yield(funcs["c"])  # the nested function's yield is its own


def test_fit_on_a_generator_checks_inputs_and_targets() -> None:
    code = (
        HEAD
        + """
def gen(batch_size=16):
    while True:
        idx = np.random.randint(0, len(X), batch_size)
        yield X[idx], Y[idx][:, :2]


model.fit(gen(), steps_per_epoch=5, epochs=1)
"""
    )
    assert lint(code) == [(last_line(code), "error", "LST205")]
    assert lint(code.replace("Y[idx][:, :2]", "Y[idx]")) == []
    wrong_x = code.replace("Y[idx][:, :2]", "Y[idx]").replace("yield X[idx]", "yield X[idx][:, :, :2]")
    assert lint(wrong_x) == [(last_line(code), "error", "LST207")]


def test_predict_on_a_generator_of_pairs_ignores_the_targets() -> None:
    code = (
        HEAD
        + """
def gen():
    while True:
        yield X[:8], Y[:8, :1]


model.predict(gen(), steps=2)
"""
    )
    assert lint(code) == []


def test_generator_of_unknown_data_stays_unknown() -> None:
    code = (
        HEAD
        + """
def gen(paths):
    while True:
        for p in paths:
            data = np.load(p)
            yield data["x"], data["y"]


model.fit(gen(files), steps_per_epoch=5)
"""
    )
    assert lint(code) == []


def test_keras2_fit_generator_takes_its_data_as_fit() -> None:
    code = (
        HEAD.replace("import keras\nfrom keras import layers", "import tf_keras as keras\nfrom tf_keras import layers")
        + """
def gen():
    while True:
        yield X[:10], Y[:10, :3]


model.fit_generator(gen(), steps_per_epoch=5, epochs=1)
"""
    )
    assert lint(code, keras="2") == [(last_line(code), "error", "LST205")]


def test_sequence_subclass_batches_come_from_getitem() -> None:
    code = (
        HEAD
        + """
class Loader(keras.utils.Sequence):
    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, i):
        lo = i * self.batch_size
        return self.x[lo : lo + self.batch_size], self.y[lo : lo + self.batch_size]


model.fit(Loader(X[:, :, :2], Y, 8), epochs=1)
"""
    )
    assert lint(code) == [(last_line(code), "error", "LST207")]
    assert lint(code.replace("X[:, :, :2]", "X")) == []
    # a plain class with ``__getitem__`` is not Keras data: never compared
    assert lint(code.replace("class Loader(keras.utils.Sequence):", "class Loader:")) == []


def test_dataset_from_generator_uses_the_declared_signature() -> None:
    code = (
        HEAD
        + """
def rows():
    while True:
        yield np.zeros((20, 3)), np.zeros((4,))


ds = tf.data.Dataset.from_generator(
    rows, output_signature=(tf.TensorSpec(shape=(20, 3)), tf.TensorSpec(shape=(2,)))
).batch(8)
model.fit(ds, steps_per_epoch=2)
"""
    )
    assert lint(code) == [(last_line(code), "error", "LST205")]
    assert lint(code.replace("shape=(2,)", "shape=(4,)")) == []
    assert lint(code.replace("shape=(2,)", "shape=(None,)")) == []


def test_generators_calling_generators_stay_within_the_call_budget() -> None:
    import time

    lines = ["import keras", "def g0():", "    yield 1"]
    for i in range(1, 16):  # each generator starts the one before it twice: 2**15 starts unbounded
        lines += [f"def g{i}():", f"    a = g{i - 1}()", f"    b = g{i - 1}()", "    yield a"]
    lines.append("first = g15()")
    started = time.perf_counter()
    assert lint("\n".join(lines) + "\n") == []
    assert time.perf_counter() - started < 20
