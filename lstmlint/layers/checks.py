"""Input checks shared by the transfer functions (Keras' InputSpec and friends)."""

from __future__ import annotations

from collections.abc import Callable

from lstmlint.codes import Code
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import Infer
from lstmlint.shapes.dims import UNKNOWN
from lstmlint.shapes.problems import Outcome, ProblemKind, ShapeProblem
from lstmlint.shapes.shape import Shape


def one_input(fn: Callable[[LayerConfig, list[Shape]], Outcome]) -> Infer:
    """A transfer function for a layer called on one tensor (a list of one is accepted)."""

    def run(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
        if is_list and len(inputs) != 1:
            return Outcome.unknown(f"`{cfg.display}` called on a list")
        return fn(cfg, inputs)

    return run


_LAYOUT = {
    2: "(batch, features)",
    3: "(batch, time, features)",
}


def describe_rank(ndim: int) -> str:
    layout = _LAYOUT.get(ndim)
    return f"{ndim}-D input {layout}" if layout else f"{ndim}-D input"


def expect_ndim(
    cfg: LayerConfig,
    x: Shape,
    ndim: int,
    *,
    code: Code = Code.LAYER_INPUT_RANK_MISMATCH,
    kind: ProblemKind = ProblemKind.RANK,
    recovered: Outcome | None = None,
    layout: str | None = None,
) -> None:
    """Keras' ``InputSpec(ndim=...)``; ``layout`` names the axes when the rank alone does not
    (a ConvLSTM2D's 5-D (batch, time, rows, cols, channels))."""
    if x.rank is not None and x.rank != ndim:
        expected = f"{ndim}-D input {layout}" if layout else describe_rank(ndim)
        raise ShapeProblem(
            code,
            f"`{cfg.display}` needs a {expected}, got {x.rank}-D",
            kind=kind,
            operand=0,
            expected=expected,
            data={"ndim": ndim, "got": x.rank},
            recovered=recovered,
        )


def expect_min_ndim(cfg: LayerConfig, x: Shape, min_ndim: int, *, code: Code = Code.LAYER_INPUT_RANK_MISMATCH) -> None:
    if x.rank is not None and x.rank < min_ndim:
        raise ShapeProblem(
            code,
            f"`{cfg.display}` needs an input of at least {min_ndim} dimensions, got {x.rank}-D",
            kind=ProblemKind.MIN_RANK,
            operand=0,
            expected=f"at least {min_ndim}-D",
            data={"min_ndim": min_ndim, "got": x.rank},
        )


def expect_defined_last(cfg: LayerConfig, x: Shape, *, recovered: Outcome | None = None) -> None:
    """Layers with weights sized by the feature axis need that axis to be known to Keras."""
    if x.dims and x.dims[-1] is None:
        raise ShapeProblem(
            Code.UNDEFINED_FEATURE_DIMENSION,
            f"`{cfg.display}` needs a defined last (feature) dimension, got {x}",
            kind=ProblemKind.UNDEFINED_LAST,
            operand=0,
            data={},
            recovered=recovered,
        )


def single(inputs: list[Shape]) -> Shape:
    return inputs[0] if len(inputs) == 1 else Shape(None)


def is_unknown(v: object) -> bool:
    return v is UNKNOWN


# Problems Keras 3 builds (they fail only when the model runs) but Keras 2 (``tf_keras``) refuses
# when the layer is called (measured on tf_keras 2.21):
# - ``LSTM(4)(x, initial_state=[h, c])`` with 5-wide states: "An `initial_state` was passed that
#   is not compatible with `cell.state_size`";
# - ``Attention()([q, v])`` with an 8-wide query and a 6-wide key: "Dimensions must be equal, but
#   are 8 and 6" (``AdditiveAttention`` too).
KERAS2_CALL_ERRORS = frozenset({Code.INITIAL_STATE_WIDTH_MISMATCH, Code.ATTENTION_QUERY_KEY_WIDTH_MISMATCH})
KERAS3_RUNTIME_TAIL = ": it builds, but fails when the model runs"
KERAS2_CALL_TAIL = ": Keras 2 refuses it when the layer is called"


def keras2_call_error(problem: ShapeProblem) -> ShapeProblem | None:
    """The error Keras 2 raises for ``problem``, a Keras 3 warning about what fails only when the
    model runs (``KERAS2_CALL_ERRORS``), reworded for Keras 2 and marked ``refused`` (the rule
    then reports it as an error); None for any other problem."""
    if problem.code not in KERAS2_CALL_ERRORS:
        return None
    head = problem.message.removesuffix(KERAS3_RUNTIME_TAIL)
    return ShapeProblem(
        problem.code,
        head + KERAS2_CALL_TAIL,
        kind=problem.kind,
        operand=problem.operand,
        expected=problem.expected,
        data={**problem.data, "refused": "2"},
    )


def keras3_only(problem: ShapeProblem) -> bool:
    """Whether only Keras 3 refuses ``problem`` (``data["keras3_only"]``): Keras 2 builds the layer,
    as the problem's ``recovered`` outcome says (``MaxPooling1D(padding="Same")``: tf_keras lower-
    cases the padding, Keras 3 compares it as written)."""
    return bool(problem.data.get("keras3_only"))
