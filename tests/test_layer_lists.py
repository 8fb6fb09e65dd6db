"""Lists of layers of unknown length whose items are all alike (``flow.alike``): built in a
loop over ``range(n)`` or a comprehension with ``n`` unknown, then applied in a loop, which is
followed with one of the layers (a list that may be empty: the loop may run zero times). Fast
tier; ``tests/corpus/layer_list_of_unknown_length`` has the Keras ground truth."""

from __future__ import annotations

import textwrap

import pytest
from interpreted import interpret as run

from lstmlint.graph.model import Tensor


def shape_of(code: str, name: str = "h") -> str | None:
    value = run(code).globals[name]
    return str(value.shape) if isinstance(value, Tensor) and value.shape.dims is not None else None


HEAD = """
    import sys
    import keras
    from keras import layers
    n = int(sys.argv[1])
    x = keras.Input((8,))
    h = x
"""


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        ("blocks = []\nfor _ in range(n):\n    blocks.append(layers.Dense(8, activation='relu'))", "(None, 8)"),
        ("blocks = [layers.Dense(8) for _ in range(n)]", "(None, 8)"),
        ("blocks = [layers.Dropout(0.1) for i in range(n)]", "(None, 8)"),
        # the width may change: the loop may run zero times, so only the rank is kept
        ("blocks = [layers.Dense(16) for _ in range(n)]", "(None, ?)"),
        # the units depend on the loop variable: unknown, and so is the width
        ("units = [8, 16]\nblocks = [layers.Dense(units[i % 2]) for i in range(n)]", "(None, ?)"),
    ],
)
def test_loop_over_a_list_of_like_layers(build: str, expected: str) -> None:
    code = HEAD + textwrap.indent(build, "    ") + "\n    for b in blocks:\n        h = b(h)\n"
    assert shape_of(code) == expected


@pytest.mark.parametrize(
    "build",
    [
        # two kinds of layers: not alike
        "blocks = []\nfor i in range(n):\n    blocks.append(layers.Dense(8))\n    blocks.append(layers.LSTM(8))",
        # an item set at an index the analysis cannot compute may be anything
        "blocks = [layers.Dense(8) for _ in range(n)]\nblocks[n - 1] = layers.LSTM(4)",
        # a comprehension with a condition, or over anything but range
        "blocks = [layers.Dense(8) for _ in range(n) if _ % 2]",
        # items that are not layers
        "blocks = [8 for _ in range(n)]",
    ],
)
def test_lists_not_known_alike_stay_unknown(build: str) -> None:
    code = HEAD + textwrap.indent(build, "    ") + "\n    for b in blocks:\n        h = b(h)\n"
    assert shape_of(code) is None


def test_subclassed_model_blocks_built_in_init() -> None:
    code = """
        import sys
        import keras
        from keras import layers

        class Tower(keras.Model):
            def __init__(self, depth):
                super().__init__()
                self.blocks = []
                for _ in range(depth):
                    self.blocks.append(layers.Dense(16, activation="relu"))
                self.head = layers.Dense(1)

            def call(self, x):
                for block in self.blocks:
                    x = block(x)
                return self.head(x)

        y = Tower(int(sys.argv[1]))(keras.Input((16,)))
    """
    assert shape_of(code, "y") == "(None, 1)"


def test_custom_layer_instances_made_by_one_call_are_alike() -> None:
    code = HEAD + textwrap.indent(
        textwrap.dedent(
            """
            class Block(layers.Layer):
                def __init__(self, width):
                    super().__init__()
                    self.dense = layers.Dense(width)

                def call(self, t):
                    return self.dense(t)

            blocks = [Block(8) for _ in range(n)]
            for b in blocks:
                h = b(h)
            """
        ),
        "    ",
    )
    assert shape_of(code) == "(None, 8)"
