"""The abstract domain: dims (int, None, named symbol, unknown), shapes and shape problems."""

from lstmlint.shapes.dims import UNKNOWN, Dim, Sym, fmt_dim, is_int
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.shapes.shape import UNKNOWN_SHAPE, Shape

__all__ = ["Dim", "Outcome", "Shape", "ShapeProblem", "Sym", "UNKNOWN", "UNKNOWN_SHAPE", "fmt_dim", "is_int"]
