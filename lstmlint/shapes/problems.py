"""What a transfer function reports: a problem (Keras refuses) or a warning (Keras accepts).

The problem API (for rules, fixes and the interpreter):

* ``ShapeProblem(code, message, kind=ProblemKind.X, operand=..., expected=..., data={...})``.
  ``code`` is a ``lstmlint.codes.Code`` (a code string is converted; an unknown one raises).
  ``kind`` is a ``ProblemKind`` (a ``StrEnum``: ``problem.kind == "arity"`` keeps working,
  but new code should compare with the member). ``message`` is the one sentence users read
  as the diagnostic's message; it never contains advice.
* ``data`` holds typed facts only (ints, shapes, argument names and values, enums), never
  help text: the rules write ``help:``. Keys per kind:

  ===========================  ==================================================================
  kind                         data
  ===========================  ==================================================================
  RANK / NEEDS_SEQUENCE /      ``ndim`` (what the layer needs), ``got`` (the input's rank)
  NEEDS_VECTOR
  MIN_RANK                     ``min_ndim``, ``got``
  BAD_CONSTRUCTOR_ARGUMENT,    ``argument`` (name), ``value``, ``rule`` (an ``ArgumentRule``), and
  BAD_ARGUMENT                 per rule: ``allowed`` (ONE_OF: the accepted values), ``length``
                               (INT_TUPLE_LENGTH / INT_TUPLE_SIGN: how many ints), ``zero_ok``
                               (INT_TUPLE_SIGN), ``default`` (a text naming the default, if any)
  NONPOSITIVE_LENGTH           ``length`` (the output size), ``axis`` (the input axis shrunk),
                               ``window`` (WindowKind: KERNEL, POOL or CROP), ``input_length``
  RESHAPE_SIZE                 ``size`` (values per sample), ``target``
  BAD_AXIS                     ``axis``
  others                       see the producing transfer function's docstring
  ===========================  ==================================================================

* ``recovered`` is the output the layer would produce anyway, when that does not depend on
  the faulty input, so that independent problems further down are still found.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from lstmlint.codes import Code
from lstmlint.shapes.shape import UNKNOWN_SHAPE, Shape


class ProblemKind(enum.StrEnum):
    """The situation a problem describes (what the rules dispatch on)."""

    OTHER = "other"
    RANK = "rank"
    NEEDS_SEQUENCE = "needs_sequence"
    NEEDS_VECTOR = "needs_vector"
    MIN_RANK = "min_rank"
    UNDEFINED_LAST = "undefined_last"
    STATEFUL_BATCH = "stateful_batch"
    BAD_ARGUMENT = "bad_argument"
    BAD_CONSTRUCTOR_ARGUMENT = "bad_constructor_argument"
    REMOVED_ARGUMENT = "removed_argument"
    UNRECOGNIZED_ARGUMENT = "unrecognized_argument"  # a keyword the layer's Keras does not take
    RENAMED_ARGUMENT = "renamed_argument"  # a Keras 1 name (``output_dim=``), an optimizer's ``lr=``
    REMOVED_LAYER = "removed_layer"  # a layer class Keras removed (``Merge``)
    REMOVED_METHOD = "removed_method"  # ``fit_generator``, ``predict_classes``, ``layer.output_shape``
    RESHAPE_SIZE = "reshape_size"
    NONPOSITIVE_LENGTH = "nonpositive_length"
    NOT_A_LIST = "not_a_list"
    ARITY = "arity"
    BATCH_MISMATCH = "batch_mismatch"
    BROADCAST = "broadcast"
    ELEMENTWISE_MISMATCH = "elementwise_mismatch"
    BAD_AXIS = "bad_axis"
    CONCAT_MISMATCH = "concat_mismatch"
    DOT_MISMATCH = "dot_mismatch"
    ATTENTION_INPUTS = "attention_inputs"
    ATTENTION_WIDTH = "attention_width"
    MHA_KEY_VALUE = "mha_key_value"
    INITIAL_STATE_WIDTH = "initial_state_width"
    UNPACK_SINGLE = "unpack_single"
    UNPACK_COUNT = "unpack_count"
    FIT = "fit"


class ArgumentRule(enum.StrEnum):
    """Which of Keras' argument rules a BAD_(CONSTRUCTOR_)ARGUMENT problem broke."""

    POSITIVE_INT = "positive_int"  # a positive integer (a float or bool is refused)
    RATE = "rate"  # a number between 0 and 1
    ONE_OF = "one_of"  # one of ``data["allowed"]``
    INT_TUPLE_LENGTH = "int_tuple_length"  # an int or a tuple of ``data["length"]`` ints
    INT_TUPLE_SIGN = "int_tuple_sign"  # ints > 0 (>= 0 when ``data["zero_ok"]``)
    STRIDES_WITH_DILATION = "strides_with_dilation"  # strides > 1 together with dilation > 1
    ZERO_STRIDES = "zero_strides"  # a window that does not slide
    PERMUTATION = "permutation"  # not a permutation of 1..n
    TWO_INFERRED_DIMS = "two_inferred_dims"  # more than one -1 in a target shape
    TUPLE_SHAPE = "tuple_shape"  # a shape given as an int
    WEIGHT_SHAPES = "weight_shapes"  # ``weights=[...]`` of other shapes than the layer's (``expected``/``got``)
    OUTPUT_PADDING_STRIDES = "output_padding_strides"  # ``output_padding`` not below ``strides`` (``strides``)
    COMBINATION = "combination"  # two arguments Keras refuses together (``with``: the other one)
    REQUIRED = "required"  # a parameter without a default not given (``missing``, ``default``: Keras 2's)


class WindowKind(enum.StrEnum):
    """What shrank an axis to nothing (NONPOSITIVE_LENGTH)."""

    KERNEL = "kernel"
    POOL = "pool"
    CROP = "crop"


def _code(code: Code | str) -> Code:
    return code if isinstance(code, Code) else Code(code)


class ShapeProblem(Exception):
    """Keras would refuse (severity decided by the code) to apply the layer to these inputs.

    ``kind`` names the situation for the rules that turn it into a diagnostic; ``operand``
    is the index of the input at fault when one is; ``data`` carries the facts the help needs;
    ``recovered`` is the output the layer would produce anyway, when that does not depend on
    the faulty input (a recurrent layer's output width does not), so that independent
    problems further down are still found.
    """

    def __init__(
        self,
        code: Code | str,
        message: str,
        *,
        kind: ProblemKind | str = ProblemKind.OTHER,
        operand: int | None = None,
        expected: str | None = None,
        data: dict[str, Any] | None = None,
        recovered: Outcome | None = None,
    ) -> None:
        super().__init__(message)
        self.code: Code = _code(code)
        self.message = message
        self.kind: ProblemKind = ProblemKind(kind)
        self.operand = operand
        self.expected = expected
        self.data: dict[str, Any] = data or {}
        self.recovered = recovered


@dataclass
class Outcome:
    """Output shapes of one layer application.

    ``multi`` is True when the layer returns a list of tensors (``return_state=True``,
    ``Bidirectional(merge_mode=None)``); ``None`` outputs mean "cannot tell even how many".
    """

    outputs: tuple[Shape, ...] | None
    multi: bool = False
    warnings: list[ShapeProblem] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def one(shape: Shape, **notes: Any) -> Outcome:
        return Outcome((shape,), notes=dict(notes))

    @staticmethod
    def unknown(why: str = "") -> Outcome:
        return Outcome(None, notes={"lost": why} if why else {})

    @property
    def first(self) -> Shape:
        return self.outputs[0] if self.outputs else UNKNOWN_SHAPE
