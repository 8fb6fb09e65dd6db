"""The preprocessing family: TextVectorization, StringLookup, IntegerLookup, Hashing,
CategoryEncoding, Normalization, Discretization, Rescaling, Resizing, CenterCrop
(measured: keras 3.15.1).

Output shapes, as Keras 3 declares them symbolically:

* ``TextVectorization``: ``output_mode="int"`` gives ``(batch, output_sequence_length)``
  (None when not set), whatever the input's rank and ``ragged``; the counting modes
  (``multi_hot``, ``count``, ``tf_idf``) give ``input + (depth,)`` when the text is split
  (the default), ``input[:-1] + (depth,)`` with ``split=None``; ``one_hot`` adds an open token
  axis before the depth. ``depth`` is ``max_tokens`` with ``pad_to_max_tokens=True``, else the
  vocabulary's size, known only once the layer is adapted: unknown here.
* ``StringLookup``/``IntegerLookup``: ``int`` keeps the shape; ``one_hot`` appends the depth
  (replacing a last axis of 1); the counting modes replace the last axis by the depth.
* ``Hashing``: ``int`` keeps the shape; every other mode replaces the last axis by ``num_bins``.
* ``CategoryEncoding``: like the lookups with ``num_tokens`` as the depth (no ``int`` mode).
* ``Discretization``: like the lookups with ``len(bin_boundaries) + 1`` (or ``num_bins``) as
  the depth; its counting modes on inputs of rank 3 or more are not followed (Keras reduces
  another axis there).
* ``Normalization``, ``Rescaling``: the input's shape; ``Normalization`` needs the axes it
  keeps (the last one by default) to be known.
* ``Resizing``/``CenterCrop``: a batch of images (4-D) gets the new height and width.
"""

from __future__ import annotations

from lstmlint.layers import arguments as args
from lstmlint.layers.checks import expect_defined_last, one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.core import identity
from lstmlint.layers.params import NotCountable, ParamCount, axis_size
from lstmlint.layers.spec import Case, LayerSpec, Traits, register
from lstmlint.shapes.dims import UNKNOWN, Dim, is_int
from lstmlint.shapes.problems import ArgumentRule, Outcome, ShapeProblem
from lstmlint.shapes.shape import Shape

_COUNTING = ("multi_hot", "count", "tf_idf")


# deprecated spellings Keras still accepts (TextVectorization, the lookups, CategoryEncoding)
_ALIASES = {"binary": "multi_hot", "tf-idf": "tf_idf"}


def _mode(cfg: LayerConfig, default: str) -> object:
    raw = cfg.get("output_mode", default)
    if not isinstance(raw, str):
        return UNKNOWN
    return _ALIASES.get(raw, raw)


def _padded_depth(cfg: LayerConfig) -> Dim:
    """``max_tokens`` when ``pad_to_max_tokens=True``; else the adapted vocabulary's size (unknown)."""
    if cfg.flag("pad_to_max_tokens") is True:
        tokens = cfg.get("max_tokens")
        return tokens if is_int(tokens) and tokens > 0 else UNKNOWN
    return UNKNOWN


def _one_hot(dims: tuple[Dim, ...], depth: Dim) -> Shape:
    """Keras' one-hot encoding: a depth axis appended, replacing a last axis of size 1."""
    if len(dims) > 1 and dims[-1] == 1:
        return Shape(dims[:-1] + (depth,))
    return Shape(dims + (depth,))


def _encode(x: Shape, mode: object, depth: Dim) -> Outcome:
    """The lookups, Hashing-like counting and CategoryEncoding: int / one_hot / counting modes."""
    if x.dims is None or mode is UNKNOWN:
        return Outcome.one(Shape(None))
    if mode == "int":
        return Outcome.one(x)
    if mode == "one_hot":
        return Outcome.one(_one_hot(x.dims, depth))
    if mode in _COUNTING:
        return Outcome.one(Shape(x.dims[:-1] + (depth,)))
    return Outcome.unknown(f"unknown output_mode {mode!r}")


def text_vectorization(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    mode = _mode(cfg, "int")
    batch = x.dims[0] if x.dims else None
    if mode == "int":
        length = cfg.dim("output_sequence_length", None)  # an int, a named symbol, None or unknown
        if is_int(length) and length < 0:
            length = UNKNOWN
        return Outcome.one(Shape((batch, length)))
    if x.dims is None or mode is UNKNOWN or cfg.get("output_sequence_length") is not None or cfg.flag("ragged"):
        return Outcome.one(Shape(None))  # the last two: refused by the constructor
    depth = _padded_depth(cfg)
    split = cfg.get("split", "whitespace")
    if split is None:
        # the strings are the tokens already: a 1-D input is read as one token per sample
        dims = x.dims if len(x.dims) > 1 else (batch, 1)
    elif isinstance(split, str):
        dims = x.dims + (None,)  # each string split into an open number of tokens
    else:
        return Outcome.one(Shape(None))
    return _encode(Shape(dims), mode, depth)


def _vocabulary_depth(cfg: LayerConfig) -> Dim:
    """The encoded width of a lookup given ``vocabulary=<literal list>`` (measured, keras 3.15 and
    tf_keras 2.21, one_hot/multi_hot/count): ``len(vocabulary) + num_oov_indices``; a
    ``mask_token`` adds nothing. Unknown for anything else (duplicates, non-literals)."""
    vocab = cfg.get("vocabulary")
    oov = cfg.get("num_oov_indices", 1)
    if not isinstance(vocab, (list, tuple)) or not vocab or not is_int(oov) or oov < 0:
        return UNKNOWN
    kind = str if cfg.kind == "StringLookup" else int
    if not all(type(v) is kind for v in vocab) or len(set(vocab)) != len(vocab):
        return UNKNOWN
    if cfg.get("mask_token") in vocab or cfg.get("oov_token", "[UNK]" if kind is str else -1) in vocab:
        return UNKNOWN
    return len(vocab) + oov


def lookup(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """StringLookup / IntegerLookup."""
    depth = _padded_depth(cfg)
    if depth is UNKNOWN and cfg.get("pad_to_max_tokens") is not True:
        depth = _vocabulary_depth(cfg)
    return _encode(inputs[0], _mode(cfg, "int"), depth)


def hashing(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    mode = _mode(cfg, "int")
    if x.dims is None or mode is UNKNOWN:
        return Outcome.one(Shape(None))
    if mode == "int":
        return Outcome.one(x)
    if mode in ("one_hot", "multi_hot", "count"):
        return Outcome.one(Shape(x.dims[:-1] + (cfg.dim("num_bins"),)))
    return Outcome.unknown(f"unknown output_mode {mode!r}")


def category_encoding(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    mode = _mode(cfg, "multi_hot")
    if mode == "int":
        return Outcome.unknown("refused by the constructor")
    return _encode(inputs[0], mode, cfg.dim("num_tokens"))


def discretization(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    mode = _mode(cfg, "int")
    bounds = cfg.get("bin_boundaries")
    depth: Dim
    if isinstance(bounds, (list, tuple)):
        depth = len(bounds) + 1
    elif bounds is None:
        depth = cfg.dim("num_bins")
    else:
        depth = UNKNOWN
    if mode in _COUNTING and (x.rank is None or x.rank > 2):
        return Outcome.one(Shape(None))
    return _encode(x, mode, depth)


def _kept_axes(cfg: LayerConfig, rank: int) -> list[int] | None:
    """The axes Normalization keeps statistics for (non-negative), None when not literal."""
    axis = cfg.get("axis", -1)
    if axis is None:
        return []
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not all(is_int(a) and -rank <= a < rank for a in axes):
        return None
    return [a % rank for a in axes]


def normalization(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if x.dims is not None and cfg.get("axis", -1) == -1:
        expect_defined_last(cfg, x)
    return Outcome.one(x)


def image_resize(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """Resizing / CenterCrop on a batch of images: the height and width replaced."""
    x = inputs[0]
    if x.dims is None or x.rank != 4:
        return Outcome.one(Shape(None))  # Keras reads a 3-D input as one unbatched image
    height, width = cfg.dim("height"), cfg.dim("width")
    if cfg.str_("data_format") == "channels_first":
        return Outcome.one(Shape((x.dims[0], x.dims[1], height, width)))
    if cfg.str_("data_format") not in (None, "channels_last"):
        return Outcome.one(Shape(None))
    return Outcome.one(Shape((x.dims[0], height, width, x.dims[3])))


# ------------------------------------------------------------------ parameter counts
def count_normalization(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    """Mean and variance per kept position, and a count (all non-trainable); none when
    ``mean`` and ``variance`` are given."""
    if cfg.get("mean") is not None or cfg.get("variance") is not None:
        if cfg.get("mean") is None or cfg.get("variance") is None:
            raise NotCountable  # refused by the constructor
        return ParamCount(0)
    x = inputs[0]
    if x.dims is None:
        raise NotCountable
    axes = _kept_axes(cfg, len(x.dims))
    if axes is None:
        raise NotCountable
    size = 1
    for a in axes:
        size *= axis_size(x, a)
    return ParamCount(0, 2 * size + 1)


# ------------------------------------------------------------------ specs
_PRE = Traits(family="preprocessing", weightless=True)
_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf", *_ALIASES)


def _text_vectorization_arguments(cfg: LayerConfig) -> ShapeProblem | None:
    """The argument combinations ``TextVectorization``'s constructor refuses, in Keras 3 and
    tf_keras alike (measured): ``max_tokens`` of 1 or less; ``pad_to_max_tokens=True`` without
    ``max_tokens``; ``output_sequence_length`` or ``ragged=True`` outside the ``int`` mode;
    ``sparse=True`` in the ``int`` mode; ``idf_weights`` outside ``tf_idf``. Only literal values
    count: a name the analysis does not know may hold ``None``."""
    params = cfg.params
    tokens = params.get("max_tokens")
    if is_int(tokens) and tokens <= 1:
        return args.problem(
            cfg,
            f"needs `max_tokens` greater than 1, got {tokens}",
            "max_tokens",
            tokens,
            ArgumentRule.POSITIVE_INT,
            advice="use `max_tokens` of 2 or more, or leave it out for no limit",
        )
    if params.get("pad_to_max_tokens") is True and ("max_tokens" not in params or tokens is None):
        return args.problem(
            cfg,
            "sets `pad_to_max_tokens=True` without `max_tokens`",
            "pad_to_max_tokens",
            True,
            ArgumentRule.COMBINATION,
            advice="give `max_tokens` (the width to pad to), or remove `pad_to_max_tokens=True`",
        )
    mode = _mode(cfg, "int")
    if not isinstance(mode, str):
        return None
    length = params.get("output_sequence_length")
    if is_int(length) and mode != "int":
        return args.problem(
            cfg,
            f"cannot set `output_sequence_length` with `output_mode={mode!r}` (only with 'int')",
            "output_sequence_length",
            length,
            ArgumentRule.COMBINATION,
            advice=f"remove `output_sequence_length=`: the {mode!r} mode gives one vector per text",
        )
    if params.get("ragged") is True and mode != "int":
        return args.problem(
            cfg,
            f"cannot set `ragged=True` with `output_mode={mode!r}` (only with 'int')",
            "ragged",
            True,
            ArgumentRule.COMBINATION,
            advice="remove `ragged=True`, or use `output_mode='int'`",
        )
    if params.get("sparse") is True and mode == "int":
        return args.problem(
            cfg,
            "cannot set `sparse=True` with `output_mode='int'`",
            "sparse",
            True,
            ArgumentRule.COMBINATION,
            advice="remove `sparse=True`, or use a counting mode ('multi_hot', 'count', 'tf_idf')",
        )
    idf = params.get("idf_weights")
    if isinstance(idf, (list, tuple)) and mode != "tf_idf":
        return args.problem(
            cfg,
            f"cannot set `idf_weights` with `output_mode={mode!r}` (only with 'tf_idf')",
            "idf_weights",
            idf,
            ArgumentRule.COMBINATION,
            advice="remove `idf_weights=`, or use `output_mode='tf_idf'`",
        )
    return None


TEXT_VECTORIZATION = LayerSpec(
    "TextVectorization",
    params=(
        "max_tokens",
        "standardize",
        "split",
        "ngrams",
        "output_mode",
        "output_sequence_length",
        "pad_to_max_tokens",
    ),
    traits=_PRE,
    infer=one_input(text_vectorization),
    checks=(args.one_of("output_mode", _MODES), _text_vectorization_arguments),
    cases=(
        Case("layers.TextVectorization()(i0)", ((),)),
        Case("layers.TextVectorization(max_tokens=100, output_sequence_length=20)(i0)", ((1,),)),
        Case("layers.TextVectorization(output_sequence_length=8, ragged=True)(i0)", ((1,),)),
        Case("layers.TextVectorization(output_mode='int', ragged=True)(i0)", ((),)),
        Case("layers.TextVectorization(max_tokens=50, output_mode='multi_hot', pad_to_max_tokens=True)(i0)", ((),)),
        Case("layers.TextVectorization(max_tokens=50, output_mode='count', pad_to_max_tokens=True)(i0)", ((1,),)),
        Case("layers.TextVectorization(max_tokens=50, output_mode='tf_idf', pad_to_max_tokens=True)(i0)", ((),)),
        Case("layers.TextVectorization(max_tokens=50, output_mode='one_hot', pad_to_max_tokens=True)(i0)", ((),)),
        Case(
            "layers.TextVectorization(max_tokens=50, output_mode='multi_hot', split=None, pad_to_max_tokens=True)(i0)",
            ((1,),),
        ),
        Case("layers.TextVectorization(output_mode='binary', max_tokens=20, pad_to_max_tokens=True)(i0)", ((),)),
        Case("layers.TextVectorization(output_mode='bag')(i0)", ((),)),
        Case(
            "layers.Embedding(100, 8)(layers.TextVectorization(max_tokens=100, output_sequence_length=12)(i0))", ((),)
        ),
    ),
)
_LOOKUP_PARAMS = ("max_tokens", "num_oov_indices", "mask_token", "oov_token", "vocabulary")
STRING_LOOKUP = LayerSpec(
    "StringLookup",
    params=_LOOKUP_PARAMS,
    traits=_PRE,
    infer=one_input(lookup),
    checks=(args.one_of("output_mode", _MODES),),
    cases=(
        Case("layers.StringLookup()(i0)", ((4,),)),
        Case("layers.StringLookup(max_tokens=10, pad_to_max_tokens=True, output_mode='one_hot')(i0)", ((4,),)),
        Case("layers.StringLookup(max_tokens=10, pad_to_max_tokens=True, output_mode='one_hot')(i0)", ((1,),)),
        Case("layers.StringLookup(max_tokens=10, pad_to_max_tokens=True, output_mode='multi_hot')(i0)", ((4, 2),)),
        Case("layers.StringLookup(vocabulary=['a', 'b', 'c'], output_mode='one_hot')(i0)", ((1,),)),
        Case("layers.StringLookup(vocabulary=['a', 'b', 'c'], mask_token='', output_mode='count')(i0)", ((4,),)),
    ),
)
INTEGER_LOOKUP = LayerSpec(
    "IntegerLookup",
    params=_LOOKUP_PARAMS,
    traits=_PRE,
    infer=one_input(lookup),
    checks=(args.one_of("output_mode", _MODES),),
    cases=(
        Case("layers.IntegerLookup(max_tokens=10, pad_to_max_tokens=True, output_mode='tf_idf')(i0)", ((4,),)),
        Case("layers.IntegerLookup()(i0)", ((4, 2),)),
        Case("layers.IntegerLookup(vocabulary=[1, 2, 3], num_oov_indices=2, output_mode='multi_hot')(i0)", ((4,),)),
    ),
)
HASHING = LayerSpec(
    "Hashing",
    params=("num_bins", "mask_value", "salt", "output_mode", "sparse"),
    traits=_PRE,
    infer=one_input(hashing),
    checks=(args.positive_int("num_bins"), args.one_of("output_mode", ("int", "one_hot", "multi_hot", "count"))),
    cases=(
        Case("layers.Hashing(8)(i0)", ((3,),)),
        Case("layers.Hashing(8, output_mode='one_hot')(i0)", ((4,),)),
        Case("layers.Hashing(8, output_mode='multi_hot')(i0)", ((4, 2),)),
        Case("layers.Hashing(0)(i0)", ((3,),)),
    ),
)
CATEGORY_ENCODING = LayerSpec(
    "CategoryEncoding",
    params=("num_tokens", "output_mode", "sparse"),
    traits=_PRE,
    infer=one_input(category_encoding),
    checks=(
        args.needs_one_of("num_tokens"),
        args.positive_int("num_tokens"),
        args.one_of("output_mode", ("one_hot", "multi_hot", "count", "binary")),
    ),
    cases=(
        Case("layers.CategoryEncoding(8)(i0)", ((3,),)),
        Case("layers.CategoryEncoding(8, output_mode='one_hot')(i0)", ((4,),)),
        Case("layers.CategoryEncoding(8, output_mode='one_hot')(i0)", ((1,),)),
        Case("layers.CategoryEncoding(num_tokens=8, output_mode='count')(i0)", ((2, 3, 4),)),
        Case("layers.CategoryEncoding(8, output_mode='int')(i0)", ((3,),)),
    ),
)
DISCRETIZATION = LayerSpec(
    "Discretization",
    params=("bin_boundaries", "num_bins", "epsilon", "output_mode", "sparse"),
    traits=_PRE,
    infer=one_input(discretization),
    checks=(
        args.needs_one_of("num_bins", "bin_boundaries", keras3_only=True),
        args.one_of("output_mode", ("int", "one_hot", "multi_hot", "count")),
    ),
    cases=(
        Case("layers.Discretization(bin_boundaries=[0.0, 1.0])(i0)", ((3,),)),
        Case("layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode='one_hot')(i0)", ((4,),)),
        Case("layers.Discretization(num_bins=4, output_mode='multi_hot')(i0)", ((4,),)),
    ),
)
NORMALIZATION = LayerSpec(
    "Normalization",
    params=("axis", "mean", "variance", "invert"),
    traits=Traits(family="preprocessing", rank_preserving=True),
    infer=one_input(normalization),
    count=count_normalization,
    cases=(
        Case("layers.Normalization()(i0)", ((5, 3),)),
        Case("layers.Normalization(axis=None)(i0)", ((5, None),)),
        Case("layers.Normalization()(i0)", ((5, None),)),
        Case("layers.Normalization(mean=0.0, variance=1.0)(i0)", ((3,),)),
    ),
)
RESCALING = LayerSpec(
    "Rescaling",
    params=("scale", "offset"),
    traits=Traits(family="preprocessing", weightless=True, rank_preserving=True),
    infer=one_input(identity),
    cases=(Case("layers.Rescaling(1.0 / 255)(i0)", ((20, 30, 3),)),),
)
RESIZING = LayerSpec(
    "Resizing",
    params=(
        "height",
        "width",
        "interpolation",
        "crop_to_aspect_ratio",
        "pad_to_aspect_ratio",
        "fill_mode",
        "fill_value",
        "antialias",
        "data_format",
    ),
    traits=_PRE,
    infer=one_input(image_resize),
    checks=(args.positive_int("height", "width"),),
    cases=(
        Case("layers.Resizing(8, 10)(i0)", ((20, 30, 3),)),
        Case("layers.Resizing(8, 10)(i0)", ((None, None, 3),)),
        Case("layers.Resizing(8, 10, data_format='channels_first')(i0)", ((3, 20, 30),)),
    ),
)
CENTER_CROP = LayerSpec(
    "CenterCrop",
    params=("height", "width", "data_format"),
    traits=_PRE,
    infer=one_input(image_resize),
    checks=(args.positive_int("height", "width"),),
    cases=(
        Case("layers.CenterCrop(8, 10)(i0)", ((20, 30, 3),)),
        Case("layers.CenterCrop(25, 40)(i0)", ((20, 30, 3),)),
        Case("layers.CenterCrop(8, 10, data_format='channels_first')(i0)", ((3, 20, 30),)),
    ),
)

register(
    TEXT_VECTORIZATION,
    STRING_LOOKUP,
    INTEGER_LOOKUP,
    HASHING,
    CATEGORY_ENCODING,
    DISCRETIZATION,
    NORMALIZATION,
    RESCALING,
    RESIZING,
    CENTER_CROP,
)
