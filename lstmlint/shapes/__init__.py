"""The abstract domain: dims (int, None, named symbol, unknown), shapes and shape problems."""

from lstmlint.shapes.dims import UNKNOWN, Dim, Sym, fmt_dim, is_int, is_number
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.shapes.shape import UNKNOWN_SHAPE, Shape

__all__ = [
    "UNKNOWN",
    "UNKNOWN_SHAPE",
    "Dim",
    "Outcome",
    "Shape",
    "ShapeProblem",
    "Sym",
    "fmt_dim",
    "is_int",
    "is_number",
]
