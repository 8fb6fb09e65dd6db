"""Constructor arguments Keras 3 rejects when the layer is created (before any shape is seen)."""

from __future__ import annotations

from lstmlint.layers.config import LayerConfig
from lstmlint.shapes.dims import is_int
from lstmlint.shapes.problems import ShapeProblem

# argument that must be a positive integer, per layer
POSITIVE_INT = {
    "LSTM": ("units",), "GRU": ("units",), "SimpleRNN": ("units",),
    "LSTMCell": ("units",), "GRUCell": ("units",), "SimpleRNNCell": ("units",),
    "Dense": ("units",), "Conv1D": ("filters",), "Embedding": ("input_dim", "output_dim"),
    "RepeatVector": ("n",),
}
RATE = {"Dropout", "SpatialDropout1D", "GaussianDropout", "AlphaDropout"}
MERGE_MODES = {"sum", "mul", "ave", "concat", None}
# (pooling layers check `padding` only when called: see shapes/conv.py)
PADDINGS = {"Conv1D": {"valid", "same", "causal"}}
# integer-tuple arguments: (name, length, zero allowed); an int stands for the whole tuple.
# Pooling strides of 0 pass the constructor and fail when the layer is called (shapes/conv.py).
INT_TUPLES = {
    "Conv1D": (("kernel_size", 1, False), ("strides", 1, False), ("dilation_rate", 1, False)),
    "MaxPooling1D": (("pool_size", 1, False), ("strides", 1, True)),
    "AveragePooling1D": (("pool_size", 1, False), ("strides", 1, True)),
    "ZeroPadding1D": (("padding", 2, True),),
    "Cropping1D": (("cropping", 2, True),),
}


def _int_tuple_problem(cfg: LayerConfig, name: str, v: object, n: int, allow_zero: bool) -> ShapeProblem | None:
    """Keras' rule for integer-tuple arguments (an int, or exactly ``n`` ints, all > 0 or >= 0)."""
    if isinstance(v, bool) or v is None:
        return None
    if is_int(v):
        values: tuple = (v,)
    elif isinstance(v, (tuple, list)):
        if len(v) != n:
            what = "one integer" if n == 1 else f"an integer or {n} integers"
            problem = _problem(cfg, f"needs `{name}` as {what}, got {tuple(v)}", name, v)
            problem.data["help"] = f"give `{name}` one int or a tuple of {n}"
            return problem
        values = tuple(v)
    else:
        return None
    bad = [x for x in values if is_int(x) and (x < 0 if allow_zero else x <= 0)]
    if bad:
        need = "non-negative" if allow_zero else "positive"
        problem = _problem(cfg, f"needs {need} integers in `{name}`, got {v!r}", name, v)
        problem.data["help"] = f"give `{name}` {need} integers (one int, or a tuple of {n})"
        return problem
    return None


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
    for name, n, allow_zero in INT_TUPLES.get(cfg.kind, ()):
        if name in cfg.params:
            problem = _int_tuple_problem(cfg, name, cfg.params[name], n, allow_zero)
            if problem is not None:
                return problem
    if cfg.kind == "UpSampling1D" and is_int(cfg.params.get("size")) and cfg.params["size"] <= 0:
        return _problem(cfg, f"needs a positive integer `size`, got {cfg.params['size']}", "size", cfg.params["size"])
    allowed = PADDINGS.get(cfg.kind)
    if allowed and isinstance(cfg.params.get("padding"), str) and cfg.params["padding"].lower() not in allowed:
        v = cfg.params["padding"]
        return _problem(cfg, f"has an unknown `padding` {v!r} (use {', '.join(repr(a) for a in sorted(allowed))})", "padding", v)
    return None
