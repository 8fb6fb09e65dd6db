"""Constructor arguments Keras 3 rejects when the layer is created (before any shape is seen)."""

from __future__ import annotations

from .config import LayerConfig
from .dims import is_int
from .problems import ShapeProblem

# argument that must be a positive integer, per layer
POSITIVE_INT = {
    "LSTM": ("units",), "GRU": ("units",), "SimpleRNN": ("units",),
    "LSTMCell": ("units",), "GRUCell": ("units",), "SimpleRNNCell": ("units",),
    "Dense": ("units",), "Conv1D": ("filters",), "Embedding": ("input_dim", "output_dim"),
    "RepeatVector": ("n",),
}
RATE = {"Dropout", "SpatialDropout1D", "GaussianDropout", "AlphaDropout"}
MERGE_MODES = {"sum", "mul", "ave", "concat", None}
PADDINGS = {"Conv1D": {"valid", "same", "causal"}, "MaxPooling1D": {"valid", "same"}, "AveragePooling1D": {"valid", "same"}}


def _problem(cfg: LayerConfig, text: str, argument: str, value: object) -> ShapeProblem:
    return ShapeProblem(
        "LST107",
        f"`{cfg.display}` {text}",
        kind="bad_constructor_argument",
        data={"argument": argument, "value": value},
    )


def validate(cfg: LayerConfig) -> ShapeProblem | None:
    """The first argument of ``cfg`` that Keras would refuse, as a problem; None if all is well."""
    for name in POSITIVE_INT.get(cfg.kind, ()):
        if name not in cfg.params:
            continue
        v = cfg.params[name]
        if isinstance(v, float) or isinstance(v, bool):
            hint = f" (got {v!r}: a `/` division gives a float, use `//`)" if isinstance(v, float) else f" (got {v!r})"
            return _problem(cfg, f"needs a positive integer `{name}`{hint}", name, v)
        if is_int(v) and v <= 0:
            return _problem(cfg, f"needs a positive integer `{name}`, got {v}", name, v)
    if cfg.kind in RATE and "rate" in cfg.params:
        v = cfg.params["rate"]
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not 0 <= v <= 1:
            return _problem(cfg, f"needs a `rate` between 0 and 1, got {v}", "rate", v)
    if cfg.kind == "Bidirectional" and "merge_mode" in cfg.params:
        v = cfg.params["merge_mode"]
        if (v is None or isinstance(v, str)) and v not in MERGE_MODES:
            return _problem(cfg, f"has an unknown `merge_mode` {v!r} (use 'concat', 'sum', 'ave', 'mul' or None)", "merge_mode", v)
    allowed = PADDINGS.get(cfg.kind)
    if allowed and isinstance(cfg.params.get("padding"), str) and cfg.params["padding"].lower() not in allowed:
        v = cfg.params["padding"]
        return _problem(cfg, f"has an unknown `padding` {v!r} (use {', '.join(repr(a) for a in sorted(allowed))})", "padding", v)
    return None
