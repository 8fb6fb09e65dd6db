"""Adaptive pooling: ``AdaptiveAveragePooling1D/2D/3D`` and ``AdaptiveMaxPooling1D/2D/3D``
(Keras 3 only, new in 3.15; measured: keras 3.15.1).

``output_size`` (an int for every spatial axis, or one int per axis) replaces the spatial axes,
whatever their sizes (open ones included; a size larger than the input builds too); the batch
and channel axes stay: ``(batch, *output_size, channels)``, or ``(batch, channels,
*output_size)`` with ``data_format="channels_first"``. The constructor refuses an
``output_size`` that is neither an int nor a tuple of one int per spatial axis (a float, or a
tuple of another length: ``TypeError``). An input of another rank, or negative sizes (refused
when called), leave the output unknown. No weights.
"""

from __future__ import annotations

from lstmlint.layers import arguments as args
from lstmlint.layers.checks import one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import Case, Check, Infer, LayerSpec, Traits, register
from lstmlint.shapes.dims import Dim, is_int
from lstmlint.shapes.problems import ArgumentRule, Outcome, ShapeProblem
from lstmlint.shapes.shape import Shape

_POOL = Traits(family="pooling", weightless=True)


def _sizes(cfg: LayerConfig, n: int) -> tuple[Dim, ...] | None:
    v = cfg.get("output_size")
    if is_int(v) and not isinstance(v, bool):
        values: tuple[object, ...] = (v,) * n
    elif isinstance(v, (tuple, list)) and len(v) == n:
        values = tuple(v)
    else:
        return None
    sizes: list[Dim] = []
    for d in values:
        if not is_int(d) or isinstance(d, bool) or d < 0:
            return None
        sizes.append(d)
    return tuple(sizes)


def _infer(n: int) -> Infer:
    def adaptive_pooling(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
        x = inputs[0]
        sizes = _sizes(cfg, n)
        if x.dims is None or len(x.dims) != n + 2 or sizes is None:
            return Outcome.one(Shape(None))
        layout = cfg.str_("data_format", "channels_last")
        if layout in (None, "channels_last"):
            return Outcome.one(Shape((x.dims[0], *sizes, x.dims[-1])))
        if layout == "channels_first":
            return Outcome.one(Shape((x.dims[0], x.dims[1], *sizes)))
        return Outcome.one(Shape(None))

    return one_input(adaptive_pooling)


def _output_size(n: int) -> Check:
    """An int, or a tuple/list of ``n`` ints: Keras' constructor raises ``TypeError`` otherwise."""

    def check(cfg: LayerConfig) -> ShapeProblem | None:
        v = cfg.params.get("output_size")
        shown = "an integer" if n == 1 else f"an integer or {n} integers"
        if isinstance(v, float) or (isinstance(v, (tuple, list)) and len(v) != n):
            return args.problem(
                cfg,
                f"needs `output_size` as {shown}, got {v!r}",
                "output_size",
                v,
                ArgumentRule.INT_TUPLE_LENGTH,
                length=n,
            )
        return None

    return check


_INPUTS = {1: ((10, 3),), 2: ((10, 12, 3),), 3: ((6, 6, 6, 3),)}
_OPEN = {1: ((None, 3),), 2: ((None, None, 3),), 3: ((None, 6, None, 2),)}
_SIZES = {1: "4", 2: "(4, 5)", 3: "(2, 3, 4)"}
_WRONG = {1: "(4, 5)", 2: "(1, 2, 3)", 3: "(2, 3)"}
_FIRST = {1: ((3, 10),), 2: ((3, 10, 12),), 3: ((2, 6, 6, 6),)}

_NAMES = (
    ("AdaptiveAveragePooling1D", 1),
    ("AdaptiveAveragePooling2D", 2),
    ("AdaptiveAveragePooling3D", 3),
    ("AdaptiveMaxPooling1D", 1),
    ("AdaptiveMaxPooling2D", 2),
    ("AdaptiveMaxPooling3D", 3),
)

register(
    *(
        LayerSpec(
            name,
            params=("output_size", "data_format"),
            traits=_POOL,
            infer=_infer(n),
            checks=(_output_size(n),),
            cases=(
                Case(f"layers.{name}({_SIZES[n]})(i0)", _INPUTS[n]),
                Case(f"layers.{name}(20)(i0)", _INPUTS[n]),
                Case(f"layers.{name}(2)(i0)", _OPEN[n]),
                Case(f'layers.{name}(2, data_format="channels_first")(i0)', _FIRST[n]),
                Case(f"layers.{name}({_WRONG[n]})(i0)", _INPUTS[n]),
                Case(f"layers.{name}(2.0)(i0)", _INPUTS[n]),
            ),
        )
        for name, n in _NAMES
    ),
)
