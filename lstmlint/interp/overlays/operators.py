"""Element-wise arithmetic on Keras tensors whose shapes cannot broadcast: LST110, the concept of
an ``Add``/``Multiply`` layer of incompatible shapes, for ``a + b`` and its function spellings.

Measured (keras 3.15.1, tf_keras 2.21, TensorFlow 2.21):

- Keras 3: ``x + y``, ``x - y``, ``x * y``, ``x / y``, ``x += y`` and ``keras.ops.add``/
  ``subtract``/``multiply``/``maximum``/``equal``/... of ``keras.Input`` tensors raise
  ``ValueError: Cannot broadcast shape, the failure dim has value 32, which cannot be broadcasted
  to 16. Input shapes are: [None, 20, 32] and [None, 20, 16]`` when the model is built; so does a
  Keras tensor plus an eager tensor or a NumPy array of shape ``(20, 16)`` (the token + position
  embedding of mismatched widths). In a custom layer's ``call`` the same mismatch raises
  (``Dimensions must be equal, but are 32 and 16``); in a ``Lambda`` without ``output_shape`` too
  (Keras cannot infer its output); with ``output_shape=`` Keras 3 does not run the function and
  builds. ``tf.add`` & co. on symbolic tensors outside traced code raise LST407's error instead.
- tf_keras 2.21: every one of those (operators and ``tf.add``/``tf.multiply``/``tf.math.maximum``/
  ``K.maximum`` at functional-model level, through ``TFOpLambda``; ``Lambda`` with or without
  ``output_shape``) raises ``Dimensions must be equal, but are 32 and 64`` at build time.
- Both accept ``None`` against a size (``(None, 10, 32) + (None, None, 32)``), a size 1
  against anything, and a missing leading axis (``(None, 10, 32) + (None, 32)`` builds
  ``(None, 10, 32)``: the batch axis is aligned with the time axis).

Only two known sizes that differ, neither 1, at an aligned axis prove the error; ``None``,
named sizes and unknown shapes never do. ``array + tensor`` (NumPy on the left) fails with another
error in Keras 3 (a KerasTensor cannot become a NumPy array): not reported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.codes import Code
from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.shapes import Shape, is_int
from lstmlint.shapes.problems import ProblemKind, ShapeProblem

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

# the operators that broadcast their operands element-wise (``@`` does not: a matrix product)
ELEMENTWISE_OPERATORS = frozenset({"+", "-", "*", "/", "//", "%", "**"})


def broadcast_failure(x: tuple[Any, ...], y: tuple[Any, ...]) -> tuple[int, int, int] | None:
    """The first aligned axis (counted from the end, ``-1`` the last) where two shapes provably
    do not broadcast, with both sizes there; None when they may broadcast. Like Keras, the
    shorter shape is padded with 1s on the left and axes are compared from the first."""
    n = max(len(x), len(y))
    a = (1,) * (n - len(x)) + tuple(x)
    b = (1,) * (n - len(y)) + tuple(y)
    for i, (p, q) in enumerate(zip(a, b)):
        if is_int(p) and is_int(q) and p != q and p != 1 and q != 1:
            return i - n, p, q
    return None


def value_dims(value: Any) -> tuple[Any, ...] | None:
    """The dims of a Keras tensor or a NumPy array of known shape; None for anything else."""
    if isinstance(value, Tensor):
        return tuple(value.shape.dims) if value.shape.dims is not None else None
    if isinstance(value, ArrayValue):
        return tuple(value.dims)
    return None


def check_elementwise(ctx: Context, what: str, left: Any, right: Any, node: cst.CSTNode, *, operator: bool) -> bool:
    """Report LST110 at ``node`` when ``what`` (an operator such as ``+`` or ``+=``, or a
    function such as ``keras.ops.add``) combines a Keras tensor with a tensor or an array whose shapes
    provably do not broadcast. True when reported."""
    if operator:
        if what.removesuffix("=") not in ELEMENTWISE_OPERATORS or not isinstance(left, Tensor):
            return False  # ``array + tensor``: NumPy converts the tensor first (another error)
    elif not (isinstance(left, Tensor) or isinstance(right, Tensor)):
        return False
    if not isinstance(left, (Tensor, ArrayValue)) or not isinstance(right, (Tensor, ArrayValue)):
        return False
    if any(isinstance(v, Tensor) and v.poisoned for v in (left, right)):
        return False  # downstream of a reported error
    x, y = value_dims(left), value_dims(right)
    if x is None or y is None:
        return False
    failure = broadcast_failure(x, y)
    if failure is None:
        return False
    axis, p, q = failure
    a, b = Shape(x), Shape(y)
    shown = f"`{what}`"
    ctx.sink.report(
        ShapeProblem(
            Code.MERGE_SHAPE_MISMATCH,
            f"{shown} cannot broadcast {a} and {b}: axis {axis} is {p} vs {q}",
            kind=ProblemKind.ELEMENTWISE_MISMATCH,
            data={"operator": what, "shapes": (str(a), str(b)), "axis": axis, "sizes": (p, q)},
        ),
        node,
    )
    return True
