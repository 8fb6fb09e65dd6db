"""HGQ2 (``hgq``, High Granularity Quantization 2, measured on hgq2 0.2.0 with keras 3.15.1):
quantized layers for Keras 3 (``layers/libraries.py``). Not HGQ (``HGQ``, ``layers/hgq.py``),
which runs on Keras 2.

Each spec cites the hgq2 class it models (``hgq/layers/<module>.py:<line>`` of hgq2 0.2.0).
HGQ2 requires Keras 3 (``keras>=3.15``), so keywords are recorded for Keras 3 only. Its layers
create quantizer variables besides their weights: parameters are not counted.

- ``QEinsum(equation)`` (``ops/einsum.py:22``), called on a list of tensors, is
  ``keras.ops.einsum(equation, *inputs)``: the equation names every axis, the batch axis too
  (``QEinsum('xbi,xj->xbij')`` on ``(None, 8, 16)`` and ``(None, 16)`` gives
  ``(None, 8, 16, 16)``). hgq2 refuses an input with an unknown size besides the batch
  ("Unable to heterogeneously quantize axis 2 with unknown shape", under its default
  quantizer), and Keras sizes that differ; both are left unknown here (no finding).
- ``QMultiHeadAttention`` (``attn/mha.py:25``) subclasses ``keras.layers.MultiHeadAttention``
  with its shapes (``QMultiHeadAttention(4, 8, fuse='none')(q, k, v)`` on ``(None, 8, 9)``,
  ``(None, 12, 7)``, ``(None, 12, 7)`` gives ``(None, 8, 9)``).
"""

from __future__ import annotations

from lstmlint.layers.attention import MULTI_HEAD_ATTENTION
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.libraries import derive, register_library
from lstmlint.layers.spec import LayerSpec, Traits
from lstmlint.shapes.dims import Dim, is_int
from lstmlint.shapes.problems import Outcome
from lstmlint.shapes.shape import Shape
from lstmlint.source.keras_target import KerasVersion

_KERAS3 = (KerasVersion.KERAS3,)


def einsum_of_inputs(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    """``ops.einsum(equation, *inputs)``: each output letter's size, when every operand gives
    the letter the same size (sizes that differ, ``...``, or a size not known besides the
    first, batch, axis: unknown)."""
    equation = cfg.params.get("equation")
    if not is_list or not isinstance(equation, str) or "." in equation or "->" not in equation:
        return Outcome.unknown()
    left, _, right = equation.replace(" ", "").partition("->")
    terms = left.split(",")
    if len(terms) != len(inputs) or not right.isalpha() or len(set(right)) != len(right):
        return Outcome.unknown()
    sizes: dict[str, Dim] = {}
    for term, shape in zip(terms, inputs):
        dims = shape.dims
        if dims is None or len(term) != len(dims) or not term.isalpha():
            return Outcome.unknown()
        for position, (letter, d) in enumerate(zip(term, dims)):
            if position and not is_int(d):
                return Outcome.unknown()
            if letter in sizes and sizes[letter] != d:
                return Outcome.unknown()
            sizes[letter] = d
    if any(c not in sizes for c in right):
        return Outcome.unknown()
    return Outcome.one(Shape(tuple(sizes[c] for c in right)))


# the keywords of hgq2's layer base (``core/base.py:132``: ``QLayerBase.__init__``)
_BASE = ("enable_ebops", "beta0", "enable_oq", "enable_iq", "oq_conf", "ebops_factor")

# its keywords are not recorded (so none is refused): the Keras base takes the rest
Q_EINSUM = LayerSpec(
    "QEinsum",
    params=("equation",),
    traits=Traits(family="merge", merge=True),
    infer=einsum_of_inputs,
    rebuild=False,
)
Q_MULTI_HEAD_ATTENTION = derive(
    MULTI_HEAD_ATTENTION,
    "QMultiHeadAttention",
    MULTI_HEAD_ATTENTION.params,
    (
        "fuse",
        "qkvo_iq_conf",
        "qkvo_kq_conf",
        "qkvo_bq_conf",
        "qkvo_oq_conf",
        "softmax_iq_conf",
        "softmax_exp_iq_conf",
        "softmax_exp_oq_conf",
        "softmax_inv_iq_conf",
        "softmax_inv_oq_conf",
        "softmax_oq_conf",
        "stable_softmax",
        "softmax_allow_heterogeneous_table",
        "parallelization_factor",
        *_BASE,
    ),
    versions=_KERAS3,
    counted=False,
)

SPECS: tuple[LayerSpec, ...] = register_library("hgq", Q_EINSUM, Q_MULTI_HEAD_ATTENTION)
