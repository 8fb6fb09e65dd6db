"""An unknown value bound to a name (a fresh symbol) is never taken for a scalar in tensor
arithmetic: ``h + s`` with ``s`` a value the analysis cannot follow is a tensor of unknown shape
(Keras 3: ``(None, 3) + (2, 3)`` is ``(2, 3)``, ``(2, 1, 3) * (None, 3)`` is ``(2, None, 3)``),
while a number the analysis knows (an int, a float, ``K.epsilon()``, a size read from a shape, a
symbol the program used as a size) still broadcasts as a scalar. Fast tier: the expected shapes
were built in Keras 3.15 (``x * x.shape[1]`` of ``(None, 5, 3)`` is ``(None, 5, 3)``, ``d / units``
of ``Dense(7)`` is ``(None, 5, 7)``, ``Reshape((6,))`` of ``(None, 3, 1) * (3, 2)`` builds)."""

from __future__ import annotations

import textwrap
from typing import Any

import libcst as cst
import pytest

from lstmlint.api import lint_source
from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.interp.overlays.values import ArrayValue, shape_dim
from lstmlint.settings import Options
from lstmlint.shapes import UNKNOWN, Shape, Sym, dims, is_number
from lstmlint.shapes.dims import arith
from lstmlint.source.keras_target import KerasVersion, Target


def run(code: str) -> dict[str, Any]:
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)), Target(KerasVersion("3"), "test"))
    interp.run()
    return dict(interp.globals)


HEAD = """
import numpy as np
import tensorflow as tf
import keras
from keras import layers, ops
from keras import backend as K
inp = keras.Input(shape=(4,))
h = layers.Dense(3)(inp)
s = load()
"""

# (an expression on ``h`` (None, 3) and ``s``, an unknown value): not a tensor of known shape
UNKNOWN_OPERAND = [
    "h + s",
    "s * h",
    "h - s",
    "h / s",
    "h ** s",
    "h - 2 * s",
    "(s + 1) * h",
    "ops.add(h, s)",
    "ops.multiply(s, h)",
    "ops.power(h, s)",
    "ops.maximum(h, s)",
    "sum([h, s])",
    "h * ops.sqrt(s)",
    "h * tf.sqrt(s)",
    "tf.add(h, tf.cast(s, 'float32'))",
    "h + ops.ones(s)",
    "h + (2 if flag() else load())",
    "h + joined",
    "scaled(h, s)",
]


# a name that is 2 on one path and an unknown value on the other
JOINED = "if flag():\n    joined = 2\nelse:\n    joined = load()\n"


@pytest.mark.parametrize("expr", UNKNOWN_OPERAND)
def test_an_unknown_value_is_not_a_scalar(expr: str) -> None:
    g = run(HEAD + "def scaled(t, k):\n    return t * k\n" + JOINED + f"out = {expr}\n")
    out = g["out"]
    assert isinstance(out, Sym) or (isinstance(out, Tensor) and out.shape.dims is None), out


@pytest.mark.parametrize("expr", ["x * k", "tf.maximum(x, k)", "x + tf.cast(k, tf.float32)"])
def test_unknown_value_in_a_custom_layer(expr: str) -> None:
    """The reproduction: an operand of a layer's ``call`` the analysis lost (``from_neigh``)."""
    g = run(
        f"""
        import tensorflow as tf
        import keras
        class L(keras.layers.Layer):
            def __init__(self, scale, **kwargs):
                super().__init__(**kwargs)
                self.scale = scale
            def call(self, x):
                k = self.scale
                return {expr}
        out = L(load_scale())(keras.Input(shape=(2, 3)))
        """
    )
    out = g["out"]
    assert isinstance(out, Tensor) and out.shape.dims is None, out


# (an expression, the shape Keras 3 gives): numbers the analysis knows still broadcast
KNOWN_NUMBER = [
    ("h * 2", (None, 3)),
    ("h + 0.5", (None, 3)),
    ("h / K.epsilon()", (None, 3)),
    ("h * len([1, 2])", (None, 3)),
    ("sum([h, h])", (None, 3)),
    ("x * x.shape[1]", (None, "n", 3)),
    ("d / units", (None, "n", "units")),
    ("d * (units * 2)", (None, "n", "units")),
    ("ops.add(d, units)", (None, "n", "units")),
    ("ops.power(d, 2)", (None, "n", "units")),
    ("ops.ones(units)", ("units",)),
]


@pytest.mark.parametrize(("expr", "expected"), KNOWN_NUMBER)
def test_a_known_number_is_a_scalar(expr: str, expected: tuple[Any, ...]) -> None:
    g = run(
        HEAD
        + "n = load()\nunits = load()\nx = keras.Input(shape=(n, 3))\nd = layers.Dense(units)(x)\n"
        + f"out = {expr}\n"
    )
    out = g["out"]
    # ``ops.ones`` outside traced code is data (an array), a tensor inside
    dims = out.dims if isinstance(out, ArrayValue) else out.shape.dims if isinstance(out, Tensor) else None
    assert dims is not None, out
    assert tuple(d if d is None or isinstance(d, int) else str(d) for d in dims) == expected


def test_a_size_read_in_a_custom_layer_is_a_scalar() -> None:
    """Attention layers scale by the square root of a size read from the input's shape."""
    g = run(
        """
        import tensorflow as tf
        import keras
        class L(keras.layers.Layer):
            def call(self, q):
                return q / tf.sqrt(tf.cast(tf.shape(q)[-1], tf.float32))
        units = load()
        out = L()(keras.layers.Dense(units)(keras.Input(shape=(5, 3))))
        """
    )
    out = g["out"]
    assert isinstance(out, Tensor) and out.shape.dims is not None, out
    assert [str(d) for d in out.shape.dims] == ["None", "5", "units"]


def test_numpy_array_with_an_unknown_value() -> None:
    g = run(HEAD + "X = np.zeros((10, 3))\nY = X + s\nZ = X * 2\nW = np.zeros(s)\n")
    assert not isinstance(g["Y"], ArrayValue), g["Y"]
    assert isinstance(g["Z"], ArrayValue) and g["Z"].dims == (10, 3)
    assert not (isinstance(g["W"], ArrayValue) and len(g["W"].dims) == 1), g["W"]


def test_no_false_alarm_from_an_unknown_operand() -> None:
    """Keras 3 builds both: ``(None, 3, 1) * (3, 2)`` is ``(None, 3, 2)``, 6 values per sample;
    ``fit`` on data of a shape given by a helper. Taking the unknown for a scalar gave LST1xx
    (a reshape of 3 values into 6) and LST207 (1-D data)."""
    code = textwrap.dedent(
        """
        import json
        import numpy as np
        import keras
        from keras import layers, ops
        inp = keras.Input(shape=(4,))
        h = layers.Dense(3)(inp)
        w = np.array(json.loads("[[1, 2], [3, 4], [5, 6]]"), dtype="float32")
        out = layers.Reshape((6,))(ops.expand_dims(h, -1) * w)
        model = keras.Model(inp, out)
        shape = get_shape()
        X = np.zeros(shape)
        m2 = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1)])
        m2.compile("adam", "mse")
        m2.fit(X, np.zeros(100))
        """
    )
    result = lint_source(code, "sound.py", Options(isolated=True))
    assert result.diagnostics == [], result.diagnostics


def test_is_number() -> None:
    var = Sym.fresh("s")
    size = shape_dim("x.shape[1]", ("x", 1))
    assert is_number(3) and is_number(0.5) and is_number(size)
    assert not is_number(True) and not is_number(None) and not is_number(UNKNOWN) and not is_number("3")
    assert not is_number(var) and not is_number(Sym.named("cfg.scale"))
    assert is_number(arith("*", size, 2)) and not is_number(arith("*", var, 2))
    assert not is_number(arith("+", size, var))
    used = Sym.fresh("units")
    assert not is_number(used)
    Shape((None, used))  # the program gave it as a size (``Dense(units)``): a number from then on
    assert is_number(used) and is_number(arith("*", used, 2))
    free = Sym.named("scale")  # a bare name: the same key in every file, never marked
    Shape((None, free))
    assert not is_number(Sym.named("scale"))



def test_sizes_noted_by_one_analysis_never_reach_the_next() -> None:
    """The record of symbols used as sizes is emptied when an analysis begins, so a file's result
    never depends on what the same process analysed before it (``--jobs`` gives the same output):
    a record left nearly full by earlier files would otherwise be emptied halfway through this one,
    forgetting that ``units`` is a size (``d / units`` then unknown, the LST101 below missed)."""
    code = textwrap.dedent(
        """
        import keras
        from keras import layers
        inp = keras.Input(shape=(4,))
        units = load()
        d = layers.Dense(units)(inp)
        m = load()
        other = keras.Input(shape=(m,))
        out = d / units
        y = layers.LSTM(4)(out)
        """
    )

    def codes() -> list[str]:
        result = lint_source(code, "model.py", Options(keras_version="3"))
        assert result.internal_error is None, result.internal_error
        return [str(d.code) for d in result.diagnostics]

    assert codes() == ["LST101"]
    size = Sym.fresh("n")
    dims.note_sizes((None, size))
    assert is_number(size)
    dims.forget_sizes()
    assert not is_number(size)  # forgotten: no longer a scalar
    dims.note_sizes(tuple(Sym.fresh("earlier") for _ in range(dims._MAX_SIZES - 1)))
    assert codes() == ["LST101"]
