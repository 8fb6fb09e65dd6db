"""Attention, AdditiveAttention, MultiHeadAttention (measured: keras 3.15.1).

* ``Attention()([query, value(, key)])`` / ``AdditiveAttention``: the inputs must be a list of
  2 or 3 tensors (else Keras refuses when the layer is called); the output is
  ``query[:-1] + (value[-1],)``; with ``return_attention_scores=True`` also the scores
  ``query[:-1] + (key[-2],)``. Query and key of different widths build, but fail as soon as the
  model runs (the scores combine them feature by feature): a warning.
* ``MultiHeadAttention(num_heads, key_dim)(query, value(, key))``: the output is
  ``query[:-1] + (output_shape or query[-1],)``; every axis of value and key but the last must
  match (Keras refuses otherwise); the scores Keras declares are
  ``(batch, num_heads, query[1], query[1])``.
"""

from __future__ import annotations

from lstmlint.codes import Code
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import Case, LayerSpec, Traits, register
from lstmlint.shapes.dims import UNKNOWN, is_int
from lstmlint.shapes.problems import Outcome, ProblemKind, ShapeProblem
from lstmlint.shapes.shape import Shape


def _scores_flag(cfg: LayerConfig) -> object:
    return cfg.flag("return_attention_scores")


def attention(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    name = cfg.kind
    if not is_list or len(inputs) not in (2, 3):
        got = "a single tensor" if not is_list else f"a list of {len(inputs)}"
        raise ShapeProblem(
            Code.ATTENTION_INPUTS_NOT_A_LIST,
            f"`{name}` must be called on a list [query, value] or [query, value, key], got {got}",
            kind=ProblemKind.ATTENTION_INPUTS,
            expected="[query, value] or [query, value, key]",
            data={"got": len(inputs) if is_list else 1, "list": is_list},
        )
    q, v = inputs[0], inputs[1]
    k = inputs[2] if len(inputs) == 3 else v
    warnings: list[ShapeProblem] = []
    if q.dims and k.dims and is_int(q.last) and is_int(k.last) and q.last != k.last:
        key = "key" if len(inputs) == 3 else "value (the key by default)"
        warnings.append(
            ShapeProblem(
                Code.ATTENTION_QUERY_KEY_WIDTH_MISMATCH,
                f"`{name}` query is {q.last} wide but its {key} is {k.last} wide: "
                "it builds, but fails when the model runs",
                kind=ProblemKind.ATTENTION_WIDTH,
                operand=2 if len(inputs) == 3 else 1,
                expected=f"the same last dimension as the query ({q.last})",
                data={"query": q.last, "key": k.last, "key_index": 2 if len(inputs) == 3 else 1},
            )
        )
    if q.dims is None:
        out = Shape(None)
    else:
        out = Shape(q.dims[:-1] + (v.last if v.dims else UNKNOWN,))
    scores = _scores_flag(cfg)
    if scores is UNKNOWN:
        return Outcome(None, warnings=warnings, notes={"lost": "`return_attention_scores` is not a literal"})
    if not scores:
        return Outcome((out,), warnings=warnings)
    if q.dims is None:
        s = Shape(None)
    else:
        s = Shape(q.dims[:-1] + (k.dims[-2] if k.dims and len(k.dims) >= 2 else UNKNOWN,))
    return Outcome((out, s), multi=True, warnings=warnings)


def multi_head_attention(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    if not is_list or len(inputs) not in (2, 3):
        return Outcome.unknown(f"`{cfg.display}` call not followed")
    q, v = inputs[0], inputs[1]
    k = inputs[2] if len(inputs) == 3 else None
    if k is not None and v.dims is not None and k.dims is not None:
        vs, ks = v.dims[1:-1], k.dims[1:-1]
        comparable = all(d is None or is_int(d) for d in vs + ks)
        if comparable and vs != ks:
            raise ShapeProblem(
                Code.ATTENTION_KEY_VALUE_MISMATCH,
                f"`{cfg.display}` needs value and key to match on every axis but the last: value {v}, key {k}",
                kind=ProblemKind.MHA_KEY_VALUE,
                operand=2,
                expected=f"key shaped like the value but for the last axis: {v}",
                data={"value": v, "key": k},
            )
    if q.dims is None:
        out = Shape(None)
    else:
        tail = cfg.get("output_shape")
        if tail is None:
            out = q
        elif is_int(tail):
            out = Shape(q.dims[:-1] + (tail,))
        elif isinstance(tail, (tuple, list)) and all(is_int(d) for d in tail):
            out = Shape(q.dims[:-1] + tuple(tail))
        else:
            out = Shape(q.dims[:-1] + (UNKNOWN,))
    scores = _scores_flag(cfg)
    if scores is UNKNOWN:
        return Outcome.unknown("`return_attention_scores` is not a literal")
    if not scores:
        return Outcome((out,))
    heads = cfg.dim("num_heads")
    if q.dims is None or len(q.dims) < 2:
        s = Shape(None)
    else:
        s = Shape((q.dims[0], heads, q.dims[1], q.dims[1]))
    return Outcome((out, s), multi=True)


# ------------------------------------------------------------------ specs
_ATTENTION = Traits(family="attention", merge=True)

ATTENTION = LayerSpec(
    "Attention",
    params=("use_scale", "score_mode", "dropout", "seed"),
    traits=_ATTENTION,
    infer=attention,
    cases=(
        Case("layers.Attention()([i0, i1])", ((5, 8), (6, 8))),
        Case("layers.Attention()([i0, i1, i2])", ((5, 8), (6, 3), (6, 8))),
        Case("layers.Attention()(i0)", ((5, 8),)),
        Case("layers.Attention()([i0, i1])", ((5, 8), (6, 3))),
    ),
)
ADDITIVE_ATTENTION = LayerSpec(
    "AdditiveAttention",
    params=("use_scale", "dropout"),
    traits=_ATTENTION,
    infer=attention,
    cases=(Case("layers.AdditiveAttention()([i0, i1])", ((5, 8), (6, 8))),),
)
MULTI_HEAD_ATTENTION = LayerSpec(
    "MultiHeadAttention",
    params=("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape"),
    traits=Traits(family="attention", merge=True, spread_call=True),
    infer=multi_head_attention,
    cases=(
        Case("layers.MultiHeadAttention(2, 4)(i0, i1)", ((5, 8), (6, 3))),
        Case("layers.MultiHeadAttention(2, 4)(i0, i1, i2)", ((5, 8), (6, 3), (6, 8))),
        Case("layers.MultiHeadAttention(2, 4)(i0, i1, i2)", ((5, 8), (6, 3), (7, 8))),
    ),
)

register(ATTENTION, ADDITIVE_ATTENTION, MULTI_HEAD_ATTENTION)
