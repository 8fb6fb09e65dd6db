"""The abstract domain: dims, shapes and one transfer function per Keras layer family."""

from .config import LayerConfig
from .dims import UNKNOWN, Dim, Sym, fmt_dim, is_int
from .problems import Outcome, ShapeProblem
from .registry import FUNCTIONAL_MERGES, LAYERS, OPAQUE_LAYERS, LayerDef, infer_layer
from .shape import UNKNOWN_SHAPE, Shape

__all__ = [
    "Dim", "FUNCTIONAL_MERGES", "LAYERS", "LayerConfig", "LayerDef", "OPAQUE_LAYERS", "Outcome",
    "Shape", "ShapeProblem", "Sym", "UNKNOWN", "UNKNOWN_SHAPE", "fmt_dim", "infer_layer", "is_int",
]
