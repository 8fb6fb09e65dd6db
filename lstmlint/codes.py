"""The one table of lstmlint's codes: code, name, default severity, one-line summary.

Everything that names a code (rules, the CLI's ``--select``/``--ignore``, the configuration,
suppressions, the docs, the reporters) reads it from here. Codes are stable once published.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from lstmlint.diagnostics import Severity

PREFIX = "LST"  # every code starts with it (flake8 needs ``^[A-Z]{1,3}[0-9]{0,3}$``)


class Code(enum.StrEnum):
    """A registered code; its value is the text users see (``LST101``)."""

    UNREADABLE_FILE = "LST001"
    SYNTAX_ERROR = "LST002"
    FILE_TOO_COMPLEX = "LST003"
    RECURRENT_INPUT_NOT_A_SEQUENCE = "LST101"
    UNDEFINED_FEATURE_DIMENSION = "LST102"
    REPEAT_VECTOR_INPUT_NOT_A_VECTOR = "LST103"
    LAYER_INPUT_RANK_MISMATCH = "LST104"
    SEQUENCE_TOO_SHORT = "LST105"
    RESHAPE_SIZE_MISMATCH = "LST106"
    INVALID_LAYER_ARGUMENT = "LST107"
    KERAS2_ONLY_ARGUMENT = "LST108"
    STATEFUL_RNN_WITHOUT_BATCH_SIZE = "LST109"
    MERGE_SHAPE_MISMATCH = "LST110"
    MERGE_BROADCASTS_VECTOR_OVER_TIME = "LST111"
    CONCATENATE_SHAPE_MISMATCH = "LST112"
    DOT_AXIS_MISMATCH = "LST113"
    MERGE_CALLED_WITH_WRONG_INPUTS = "LST114"
    MERGE_BATCH_SIZE_MISMATCH = "LST115"
    GROUPS_DO_NOT_DIVIDE_CHANNELS = "LST116"
    INITIAL_STATE_WIDTH_MISMATCH = "LST201"
    ATTENTION_QUERY_KEY_WIDTH_MISMATCH = "LST202"
    ATTENTION_INPUTS_NOT_A_LIST = "LST203"
    ATTENTION_KEY_VALUE_MISMATCH = "LST204"
    FIT_TARGET_SHAPE_MISMATCH = "LST205"
    FIT_SAMPLE_COUNT_MISMATCH = "LST206"
    FIT_INPUT_SHAPE_MISMATCH = "LST207"
    FIT_TARGET_BROADCAST = "LST208"
    LAYER_OUTPUT_UNPACK_MISMATCH = "LST209"
    CONFIRM_SHAPE_DISAGREEMENT = "LST301"
    CONFIRM_UNREPORTED_KERAS_ERROR = "LST302"
    CONFIRM_MODEL_RESULT = "LST303"
    CONFIRM_NOT_REBUILT = "LST304"
    UNRECOGNIZED_LAYER_ARGUMENT = "LST401"
    KERAS1_ARGUMENT_NAME = "LST402"
    REMOVED_LAYER_CLASS = "LST403"
    REMOVED_MODEL_METHOD = "LST404"
    KERAS2_IMPORT = "LST405"
    REMOVED_BACKEND_FUNCTION = "LST406"
    TF_FUNCTION_ON_KERAS_TENSOR = "LST407"
    UNUSED_SUPPRESSION = "LST901"

    @property
    def info(self) -> CodeInfo:
        return TABLE[self]


@dataclass(frozen=True)
class CodeInfo:
    code: Code
    name: str  # the bad pattern, kebab-case
    severity: Severity  # the default severity
    summary: str  # one line


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_ROWS: tuple[tuple[Code, Severity, str], ...] = (
    (Code.UNREADABLE_FILE, E, "A file could not be read: missing, not text in its declared encoding, or too large"),
    (Code.SYNTAX_ERROR, E, "A file is not valid Python, so it was not checked"),
    (
        Code.FILE_TOO_COMPLEX,
        E,
        "A file is too long or nested too deeply for lstmlint to check safely, so it was not checked",
    ),
    (
        Code.RECURRENT_INPUT_NOT_A_SEQUENCE,
        E,
        "A recurrent layer is given an input without a time axis (or with too many axes)",
    ),
    (Code.UNDEFINED_FEATURE_DIMENSION, E, "A layer with weights gets an input whose last dimension is None"),
    (Code.REPEAT_VECTOR_INPUT_NOT_A_VECTOR, E, "`RepeatVector` is given a sequence (or anything that is not 2-D)"),
    (Code.LAYER_INPUT_RANK_MISMATCH, E, "A layer gets an input of a rank it does not accept"),
    (Code.SEQUENCE_TOO_SHORT, E, "A convolution, pooling or cropping would leave no time steps"),
    (Code.RESHAPE_SIZE_MISMATCH, E, "`Reshape` asks for a different number of values than the input holds"),
    (Code.INVALID_LAYER_ARGUMENT, E, "A layer argument Keras rejects for this input"),
    (
        Code.KERAS2_ONLY_ARGUMENT,
        E,
        "A Keras 2 layer argument Keras 3 rejects (`batch_input_shape` on a layer, `time_major`)",
    ),
    (Code.STATEFUL_RNN_WITHOUT_BATCH_SIZE, E, "A `stateful=True` recurrent layer whose input has no fixed batch size"),
    (Code.MERGE_SHAPE_MISMATCH, E, "`Add`/`Subtract`/`Multiply`/`Average`/`Maximum`/`Minimum` of incompatible shapes"),
    (
        Code.MERGE_BROADCASTS_VECTOR_OVER_TIME,
        W,
        "An element-wise merge silently broadcasts a vector across every time step",
    ),
    (Code.CONCATENATE_SHAPE_MISMATCH, E, "`Concatenate` of inputs that differ on an axis other than the join axis"),
    (Code.DOT_AXIS_MISMATCH, E, "`Dot` contracts two axes of different sizes"),
    (
        Code.MERGE_CALLED_WITH_WRONG_INPUTS,
        E,
        "A merge layer called on a single tensor, or `Subtract`/`Dot` on other than two",
    ),
    (Code.MERGE_BATCH_SIZE_MISMATCH, E, "A merge of tensors with different fixed batch sizes"),
    (
        Code.GROUPS_DO_NOT_DIVIDE_CHANNELS,
        E,
        "`GroupNormalization` groups that do not divide the channels",
    ),
    (Code.INITIAL_STATE_WIDTH_MISMATCH, W, "An `initial_state` tensor is not as wide as the recurrent layer's units"),
    (Code.ATTENTION_QUERY_KEY_WIDTH_MISMATCH, W, "`Attention`/`AdditiveAttention` query and key have different widths"),
    (
        Code.ATTENTION_INPUTS_NOT_A_LIST,
        E,
        "`Attention`/`AdditiveAttention` called on something other than [query, value(, key)]",
    ),
    (Code.ATTENTION_KEY_VALUE_MISMATCH, E, "`MultiHeadAttention` key and value differ on an axis other than the last"),
    (Code.FIT_TARGET_SHAPE_MISMATCH, E, "`model.fit` targets do not match the model's output for its loss"),
    (Code.FIT_SAMPLE_COUNT_MISMATCH, E, "`model.fit` gets different numbers of inputs and targets"),
    (Code.FIT_INPUT_SHAPE_MISMATCH, E, "data given to `fit`/`evaluate`/`predict` does not match the model's input"),
    (Code.FIT_TARGET_BROADCAST, W, "`model.fit` silently broadcasts the target against the model's output"),
    (Code.LAYER_OUTPUT_UNPACK_MISMATCH, E, "A layer's result is unpacked into the wrong number of names"),
    (
        Code.CONFIRM_SHAPE_DISAGREEMENT,
        W,
        "Keras gives a layer a different output shape than lstmlint inferred (--confirm)",
    ),
    (
        Code.CONFIRM_UNREPORTED_KERAS_ERROR,
        W,
        "Keras refuses a layer where lstmlint, knowing the shapes, reported nothing (--confirm)",
    ),
    (Code.CONFIRM_MODEL_RESULT, INFO, "What Keras made of one model rebuilt with --confirm"),
    (Code.CONFIRM_NOT_REBUILT, INFO, "A model could not be rebuilt in Keras with --confirm, and why"),
    (
        Code.UNRECOGNIZED_LAYER_ARGUMENT,
        E,
        "A layer keyword argument Keras 3 does not accept (`Unrecognized keyword arguments`)",
    ),
    (
        Code.KERAS1_ARGUMENT_NAME,
        E,
        "A Keras 1 argument name (`output_dim=`, `nb_filter=`, `border_mode=`, `init=`, optimizer `lr=`)",
    ),
    (Code.REMOVED_LAYER_CLASS, E, "A layer class Keras no longer has (`Merge`, removed in Keras 2.2)"),
    (
        Code.REMOVED_MODEL_METHOD,
        E,
        "A model or layer method Keras removed (`fit_generator`, `predict_classes`, `layer.output_shape`)",
    ),
    (Code.KERAS2_IMPORT, W, 'A file judged by Keras 3 (`keras-version = "3"`) still imports Keras 2 (`tf_keras`)'),
    (
        Code.REMOVED_BACKEND_FUNCTION,
        E,
        "A `keras.backend` function Keras 3 removed (`K.mean`)",
    ),
    (
        Code.TF_FUNCTION_ON_KERAS_TENSOR,
        E,
        "A `tf.*` function applied to a Keras 3 symbolic tensor",
    ),
    (Code.UNUSED_SUPPRESSION, W, "A suppression comment suppresses nothing, or names an unknown code"),
)

TABLE: dict[Code, CodeInfo] = {
    code: CodeInfo(code, code.name.lower().replace("_", "-"), severity, summary) for code, severity, summary in _ROWS
}


def parse_code(text: str) -> Code | None:
    """The registered code spelled ``text`` (case-insensitive), or None."""
    try:
        return Code(text.strip().upper())
    except ValueError:
        return None


def known(code_or_prefix: str) -> bool:
    """Is ``code_or_prefix`` a registered code or the prefix of one (``LST1``, ``LST10``)?"""
    text = code_or_prefix.strip().upper()
    return bool(text) and any(code.startswith(text) for code in Code)


def codes_under(prefix: str) -> list[Code]:
    """The registered codes that ``prefix`` (a full code or a prefix) names, in order."""
    text = prefix.strip().upper()
    return [code for code in Code if text and code.startswith(text)]


def matches(code: str, patterns: frozenset[str] | None) -> bool:
    """Does ``code`` fall under one of ``patterns`` (full codes or prefixes such as ``LST1``)?"""
    return patterns is not None and any(code.startswith(p) for p in patterns)


# codes whose findings come from --confirm (real Keras), not from the static analysis
CONFIRM_CODES: frozenset[Code] = frozenset(
    {
        Code.CONFIRM_SHAPE_DISAGREEMENT,
        Code.CONFIRM_UNREPORTED_KERAS_ERROR,
        Code.CONFIRM_MODEL_RESULT,
        Code.CONFIRM_NOT_REBUILT,
    }
)
# codes about lstmlint's own comments rather than the program (not counted as shape problems)
META_CODES: frozenset[Code] = frozenset({Code.UNUSED_SUPPRESSION})
