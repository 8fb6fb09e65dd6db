"""Constructor checks: the argument rules Keras applies when a layer is created.

A spec lists its checks (``LayerSpec.checks``), built from the helpers here; ``validate``
runs them. A problem is reported at the layer's constructor call, where Keras raises, and
carries typed data (``ArgumentRule`` and the facts; see ``shapes/problems.py``), no advice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from lstmlint.codes import Code
from lstmlint.layers.accepted import KERAS2_DEFAULTS, KERAS2_REQUIRED, KERAS3_DEFAULTS, KERAS3_REQUIRED
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import Check, LayerSpec, spec_for
from lstmlint.shapes.dims import UNKNOWN, is_int
from lstmlint.shapes.problems import ArgumentRule, ProblemKind, ShapeProblem
from lstmlint.source.keras_target import KerasVersion


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


# sizes Keras refuses as ``None`` (measured, Keras 3 and tf_keras): ``Dense(None)``,
# ``LSTM(None)``, ``Embedding(None, 8)``, ``RepeatVector(None)``, ``UpSampling2D(size=None)``
# raise in the constructor; ``Conv2D(None, 3)``, ``DepthwiseConv2D(depth_multiplier=None)``
# and (tf_keras) ``GroupNormalization(groups=None)`` when they are built, in the statement that
# applies them. The other sizes take ``None`` as "not set" (``Resizing(None, 3)`` builds in Keras
# 3, ``Discretization(num_bins=None)`` with ``bin_boundaries``)
NONE_REFUSED = frozenset({"units", "filters", "input_dim", "output_dim", "n", "groups", "depth_multiplier", "size"})


def positive_int(*names: str, typed: bool = True, keras2_casts: bool = False) -> Check:
    """Each of ``names``, when given, must be a positive integer; ``typed``: a float or a bool
    is refused too. An explicit ``None`` is refused for the sizes in ``NONE_REFUSED``.
    ``keras2_casts``: Keras 2 takes a float there (``int(units)``: tf_keras builds ``Dense(4.0)``
    and ``Conv1D(4.0, 3)``; Keras 3 refuses both), so a float is refused by Keras 3 only."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        for name in names:
            if name not in cfg.params:
                continue
            v = cfg.params[name]
            if v is None and name in NONE_REFUSED:
                return problem(cfg, f"needs a positive integer `{name}`, got None", name, v, ArgumentRule.POSITIVE_INT)
            if typed and isinstance(v, float):
                return problem(
                    cfg,
                    f"needs a positive integer `{name}` (got {v!r}: a `/` division gives a float, use `//`)",
                    name,
                    v,
                    ArgumentRule.POSITIVE_INT,
                    **({"keras3_only": True} if keras2_casts else {}),
                )
            if typed and isinstance(v, bool):
                return problem(
                    cfg, f"needs a positive integer `{name}` (got {v!r})", name, v, ArgumentRule.POSITIVE_INT
                )
            if is_int(v) and v <= 0:
                return problem(cfg, f"needs a positive integer `{name}`, got {v}", name, v, ArgumentRule.POSITIVE_INT)
        return None

    return check


def needs_one_of(*names: str, keras3_only: bool = False) -> Check:
    """A size the constructor needs although its signature defaults it to None: Keras raises in
    the constructor unless one of ``names`` is given and not None (measured, keras 3.15 and
    tf_keras 2.21: ``CategoryEncoding()`` "num_tokens must be set" in both; ``Discretization()``
    "You need to set either `num_bins` or `bin_boundaries`" in Keras 3 only: ``keras3_only``)."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        if any(cfg.params.get(name) is not None for name in names):
            return None
        shown = " or ".join(f"`{name}`" for name in names)
        return problem(
            cfg,
            f"needs {shown}" + (", got None" if any(name in cfg.params for name in names) else ""),
            names[0],
            None,
            ArgumentRule.REQUIRED,
            missing=names,
            defaults={},
            version="3" if keras3_only else "",
            both=not keras3_only,
            checked=True,
            **({"keras3_only": True} if keras3_only else {}),
        )

    return check


def group_count() -> Check:
    """``GroupNormalization(groups=...)``: a positive integer, or -1 (one group per channel:
    instance normalization). Keras 3 refuses 0, ``None`` and other negatives in the constructor;
    tf_keras fails on 0 and ``None`` when it builds the layer but takes -2 when it divides the
    channels, so only 0, ``None``, floats and bools are reported."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        if "groups" not in cfg.params:
            return None
        v = cfg.params["groups"]
        if v is None or v == 0 or isinstance(v, (bool, float)):
            return problem(
                cfg,
                f"needs a positive integer `groups` (or -1 for one group per channel), got {v!r}",
                "groups",
                v,
                ArgumentRule.POSITIVE_INT,
            )
        return None

    return check


def group_count_problem(cfg: LayerConfig, groups: object, channels: object) -> ShapeProblem | None:
    """``GroupNormalization`` built on ``channels`` channels: Keras (3 and 2) refuses more groups
    than channels and a count that does not divide them (-1: one group per channel)."""
    if not (is_int(groups) and is_int(channels)) or groups in (0, -1) or isinstance(groups, bool):
        return None
    if groups > channels:
        text = f"has {groups} groups but its input has only {channels} channels"
    elif channels % groups:
        text = f"cannot split {channels} channels into {groups} groups"
    else:
        return None
    return ShapeProblem(
        Code.GROUPS_DO_NOT_DIVIDE_CHANNELS,
        f"`{cfg.display}` {text}",
        kind=ProblemKind.BAD_ARGUMENT,
        operand=0,
        expected=f"a channel count divisible by {groups}",
        data={"groups": groups, "channels": channels},
    )


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
        for x in values:  # a loop, not ``any()``: every convolution made runs three of these checks
            if is_int(x) and (x < 0 if zero_ok else x <= 0):
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


WEIGHT_SHAPES = "__weight_shapes__"  # the shapes of the arrays given as ``weights=`` (set by the interpreter)


def given_weights(expected: Callable[[LayerConfig], tuple[tuple[object, ...], ...] | None]) -> Check:
    """``weights=[array, ...]`` must match the shapes of the weights the layer creates
    (``expected``, when its arguments fix them without an input): Keras refuses other shapes
    (Keras 3 in the constructor; Keras 2 when it builds the layer, where it sets them)."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        given = cfg.params.get(WEIGHT_SHAPES)
        want = expected(cfg)
        if not isinstance(given, tuple) or want is None or len(given) != len(want):
            return None
        for got, shape in zip(given, want):
            if not isinstance(got, tuple):
                continue
            if len(got) != len(shape) or any(is_int(g) and is_int(w) and g != w for g, w in zip(got, shape)):
                shown = ", ".join("?" if g is UNKNOWN else str(g) for g in got) + ("," if len(got) == 1 else "")
                want_shown = "(" + ", ".join(str(w) for w in shape) + ")"
                return problem(
                    cfg,
                    f"creates a weight of shape {want_shown} but `weights=` gives an array of shape ({shown})",
                    "weights",
                    got,
                    ArgumentRule.WEIGHT_SHAPES,
                    expected=shape,
                    got=got,
                )
        return None

    return check


def output_padding_below_strides(rank: int) -> Check:
    """``ConvNDTranspose``: each ``output_padding`` must be below the stride on its axis (Keras 3
    and tf_keras raise in the constructor; the strides default to 1)."""

    def per_axis(v: object) -> tuple[int, ...] | None:
        values = _ints(v)
        if values is None or len(values) not in (1, rank):
            return None
        return values * rank if len(values) == 1 else values

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        raw = cfg.params.get("output_padding")
        pad, strides = per_axis(raw), per_axis(cfg.get("strides", 1))
        if raw is None or pad is None or strides is None:
            return None
        for axis, (p, s) in enumerate(zip(pad, strides)):
            if p >= s:
                return problem(
                    cfg,
                    f"needs `output_padding` below `strides` on every axis, got output_padding={p} "
                    f"with strides={s}" + (f" on axis {axis}" if rank > 1 else ""),
                    "output_padding",
                    raw,
                    ArgumentRule.OUTPUT_PADDING_STRIDES,
                    strides=s,
                )
        return None

    return check


CONSTANT_SHAPES = "__constant_shapes__"  # argument -> shape of the array of a ``Constant(array)`` initializer


def constant_initializer(
    argument: str, expected: Callable[[LayerConfig], tuple[tuple[object, ...], ...] | None]
) -> Check:
    """``argument=Constant(array)`` fills the layer's first weight (``expected``) from the array
    when the layer is built: Keras 3 broadcasts the array to the weight's shape, Keras 2 reshapes
    one of as many values; an array neither allows is refused (measured, keras 3.15 and tf_keras
    2.21: ``Embedding(100, 32, embeddings_initializer=Constant(np.zeros((100, 50))))``)."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        given = cfg.params.get(CONSTANT_SHAPES)
        want = expected(cfg)
        if not isinstance(given, dict) or argument not in given or not want:
            return None
        got, shape = given[argument], want[0]
        if not all(is_int(d) for d in got) or not all(is_int(d) for d in shape):
            return None
        if _broadcasts(got, shape) or _size(got) == _size(shape):
            return None
        shown = ", ".join(map(str, got)) + ("," if len(got) == 1 else "")
        want_shown = "(" + ", ".join(str(w) for w in shape) + ")"
        return problem(
            cfg,
            f"creates a weight of shape {want_shown} but `{argument}` fills it from an array of shape ({shown})",
            argument,
            got,
            ArgumentRule.WEIGHT_SHAPES,
            expected=shape,
            got=got,
        )

    return check


def _size(dims: tuple[object, ...]) -> int:
    total = 1
    for d in dims:
        total *= d if isinstance(d, int) else 1
    return total


def _broadcasts(got: tuple[object, ...], shape: tuple[object, ...]) -> bool:
    """Whether an array of shape ``got`` broadcasts to ``shape`` (NumPy rules)."""
    if len(got) > len(shape):
        return False
    return all(g == 1 or g == s for g, s in zip(reversed(got), reversed(shape)))


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


def may_miss_arguments(spec: LayerSpec | None, version: KerasVersion) -> bool:
    """Whether ``missing_arguments`` can find anything for the class of ``spec`` under Keras
    ``version``: it has required parameters and a recorded signature (most classes have none:
    ``BatchNormalization()``, ``Flatten()``). It depends on the class only: asked once per class."""
    if spec is None:
        return False
    required = (KERAS3_REQUIRED if version is KerasVersion.KERAS3 else KERAS2_REQUIRED).get(spec.name)
    return bool(required) and spec.accepted(version) is not None


def missing_arguments(
    cfg: LayerConfig, positional: int, keywords: Collection[str], version: KerasVersion
) -> ShapeProblem | None:
    """The required constructor parameters of ``cfg``'s class (Keras ``version``'s signature, from
    the generated ``layers/accepted.py``) that a call with ``positional`` positional arguments and
    ``keywords`` does not give: Python raises ``TypeError: __init__() missing ... required
    positional argument`` before the layer exists (``Dense()`` in both Kerases;
    ``AveragePooling2D()`` in Keras 3, whose ``pool_size`` has no default). The caller passes
    only calls whose arguments are all known (no unexpanded ``*args``/``**kwargs``). A call that
    writes a keyword this version does not accept is left to the argument rules (a Keras 1
    ``Dense(output_dim=8)`` is reported as the renamed ``units``, not as a missing one)."""
    spec = spec_for(cfg.kind)
    if spec is None:
        return None
    keras3 = version is KerasVersion.KERAS3
    required = (KERAS3_REQUIRED if keras3 else KERAS2_REQUIRED).get(spec.name)
    if not required:
        return None
    accepted = spec.accepted(version)
    if accepted is None:
        return None
    # plain loops: every layer constructor call comes here, most with nothing missing
    for k in keywords:
        if k not in accepted:
            return None
    missing_names: list[str] = []
    for name, position in required:
        if name not in keywords and (position is None or position >= positional):
            missing_names.append(name)
    if not missing_names:
        return None
    missing = tuple(missing_names)
    # the literal default the other version gives (Keras 2's ``pool_size=(2, 2)``), when it has one
    other = (KERAS2_DEFAULTS if keras3 else KERAS3_DEFAULTS).get(spec.name, {})
    defaults = {name: other[name] for name in missing if name in other}
    # whether the other version requires them too (``Dense()``: no Keras takes it)
    elsewhere = {name for name, _ in (KERAS2_REQUIRED if keras3 else KERAS3_REQUIRED).get(spec.name, ())}
    names = " and ".join(f"`{name}`" for name in missing)
    plural = "s" if len(missing) > 1 else ""
    return problem(
        cfg,
        f"is missing the required argument{plural} {names}",
        missing[0],
        None,
        ArgumentRule.REQUIRED,
        missing=missing,
        defaults=defaults,
        version=str(version),
        both=all(name in elsewhere for name in missing),
    )
