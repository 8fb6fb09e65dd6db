"""Views over the layer specs for the callers that look layers up by name.

The knowledge lives in the specs (``layers/spec.py`` and the family modules); these are
derived from them, never edited by hand.
"""

from __future__ import annotations

from lstmlint.layers.spec import LayerSpec, all_specs, infer_layer, table

# every layer class lstmlint knows, under its name and aliases (the live table)
LAYERS: dict[str, LayerSpec] = table()

# functional forms: keras.layers.add([a, b]) and friends -> (layer class, its parameters)
FUNCTIONAL_MERGES: dict[str, tuple[str, tuple[str, ...]]] = {
    spec.functional[0]: (spec.name, spec.functional[1]) for spec in all_specs() if spec.functional is not None
}

# Keras names the analysis recognises as layers but does not follow (output unknown)
OPAQUE_LAYERS = frozenset(name for name, spec in LAYERS.items() if spec.infer is None)

__all__ = ["FUNCTIONAL_MERGES", "LAYERS", "OPAQUE_LAYERS", "infer_layer"]
