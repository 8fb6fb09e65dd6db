"""Input checks shared by the transfer functions (Keras' InputSpec and friends)."""

from __future__ import annotations

from lstmlint.layers.config import LayerConfig
from lstmlint.shapes.dims import UNKNOWN
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.shapes.shape import Shape

_LAYOUT = {
    2: "(batch, features)",
    3: "(batch, time, features)",
}


def describe_rank(ndim: int) -> str:
    layout = _LAYOUT.get(ndim)
    return f"{ndim}-D input {layout}" if layout else f"{ndim}-D input"


def expect_ndim(
    cfg: LayerConfig,
    x: Shape,
    ndim: int,
    *,
    code: str = "LST104",
    kind: str = "rank",
    recovered: Outcome | None = None,
) -> None:
    if x.rank is not None and x.rank != ndim:
        raise ShapeProblem(
            code,
            f"`{cfg.display}` needs a {describe_rank(ndim)}, got {x.rank}-D",
            kind=kind,
            operand=0,
            expected=describe_rank(ndim),
            data={"ndim": ndim, "got": x.rank},
            recovered=recovered,
        )


def expect_min_ndim(cfg: LayerConfig, x: Shape, min_ndim: int, *, code: str = "LST104") -> None:
    if x.rank is not None and x.rank < min_ndim:
        raise ShapeProblem(
            code,
            f"`{cfg.display}` needs an input of at least {min_ndim} dimensions, got {x.rank}-D",
            kind="min_rank",
            operand=0,
            expected=f"at least {min_ndim}-D",
            data={"min_ndim": min_ndim, "got": x.rank},
        )


def expect_defined_last(cfg: LayerConfig, x: Shape, *, recovered: Outcome | None = None) -> None:
    """Layers with weights sized by the feature axis need that axis to be known to Keras."""
    if x.dims and x.dims[-1] is None:
        raise ShapeProblem(
            "LST102",
            f"`{cfg.display}` needs a defined last (feature) dimension, got {x}",
            kind="undefined_last",
            operand=0,
            data={},
            recovered=recovered,
        )


def single(inputs: list[Shape]) -> Shape:
    return inputs[0] if len(inputs) == 1 else Shape(None)


def is_unknown(v: object) -> bool:
    return v is UNKNOWN
