"""A layer as the shape rules see it: its class and its evaluated arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lstmlint.layers.spec import Traits, traits_of
from lstmlint.shapes.dims import UNKNOWN, Sym, is_int


@dataclass(eq=False)
class LayerConfig:
    kind: str  # the canonical Keras class name (its spec's name)
    params: dict[str, Any] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.params

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def flag(self, name: str, default: bool = False) -> Any:
        """True, False or UNKNOWN."""
        v = self.params.get(name, default)
        if isinstance(v, bool):
            return v
        if is_int(v):
            return bool(v)
        if v is None:
            return False
        return UNKNOWN

    def dim(self, name: str, default: Any = UNKNOWN) -> Any:
        """An int, a Sym, None or UNKNOWN."""
        v = self.params.get(name, default)
        if is_int(v) or isinstance(v, Sym) or v is None or v is UNKNOWN:
            return v
        return UNKNOWN

    def str_(self, name: str, default: Any = None) -> Any:
        v = self.params.get(name, default)
        if isinstance(v, str):
            return v.lower()
        if v is None:
            return None
        return UNKNOWN

    @property
    def sequence_traits(self) -> Traits:
        """The traits that say what sequence this layer reads: a wrapper's recurrent layer's
        (``Bidirectional(ConvLSTM2D)`` reads what ConvLSTM2D reads), else its own."""
        traits = traits_of(self.kind)
        inner = self.params.get(traits.wraps) if traits.wraps else None
        if isinstance(inner, LayerConfig) and traits_of(inner.kind).recurrent:
            return traits_of(inner.kind)
        return traits

    @property
    def display(self) -> str:
        """How messages name the layer: ``LSTM``, ``Bidirectional(LSTM)``, ``RNN(LSTMCell)``."""
        traits = traits_of(self.kind)
        inner = self.params.get(traits.wraps) if traits.wraps else None
        if isinstance(inner, LayerConfig):
            return f"{self.kind}({inner.display})"
        cell = self.params.get(traits.cells) if traits.cells and not traits.cell else None
        if isinstance(cell, LayerConfig):
            return f"{self.kind}({cell.kind})"
        return self.kind


def passed_mask(cfg: LayerConfig, index: int = 0) -> bool | None:
    """Whether output ``index`` of the layer ``cfg`` carries the Keras mask its one input
    carries (``traits.mask_pass``); None when not known. ``Bidirectional(merge_mode=None)``
    returns two sequences, both masked (keras 3.15.1, tf_keras 2.21)."""
    traits = traits_of(cfg.kind)
    if traits.mask_pass == "keeps":
        return True if index == 0 else None
    if traits.mask_pass != "sequences" or traits.sequence_flag is None:
        return None
    own, outputs = cfg, 1
    if traits.wraps is not None:
        inner = cfg.params.get(traits.wraps)
        if not isinstance(inner, LayerConfig) or traits_of(inner.kind).mask_pass != "sequences":
            return None
        own, outputs = inner, 2 if "merge_mode" in cfg.params and cfg.params["merge_mode"] is None else 1
    flag = own.flag(traits.sequence_flag)
    if not isinstance(flag, bool):
        return None
    return flag and index < outputs
