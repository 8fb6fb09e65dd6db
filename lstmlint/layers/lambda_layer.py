"""``Lambda``: a layer that calls a function of the program on its input.

The function itself is followed by the interpreter (``interp/overlays/keras_ops.py``,
``traced_config``), which calls it on tensors of the input shapes, as Keras traces it, and hands
the result to this spec as ``__traced__`` (the output shapes) and ``__multi__`` (a list of
them). What is left here is what needs no interpreter: a written ``output_shape=(...)`` tuple,
without the batch axis, to which Keras adds the batch axis of the (first) input. Keras 3 takes
that tuple instead of tracing (measured with keras 3.15.1: ``Lambda(lambda t: t[:, -1],
output_shape=(3,))`` on ``(None, 10, 8)`` gives ``(None, 3)``); Keras 2 computes the output from
the function and the interpreter falls back on the tuple only when it cannot follow it.

A function the analysis cannot follow gives an unknown output, never a finding.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import Case, LayerSpec, Traits, register
from lstmlint.shapes import UNKNOWN, Outcome, Shape, Sym, is_int


def _dim(d: Any) -> Any:
    return d if d is None or is_int(d) or isinstance(d, Sym) else UNKNOWN


def infer_lambda(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    traced = cfg.params.get("__traced__")
    if isinstance(traced, tuple) and traced and all(isinstance(s, Shape) for s in traced):
        return Outcome(traced, multi=bool(cfg.params.get("__multi__")))
    declared = cfg.params.get("output_shape")
    first = inputs[0].dims if inputs else None
    batch = first[0] if first else UNKNOWN
    if _is_dims(declared):
        return Outcome.one(Shape((batch,) + tuple(_dim(d) for d in declared)))
    if isinstance(declared, (tuple, list)) and declared and all(_is_dims(s) for s in declared):
        # one tuple per output: ``output_shape=[(2,), (3,)]`` gives two tensors
        return Outcome(tuple(Shape((batch,) + tuple(_dim(d) for d in s)) for s in declared), multi=True)
    return Outcome.unknown("the function of `Lambda` is not followed")


def _is_dims(value: Any) -> TypeGuard[tuple[Any, ...]]:
    """A shape written as a tuple (Keras 3 adds the batch axis to a tuple only: a list of ints
    makes it raise, and is not followed)."""
    return isinstance(value, tuple) and all(d is None or is_int(d) or isinstance(d, Sym) or d is UNKNOWN for d in value)


register(
    LayerSpec(
        "Lambda",
        params=("function", "output_shape", "mask", "arguments"),
        traits=Traits(family="other", weightless=True, calls="function"),
        infer=infer_lambda,
        cases=(
            Case("layers.Lambda(lambda t: t[:, -1, :])(i0)", ((10, 8),)),
            Case("layers.Lambda(lambda t: t[:, 2:, ::2])(i0)", ((10, 8),)),
            Case("layers.Lambda(lambda t, k: t[:, :k], arguments={'k': 3})(i0)", ((10, 8),)),
            Case("layers.Lambda(lambda ts: ts[0] * ts[1])([i0, i1])", ((10, 8), (1, 8))),
            Case("layers.LSTM(4)(layers.Lambda(lambda t: t[:, -1])(i0))", ((10, 8),)),
        ),
    )
)
