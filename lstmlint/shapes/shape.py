"""Tensor shapes: a rank and its dims (batch first), or an unknown shape."""

from __future__ import annotations

from dataclasses import dataclass

from lstmlint.shapes.dims import UNKNOWN, Dim, fmt_dim, note_sizes


@dataclass(frozen=True, init=False)
class Shape:
    dims: tuple[Dim, ...] | None  # None: the rank itself is unknown

    def __init__(self, dims: tuple[Dim, ...] | None) -> None:
        # not the frozen dataclass' ``__init__`` (``object.__setattr__``): a shape is made for every
        # tensor and layer output
        self.__dict__["dims"] = dims
        if dims is not None:
            note_sizes(dims)  # a symbol in a shape is a size: a number from then on

    @property
    def known(self) -> bool:
        return self.dims is not None

    @property
    def rank(self) -> int | None:
        return None if self.dims is None else len(self.dims)

    @property
    def last(self) -> Dim:
        if not self.dims:
            return UNKNOWN
        return self.dims[-1]

    def __str__(self) -> str:
        if self.dims is None:
            return "(unknown)"
        inner = ", ".join(fmt_dim(d) for d in self.dims)
        if len(self.dims) == 1:
            inner += ","
        return f"({inner})"

    def replace_last(self, d: Dim) -> Shape:
        assert self.dims is not None
        return Shape(self.dims[:-1] + (d,))


UNKNOWN_SHAPE = Shape(None)


def shape_of(*dims: Dim) -> Shape:
    return Shape(tuple(dims))
