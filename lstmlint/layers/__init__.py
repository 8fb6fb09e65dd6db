"""All knowledge of each Keras layer: one spec per layer, one module per family."""

from lstmlint.layers.config import LayerConfig
from lstmlint.layers.registry import FUNCTIONAL_MERGES, LAYERS, OPAQUE_LAYERS, infer_layer
from lstmlint.layers.spec import LayerSpec, spec_for, traits_of

__all__ = [
    "FUNCTIONAL_MERGES",
    "LAYERS",
    "OPAQUE_LAYERS",
    "LayerConfig",
    "LayerSpec",
    "infer_layer",
    "spec_for",
    "traits_of",
]
