"""The values the library overlays compute with: Keras models under construction, NumPy arrays
of known shape, ``X.shape`` of an unknown ``X``, Keras losses; and the conversions from
interpreter values to layer arguments and dimensions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from lstmlint.graph.model import Layer, Model, Tensor
from lstmlint.shapes import UNKNOWN, Sym, is_int


@dataclass(eq=False)
class SequentialModel:
    model: Model
    current: Tensor | None = None  # output so far; None before anything is known
    layers: list[Layer] = field(default_factory=list)
    lost: bool = False
    loss: Any = None  # what ``compile(loss=...)`` was given
    partial: bool = False  # its layers differ by path: applying it is not followed


@dataclass(eq=False)
class FunctionalModel:
    model: Model
    loss: Any = None


@dataclass(eq=False)
class ArrayValue:
    """A NumPy array whose shape the analysis knows (dims may be symbolic or unknown)."""

    dims: tuple[Any, ...]
    node: cst.CSTNode | None = None


class ShapeTuple(tuple[Any, ...]):
    """``x.shape`` of a tensor or an array whose dims are known: a tuple that remembers it is a
    shape, so a size read from it at an index the analysis cannot compute is still known to be
    a dimension (``x.shape[axis]``)."""

    __slots__ = ()


def shape_dim(name: str, key: object) -> Sym:
    """A symbolic size read from a shape (``x.shape[1]``), shown as ``name``."""
    return Sym(name, ("dim", key))


def is_shape_dim(value: Any) -> bool:
    """Whether ``value`` is a size read from a shape (a test on it may depend on shapes)."""
    return isinstance(value, Sym) and isinstance(value.key, tuple) and value.key[:1] == ("dim",)


@dataclass(eq=False)
class ShapeOf:
    """``X.shape`` of something whose shape is not known: indexing gives a named size,
    anything else (slices, ``len``) stays unknown. Never a dimension itself."""

    text: str
    key: object


@dataclass(frozen=True)
class LossValue:
    """A Keras loss given by name, function or class instance (``"mse"``, ``losses.MSE()``)."""

    name: str


def as_shape_value(v: Any) -> Any:
    """Convert an interpreter value into what the shape rules take as a layer argument."""
    if isinstance(v, Layer):
        return v.cfg
    if isinstance(v, (list, tuple)):
        return type(v)(as_shape_value(x) for x in v)
    if v is None or isinstance(v, (bool, int, str, Sym)):
        return v
    if isinstance(v, float):
        return v
    return UNKNOWN


def dim_of(v: Any) -> Any:
    if v is None or isinstance(v, Sym) or (is_int(v)):
        return v
    return UNKNOWN
