"""Python the analysis follows for stellargraph's tests (issue 10, round 8), fast tier:

- the module of a class's base class is read beyond the import depth (``ClusterGCN(GCN)``: the
  class's module is first reached three imports deep, its base one deeper);
- ``np.prod`` of known sizes (GraphSAGE's ``np.product(self.n_samples[:i], dtype=int)``);
- sets of constants (``set(d.keys()).intersection(set(e.keys()))``), ``itertools.accumulate``
  and the ``operator`` functions (HinSAGE's ``it.accumulate([1] + n_samples, op.mul)``).

Each value is what Python computes (checked against CPython in ``test_*_as_python``); Keras:
``Input(shape=(s, 2))`` then ``Dense(4)`` gives ``(None, s, 4)``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from interpreted import interpret, model_output
from test_stellar_modules import followed, lint, project

from lstmlint.interp import modules
from lstmlint.interp.overlays.stdlib import SetValue
from lstmlint.shapes import UNKNOWN, Sym


# ------------------------------------------------------------- base classes beyond the depth
def _chain(depth: int) -> dict[str, str]:
    """``test_model.py`` imports ``m1``, which imports ``m2``, ... ``m{depth}``; the class in
    ``m{depth}`` derives from a class of ``base.py`` (one import deeper)."""
    files = {
        "base.py": """
            from tensorflow.keras.layers import Input, Dense

            class Base:
                def __init__(self, units):
                    self.units = units

                def tensors(self):
                    x = Input(shape=(3,))
                    return x, Dense(self.units)(x)
            """,
        f"m{depth}.py": """
            from base import Base

            class Derived(Base):
                def __init__(self, units):
                    super().__init__(units)
            """,
    }
    for i in range(1, depth):
        files[f"m{i}.py"] = f"from m{i + 1} import Derived\n"
    files["test_model.py"] = """
        import tensorflow as tf
        from m1 import Derived

        x_in, x_out = Derived(4).tensors()
        model = tf.keras.Model(x_in, x_out)
        """
    return files


def test_the_base_class_of_a_class_at_the_depth_bound_is_read(tmp_path: Path) -> None:
    # ``Derived`` is MAX_DEPTH imports away; its base's module one more: read all the same
    root = project(tmp_path, _chain(modules.MAX_DEPTH))
    assert followed(lint(root / "test_model.py")) == ["(None, 4)"]


def test_other_names_beyond_the_depth_stay_unknown(tmp_path: Path) -> None:
    # a module one import beyond the bound that gives no base class is still not read
    files = _chain(modules.MAX_DEPTH + 1)
    result = lint(project(tmp_path, files) / "test_model.py")
    assert followed(result) == []
    assert result.analysis is not None
    assert any("nested more than" in why for _, why in result.analysis.lost)


# -------------------------------------------------------------------------------- np.prod
@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("np.prod([2, 4])", 8),
        ("np.product([2, 2][:1], dtype=int)", 2),
        ("np.prod([], dtype=int)", 1),
        ("np.prod([], dtype=np.int64)", 1),
        ("np.prod([])", 1.0),
        ("np.prod((3, 5, 2))", 30),
    ],
)
def test_np_prod_of_known_ints(expr: str, expected: Any) -> None:
    import numpy as np

    # the test's own expressions, on NumPy itself (``np.product``, the alias of ``np.prod`` that
    # stellargraph's NumPy 1.x had, is gone from NumPy 2)
    real = eval(expr.replace("np.product(", "np.prod("), {"np": np})
    got = interpret(f"import numpy as np\nv = {expr}\n").globals["v"]
    assert got == expected == real
    assert type(got) is type(expected) and isinstance(real, np.floating if type(expected) is float else np.integer)


@pytest.mark.parametrize("expr", ["np.prod([2, 3], dtype=np.float32)", "np.prod(unknown())", "np.prod([2, n])"])
def test_np_prod_not_followed_stays_unknown(expr: str) -> None:
    got = interpret(f"import numpy as np\nn = unknown()\nv = {expr}\n").globals["v"]
    assert isinstance(got, Sym) or got is UNKNOWN


def test_np_prod_gives_the_input_sizes_of_a_model() -> None:
    # GraphSAGE: the sizes of each hop's neighbourhood, as inputs of a model
    interp = interpret(
        """
        import numpy as np
        from tensorflow import keras

        n_samples = [2, 4]
        sizes = [np.product(n_samples[:i], dtype=int) for i in range(len(n_samples) + 1)]
        inputs = [keras.Input(shape=(s, 2)) for s in sizes]
        out = keras.layers.Dense(4)(inputs[2])
        model = keras.Model(inputs, out)
        """,
        "2",
    )
    assert interp.globals["sizes"] == [1, 2, 8]
    assert model_output(interp, 9) == "(None, 8, 4)"


# ----------------------------------------------------------------------------------- sets
SET_PROGRAM = """
    import itertools as it
    import operator as op
    from functools import reduce

    d = {0: "a", 1: "b", 3: "c"}
    e = {3: "x", 4: "y"}
    common = set(d.keys()).intersection(set(e.keys()))
    n_common = len(common)
    union = set(d).union(e, [7])
    diff = set([1, 2, 3]).difference((2,))
    sub = set([1]).issubset(d)
    disjoint = set([9]).isdisjoint(set(d.keys()))
    has = 3 in set(d)
    empty = set()
    if set():
        truth = 1
    else:
        truth = 0
    sizes = list(it.accumulate([1] + [2, 3], op.mul))
    sums = list(it.accumulate([1, 2, 3]))
    first = list(it.accumulate([4, 1, 5], max, initial=2))
    total = reduce(op.mul, [2, 3, 4])
    prod = op.mul(3, 7)
"""
SET_NAMES = (
    "common",
    "n_common",
    "union",
    "diff",
    "sub",
    "disjoint",
    "has",
    "empty",
    "truth",
    "sizes",
    "sums",
    "first",
    "total",
    "prod",
)


def test_sets_accumulate_and_operator_as_python() -> None:
    scope: dict[str, Any] = {}
    exec(textwrap.dedent(SET_PROGRAM), scope)  # noqa: S102 - the test's own constant program
    got = interpret(SET_PROGRAM).globals
    for name in SET_NAMES:
        assert got[name] == scope[name], name
        assert isinstance(got[name], SetValue) == isinstance(scope[name], (set, frozenset)), name


def test_a_set_changed_in_place_becomes_unknown() -> None:
    g = interpret(
        """
        s = set([1, 2])
        s.add(3)
        n = len(s)
        has = 3 in s
        t = s.union([4])
        """
    ).globals
    assert isinstance(g["n"], Sym) or g["n"] is UNKNOWN  # not 2: ``add`` is not followed
    assert g["has"] is UNKNOWN or isinstance(g["has"], Sym)
    assert not isinstance(g["t"], SetValue)


def test_sets_of_unknown_or_unhashable_items_are_not_followed() -> None:
    g = interpret(
        """
        a = set(unknown())
        b = set([[1], [2]])
        c = set([unknown(), 1])
        """
    ).globals
    for name in "abc":
        assert not isinstance(g[name], SetValue), name


def test_accumulate_of_unknown_or_a_set_is_not_followed() -> None:
    g = interpret(
        """
        import itertools as it
        import operator as op
        a = list(it.accumulate(unknown(), op.mul))
        b = list(it.accumulate({1, 2}, op.mul))
        c = list(it.accumulate([1, 2], lambda x, y: x * y))
        d = op.floordiv(1, 0)
        """
    ).globals
    for name in "abcd":
        assert not isinstance(g[name], (list, tuple, int)), name


HINSAGE_SHAPES = """
import itertools as it
import operator as op

n_samples = [2, 2]
neighbor_sizes = list(it.accumulate([1] + n_samples, op.mul))
tree = [("1", [1, 2]), ("1", [3, 4]), ("2", [5]), ("1", []), ("2", []), ("2", [])]
dims = {"1": 2, "2": 4}


def get_shape(tree, node, level=0):
    adj = tree[node][1]
    sizes = {node: (neighbor_sizes[level], dims[tree[node][0]])}
    if len(adj) > 0:
        sizes.update({k: s for a in adj for k, s in get_shape(tree, a, level + 1).items()})
    return sizes


shapes = dict()
for ii in range(len(tree)):
    found = get_shape(tree, ii)
    if len(set(found.keys()).intersection(set(shapes.keys()))) == 0:
        shapes.update(found)
result = [shapes[ii] for ii in range(len(tree))]
"""


def test_hinsage_input_shapes_from_a_neighbour_tree() -> None:
    # HinSAGE's ``_input_shapes``: each tree node's (sampled count, feature size), taking only
    # the subtrees whose nodes are not placed yet; then one input per tree node
    scope: dict[str, Any] = {}
    exec(HINSAGE_SHAPES, scope)  # noqa: S102 - the test's own constant program
    keras_part = "from tensorflow import keras\nx = [keras.Input(shape=s) for s in result]\n"
    keras_part += "model = keras.Model(x, keras.layers.Dense(3)(x[5]))\n"
    program = HINSAGE_SHAPES + keras_part
    interp = interpret(program, "2")
    assert interp.globals["result"] == scope["result"] == [(1, 2), (2, 2), (2, 4), (4, 2), (4, 4), (4, 4)]
    assert model_output(interp, program.count("\n")) == "(None, 4, 3)"


# ------------------------------------------------- tf.maximum of two shape vectors (RotE)
# (expression on the custom layer's input ``x`` of shape (None, 1, 6), its output's shape):
# each measured in TF 2.21 by ``tests/test_stellar8_keras.py`` (tf_keras and Keras 3)
ROTATE = "tf.reshape(tf.stack([tf.math.cos(x[..., :3]) * x[..., ::2], x[..., 1::2]], axis=-1), {shape})"
SHAPE_CASES = [
    (ROTATE.format(shape="tf.maximum(tf.shape(x[..., :3]), tf.shape(x))"), (None, None, None)),
    (ROTATE.format(shape="tf.minimum(tf.shape(x), tf.shape(x))"), (None, None, None)),
    (ROTATE.format(shape="tf.shape(x)"), (None, 1, 6)),
]


@pytest.mark.parametrize(("expr", "expected"), SHAPE_CASES)
@pytest.mark.parametrize("keras", ["2", "3"])
def test_reshape_to_the_larger_of_two_shapes_has_their_rank(expr: str, expected: tuple[Any, ...], keras: str) -> None:
    from interpreted import traced

    assert traced((1, 6), expr, keras).shape.dims == expected


def test_maximum_of_shapes_of_different_ranks_is_not_a_shape() -> None:
    from interpreted import traced

    out = traced((1, 6), "tf.reshape(x, tf.maximum(tf.shape(x), tf.shape(x[0])))", "2")
    assert out.shape.dims is None


def test_a_set_given_to_code_not_followed_becomes_unknown() -> None:
    g = interpret(
        """
        s = set([1, 2])
        fill(s)
        n = len(s)
        has = 3 in s
        t = set([1])
        for x in unknown():
            t.add(x)
        m = len(t)
        """
    ).globals
    for name in ("n", "has", "m"):
        assert isinstance(g[name], Sym) or g[name] is UNKNOWN, name
