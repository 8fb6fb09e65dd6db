"""A layer as the shape rules see it: its class and its evaluated arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lstmlint.shapes.dims import UNKNOWN, Sym, is_int


@dataclass(eq=False)
class LayerConfig:
    kind: str                       # canonical Keras class name: "LSTM", "Dense", ...
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
    def display(self) -> str:
        inner = self.params.get("layer")
        if self.kind in ("Bidirectional", "TimeDistributed") and isinstance(inner, LayerConfig):
            return f"{self.kind}({inner.display})"
        if self.kind == "RNN":
            cell = self.params.get("cell")
            if isinstance(cell, LayerConfig):
                return f"RNN({cell.kind})"
        return self.kind
