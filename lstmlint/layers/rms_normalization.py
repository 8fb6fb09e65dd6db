"""``RMSNormalization`` (Keras 3 only; measured: keras 3.15.1).

The output is the input. One ``scale`` weight per position of the normalized axes (``axis``,
-1 by default; a list multiplies their sizes): Keras refuses an open (None) size there when it
builds the layer ("Shapes used to initialize variables must be fully-defined"). The default
axis is checked as the other layers whose weights are sized by the feature axis; an open size
on another axis leaves the output unknown (never an error).
"""

from __future__ import annotations

from math import prod
from typing import Any

from lstmlint.layers.checks import expect_defined_last, one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.params import NotCountable, ParamCount, axis_size
from lstmlint.layers.spec import Case, LayerSpec, register
from lstmlint.shapes.dims import is_int
from lstmlint.shapes.problems import Outcome
from lstmlint.shapes.shape import Shape


def _axes(cfg: LayerConfig) -> list[Any]:
    axis = cfg.get("axis", -1)
    return list(axis) if isinstance(axis, (list, tuple)) else [axis]


def rms_normalization(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    axes = _axes(cfg)
    if axes == [-1]:
        expect_defined_last(cfg, x)
        return Outcome.one(x)
    if x.dims is None:
        return Outcome.one(x)
    rank = len(x.dims)
    picked = [int(a) for a in axes if is_int(a) and -rank <= a < rank]
    if len(picked) != len(axes):
        return Outcome.one(Shape(None))
    if any(not is_int(x.dims[a]) for a in picked):
        return Outcome.unknown("`RMSNormalization` over an axis of unknown size")
    return Outcome.one(x)


def count_rms_normalization(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    axes = _axes(cfg)
    if not axes:
        raise NotCountable
    return ParamCount(prod(axis_size(inputs[0], a) for a in axes))


register(
    LayerSpec(
        "RMSNormalization",
        params=("axis", "epsilon"),
        infer=one_input(rms_normalization),
        count=count_rms_normalization,
        cases=(
            Case("layers.RMSNormalization()(i0)", ((None, 4),)),
            Case("layers.RMSNormalization()(i0)", ((5, None),)),
            Case("layers.RMSNormalization(axis=1)(i0)", ((5, None),)),
            Case("layers.RMSNormalization(axis=[1, 2])(i0)", ((5, 4),)),
        ),
    ),
)
