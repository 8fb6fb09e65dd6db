"""The work of a lint grows linearly with the file (issue 13: no quadratic behaviour in file length,
number of models, loop nesting or number of functions).

Work is counted, not timed: the number of Python function calls the whole lint makes
(``sys.setprofile``), the same on a loaded machine as on an idle one. Each generated program is
linted at size n and 2n; doubling it may at most double the work, with a little room for what
does not grow with n."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from lstmlint.api import lint_source
from lstmlint.settings import Options

HEAD = "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"


def _work(text: str) -> int:
    """Python calls made by one lint of ``text`` (which must analyse cleanly)."""
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        result = lint_source(text, "generated.py", Options(isolated=True))
    finally:
        sys.setprofile(None)
    assert result.internal_error is None, result.internal_error
    assert result.analysis is not None and result.analysis.applications  # layers were followed
    return calls


def models(n: int) -> str:
    """n functional models, each built by a factory that is called, compiled and fitted."""
    return HEAD + "".join(
        f"""
def build_{i}(units={8 + i % 5}):
    inputs = keras.Input(shape=(10, {3 + i % 4}))
    x = layers.LSTM(units, return_sequences=True)(inputs)
    x = layers.Dense(units)(x)
    return keras.Model(inputs, layers.GlobalAveragePooling1D()(x))

model_{i} = build_{i}()
model_{i}.compile(optimizer="adam", loss="mse")
model_{i}.fit(np.zeros((4, 10, {3 + i % 4})), np.zeros((4, {8 + i % 5})))
"""
        for i in range(n)
    )


def factories(n: int) -> str:
    """n model factories nobody calls: each checked on its own with symbolic parameters."""
    return HEAD + "".join(
        f"""
def factory_{i}(n_steps, n_features, units=32):
    inputs = keras.Input(shape=(n_steps, n_features))
    x = layers.Conv1D(units, 3, padding="same")(inputs)
    x = layers.LSTM(units)(x)
    return keras.Model(inputs, layers.Dense(1)(x))
"""
        for i in range(n)
    )


def sequential(n: int) -> str:
    """One Sequential model grown by n ``add`` calls, between plain statements."""
    return (
        HEAD
        + "model = keras.Sequential([keras.Input(shape=(16,))])\n"
        + "".join(f"model.add(layers.Dense({16 + i % 3}, activation='relu'))\nx_{i} = {i} * 2 + 1\n" for i in range(n))
    )


def long_function(n: int) -> str:
    """One function of n statement pairs, called once."""
    body = "".join(f"    x = layers.Dense({4 + i % 3})(x)\n    k = k + 1 if k < {i} else 0\n" for i in range(n))
    return HEAD + "def build(x):\n    k = 0\n" + body + "    return x\n\nout = build(keras.Input(shape=(8,)))\n"


def nested_loops(d: int) -> str:
    """Loops over data the analysis does not know, nested d deep (not unrolled: summarised)."""
    lines = [HEAD, "def f(data, extra):\n", "    x = keras.Input(shape=(5, 3))\n"]
    indent = "    "
    for i in range(d):
        lines.append(f"{indent}for v{i} in data:\n")
        indent += "    "
        lines.append(f"{indent}x = layers.Dense(3)(x)\n{indent}extra = extra + v{i}\n")
    lines.append("    return x\n")
    return "".join(lines)


def helpers(n: int) -> str:
    """n helper functions, each called once from module level on a growing model."""
    return (
        HEAD
        + "".join(
            f"""
def helper_{i}(x, units):
    if units > 3:
        x = layers.Dense(units)(x)
    for k in range(2):
        x = layers.Dense(units + k)(x)
    return x
"""
            for i in range(n)
        )
        + "inp = keras.Input(shape=(8,))\nout = inp\n"
        + "".join(f"out = helper_{i}(out, {4 + i % 3})\n" for i in range(n))
    )


CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "models": (models, 15),
    "factories": (factories, 15),
    "sequential": (sequential, 100),
    "long_function": (long_function, 60),
    "nested_loops": (nested_loops, 6),
    "helpers": (helpers, 15),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_doubling_the_program_at_most_doubles_the_work(name: str) -> None:
    generate, n = CASES[name]
    small, large = _work(generate(n)), _work(generate(2 * n))
    assert large <= 2.2 * small, f"{name}: {small} calls at n={n}, {large} at n={2 * n}"
    assert large > small  # the program did grow, and was analysed
