"""Constructor checks: the argument rules Keras applies when a layer is created.

A spec lists its checks (``LayerSpec.checks``), built from the helpers here; ``validate``
runs them. A problem is reported at the layer's constructor call, where Keras raises, and
carries typed data (``ArgumentRule`` and the facts; see ``shapes/problems.py``), no advice.
"""

from __future__ import annotations

from collections.abc import Collection

from lstmlint.codes import Code
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import Check, spec_for
from lstmlint.shapes.dims import is_int
from lstmlint.shapes.problems import ArgumentRule, ProblemKind, ShapeProblem


def problem(
    cfg: LayerConfig, text: str, argument: str, value: object, rule: ArgumentRule, **facts: object
) -> ShapeProblem:
    """A constructor argument Keras refuses (LST107), said about ``cfg``."""
    return ShapeProblem(
        Code.INVALID_LAYER_ARGUMENT,
        f"`{cfg.display}` {text}",
        kind=ProblemKind.BAD_CONSTRUCTOR_ARGUMENT,
        data={"argument": argument, "value": value, "rule": rule, **facts},
    )


def positive_int(*names: str, typed: bool = True) -> Check:
    """Each of ``names``, when given, must be a positive integer; ``typed``: a float or a bool
    is refused too."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        for name in names:
            if name not in cfg.params:
                continue
            v = cfg.params[name]
            if typed and isinstance(v, float):
                return problem(
                    cfg,
                    f"needs a positive integer `{name}` (got {v!r}: a `/` division gives a float, use `//`)",
                    name,
                    v,
                    ArgumentRule.POSITIVE_INT,
                )
            if typed and isinstance(v, bool):
                return problem(
                    cfg, f"needs a positive integer `{name}` (got {v!r})", name, v, ArgumentRule.POSITIVE_INT
                )
            if is_int(v) and v <= 0:
                return problem(cfg, f"needs a positive integer `{name}`, got {v}", name, v, ArgumentRule.POSITIVE_INT)
        return None

    return check


def rate(name: str = "rate") -> Check:
    """A fraction: a number between 0 and 1."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        v = cfg.params.get(name)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not 0 <= v <= 1:
            return problem(cfg, f"needs a `{name}` between 0 and 1, got {v}", name, v, ArgumentRule.RATE)
        return None

    return check


def one_of(name: str, allowed: Collection[str | None], *, lower: bool = False, listing: str | None = None) -> Check:
    """A string (or None) among ``allowed``; ``lower``: compared in lower case, as Keras does."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        if name not in cfg.params:
            return None
        v = cfg.params[name]
        if not ((v is None and None in allowed) or isinstance(v, str)):
            return None
        probe = v.lower() if lower and isinstance(v, str) else v
        if probe in allowed:
            return None
        shown = listing or ", ".join(repr(a) for a in sorted(allowed, key=str))
        return problem(
            cfg, f"has an unknown `{name}` {v!r} (use {shown})", name, v, ArgumentRule.ONE_OF, allowed=tuple(allowed)
        )

    return check


def int_tuple(name: str, n: int, *, zero_ok: bool = False) -> Check:
    """Keras' rule for integer-tuple arguments: an int, or exactly ``n`` ints, all > 0 (>= 0)."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        v = cfg.params.get(name)
        if isinstance(v, bool) or v is None:
            return None
        values: tuple[object, ...]
        if is_int(v):
            values = (v,)
        elif isinstance(v, (tuple, list)):
            if len(v) != n:
                what = "one integer" if n == 1 else f"an integer or {n} integers"
                return problem(
                    cfg, f"needs `{name}` as {what}, got {tuple(v)}", name, v, ArgumentRule.INT_TUPLE_LENGTH, length=n
                )
            values = tuple(v)
        else:
            return None
        if any(is_int(x) and (x < 0 if zero_ok else x <= 0) for x in values):
            need = "non-negative" if zero_ok else "positive"
            return problem(
                cfg,
                f"needs {need} integers in `{name}`, got {v!r}",
                name,
                v,
                ArgumentRule.INT_TUPLE_SIGN,
                length=n,
                zero_ok=zero_ok,
            )
        return None

    return check


def _ints(v: object) -> tuple[int, ...] | None:
    if is_int(v):
        return (v,)
    if isinstance(v, (tuple, list)) and all(is_int(x) for x in v):
        return tuple(v)
    return None


def strides_or_dilation() -> Check:
    """Keras' convolutions refuse ``strides > 1`` together with ``dilation_rate > 1``."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        strides, dilation = _ints(cfg.get("strides", 1)), _ints(cfg.get("dilation_rate", 1))
        if strides and dilation and max(strides) > 1 and max(dilation) > 1:
            s = strides[0] if len(strides) == 1 else strides
            d = dilation[0] if len(dilation) == 1 else dilation
            return problem(
                cfg,
                f"cannot combine strides={s} with dilation_rate={d}",
                "strides",
                cfg.get("strides"),
                ArgumentRule.STRIDES_WITH_DILATION,
            )
        return None

    return check


def validate(cfg: LayerConfig) -> ShapeProblem | None:
    """The first argument of ``cfg`` that Keras' constructor would refuse; None if all is well."""
    spec = spec_for(cfg.kind)
    if spec is None:
        return None
    for check in spec.checks:
        found = check(cfg)
        if found is not None:
            return found
    return None
