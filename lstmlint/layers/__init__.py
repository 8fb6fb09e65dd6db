"""All knowledge of each Keras layer: one spec per layer, one module per family."""

from lstmlint.layers.config import LayerConfig
from lstmlint.layers.registry import FUNCTIONAL_MERGES, LAYERS, OPAQUE_LAYERS, LayerDef, infer_layer

__all__ = ["FUNCTIONAL_MERGES", "LAYERS", "LayerConfig", "LayerDef", "OPAQUE_LAYERS", "infer_layer"]
