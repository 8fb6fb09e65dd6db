"""Issue 10, script corpus (round 9, IMPORTS): the environment lstmlint judges a program in.

tsgm's tests pick their data pipeline with ``os.environ.get("KERAS_BACKEND") == "tensorflow"`` and
take TensorFlow from ``try: import tensorflow as tf_module ... except (ImportError, AttributeError):
tf = None``. lstmlint checks a program as it runs with Keras on its TensorFlow backend (Keras 3's
default), TensorFlow and NumPy installed, so:

* an ``except ImportError`` handler around imports of those libraries only (and nothing else that
  could raise) is never taken;
* ``hasattr(tf, "data")`` of an attribute every TensorFlow release has is True;
* ``KERAS_BACKEND`` reads as ``"tensorflow"`` until the program sets it to something else.

Anything outside these stays unknown. Keras ground truth: ``tests/corpus/imports9_import_guard``.
Fast tier: the interpreter only."""

from __future__ import annotations

import pytest
from interpreted import codes, interpret

from lstmlint.codes import Code
from lstmlint.graph.model import Tensor
from lstmlint.shapes import UNKNOWN, Sym


def undecided(value: object) -> bool:
    """Neither branch's value: the paths were joined (an unknown or a symbolic size)."""
    return value is UNKNOWN or isinstance(value, Sym)


GUARDED = """
try:
    import tensorflow as tf_module
    tf = tf_module
    if hasattr(tf, "data") and hasattr(tf, "compat"):
        has_tf = True
    else:
        tf = None
        has_tf = False
except (ImportError, AttributeError):
    tf = None
    has_tf = False
"""


def test_import_guard_of_tensorflow_is_not_taken() -> None:
    g = interpret(GUARDED + "x = tf.keras.Input((5, 3))\n").globals
    assert g["has_tf"] is True
    x = g["x"]
    assert isinstance(x, Tensor)
    assert str(x.shape) == "(None, 5, 3)"


def test_import_guard_error_found_through_it() -> None:
    body = GUARDED + "x = tf.keras.Input((5, 3))\ny = tf.keras.layers.Reshape((7,))(x)\n"
    assert codes(body) == [Code.RESHAPE_SIZE_MISMATCH.value]


def test_guard_of_a_library_not_modelled_stays_open() -> None:
    g = interpret("try:\n    import torch\n    n = 3\nexcept ImportError:\n    n = 4\n").globals
    assert undecided(g["n"])


def test_guard_with_a_call_or_a_named_import_stays_open() -> None:
    # ``from keras.layers import CuDNNLSTM`` raises ImportError in Keras 3: a named import may fail
    named = "try:\n    from keras.layers import CuDNNLSTM\n    n = 3\nexcept ImportError:\n    n = 4\n"
    assert undecided(interpret(named).globals["n"])
    called = "try:\n    import keras\n    f(keras)\n    n = 3\nexcept ImportError:\n    n = 4\n"
    assert undecided(interpret(called).globals["n"])
    # an AttributeError handler with an attribute access in the body may run
    attr = "try:\n    import keras\n    k = keras.foo\n    n = 3\nexcept (ImportError, AttributeError):\n    n = 4\n"
    assert undecided(interpret(attr).globals["n"])


@pytest.mark.parametrize(
    "line",
    ["k = [1][2]", "k = 1 + None", "def f():\n        pass", "class C:\n        pass"],
)
def test_guard_with_what_may_raise_stays_open(line: str) -> None:
    # an index, arithmetic or a definition (its decorators, defaults) may raise ImportError
    code = f"try:\n    import keras\n    {line}\n    n = 3\nexcept ImportError:\n    n = 4\n"
    assert undecided(interpret(code).globals["n"])
    plain = "try:\n    import keras\n    k = 1\n    n = 3\nexcept ImportError:\n    n = 4\n"
    assert interpret(plain).globals["n"] == 3


def test_hasattr_of_an_unlisted_attribute_stays_unknown() -> None:
    g = interpret("import tensorflow as tf\nn = hasattr(tf, 'no_such_thing')\nm = hasattr(tf, 'data')\n").globals
    assert g["n"] is not True
    assert g["m"] is True


def test_keras_backend_reads_as_tensorflow() -> None:
    program = """
import os
a = os.environ.get("KERAS_BACKEND")
b = os.environ["KERAS_BACKEND"]
c = os.getenv("KERAS_BACKEND", "jax")
d = os.environ.get("HOME")
"""
    g = interpret(program).globals
    assert (g["a"], g["b"], g["c"]) == ("tensorflow", "tensorflow", "tensorflow")
    assert undecided(g["d"])


def test_keras_backend_set_by_the_program_is_unknown() -> None:
    program = """
import os
os.environ["KERAS_BACKEND"] = "jax"
a = os.environ.get("KERAS_BACKEND")
"""
    assert undecided(interpret(program).globals["a"])
    same = 'import os\nos.environ["KERAS_BACKEND"] = "tensorflow"\na = os.environ.get("KERAS_BACKEND")\n'
    assert interpret(same).globals["a"] == "tensorflow"
    wholesale = 'import os\nos.environ.update(KERAS_BACKEND="jax")\na = os.environ.get("KERAS_BACKEND")\n'
    assert undecided(interpret(wholesale).globals["a"])


def test_backend_switch_follows_the_tensorflow_path() -> None:
    program = """
import os
import keras
if os.environ.get("KERAS_BACKEND") == "tensorflow":
    n = 3
elif os.environ.get("KERAS_BACKEND") == "torch":
    n = 4
x = keras.Input((5, n))
y = keras.layers.Reshape((7,))(x)
"""
    assert codes(program) == [Code.RESHAPE_SIZE_MISMATCH.value]
