"""``EinsumDense``: a dense layer given as an einsum equation (measured: keras 3.15.1,
tf_keras 2.21).

``EinsumDense(equation, output_shape, bias_axes=None)`` with ``equation`` written
``input,weight->output`` (``...`` may open the input and output, or close them). Keras reads
the shapes as follows (``full_output_shape``, the shape Keras 3 declares):

* ``output_shape`` (an int is a 1-tuple) gives the output's non-batch axes; the batch axis is
  the input's, put in front.
* With a leading ``...``, the input's axes the ``...`` covers (after the batch) are inserted
  after the batch axis one by one at position 1 -- so with more than one they come out in
  reverse order (Keras 3: ``...b,bc->...c`` on ``(None, 7, 10, 16)`` gives
  ``(None, 10, 7, 32)``). With a trailing ``...`` they are appended.
* An axis letter of the input that is also in the output must have the same size there, unless
  ``output_shape`` says ``None`` at that axis: refused otherwise ("do not match at shared
  dimension"). A ``None`` in ``output_shape`` stays ``None`` in Keras 3's output, even where the
  input's size is known (tf_keras gives the einsum's size there instead).
* Each output letter must appear in the input or the weight; each weight letter in the input or
  the output; each ``bias_axes`` letter in the output.
* The kernel has the weight letters' sizes (from the input, else from the output): any ``None``
  among them is refused when the layer is built. The bias has, from the first bias letter of
  the output on, the output's size at each bias letter and 1 elsewhere, plus a 1 per axis a
  trailing ``...`` covers.

Forms this module does not follow (an input whose rank does not match the equation without
``...``, a malformed equation): the output is unknown, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import prod

from lstmlint.codes import Code
from lstmlint.layers.checks import one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.params import NotCountable, ParamCount, known_int
from lstmlint.layers.spec import Case, LayerSpec, Traits, register
from lstmlint.shapes.dims import Dim, is_int
from lstmlint.shapes.problems import Outcome, ProblemKind, ShapeProblem
from lstmlint.shapes.shape import Shape

_FORMS = (
    (re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), None),
    (re.compile(r"\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)"), True),
    (re.compile(r"([a-zA-Z]+)\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\."), False),
)


@dataclass(frozen=True)
class Equation:
    inputs: str
    weight: str
    output: str
    left_elided: bool
    ellipsis: bool


def parse(equation: object) -> Equation | None:
    """The parts of an ``EinsumDense`` equation, None when it is not one of Keras' three forms."""
    if not isinstance(equation, str):
        return None
    for pattern, left in _FORMS:
        m = pattern.fullmatch(equation)
        if m is not None:
            return Equation(m.group(1), m.group(2), m.group(3), left is True, left is not None)
    return None


@dataclass(frozen=True)
class Analysis:
    output: tuple[Dim, ...]
    kernel: tuple[Dim, ...]
    bias: tuple[Dim, ...] | None


def _requested(cfg: LayerConfig) -> list[Dim] | None:
    raw = cfg.get("output_shape")
    values = list(raw) if isinstance(raw, (list, tuple)) else [raw]
    dims: list[Dim] = []
    for v in values:
        if v is None or is_int(v):
            dims.append(v)
        else:
            return None
    return dims


def _refused(cfg: LayerConfig, text: str, argument: str, advice: str) -> ShapeProblem:
    """What Keras refuses when it builds the layer on its input (LST107)."""
    value = cfg.get(argument)
    return ShapeProblem(
        Code.INVALID_LAYER_ARGUMENT,
        f"`{cfg.display}` {text}",
        kind=ProblemKind.BAD_ARGUMENT,
        operand=0,
        data={"argument": argument, "value": value, "advice": advice},
    )


def analyse(cfg: LayerConfig, input_dims: tuple[Dim, ...]) -> Analysis | None:
    """Keras' reading of the equation on an input of ``input_dims`` (batch first): the output,
    kernel and bias shapes; None when not followed. Raises ``ShapeProblem`` where Keras refuses
    the combination when the layer is built."""
    equation = cfg.get("equation")
    eq = parse(equation)
    if eq is None and isinstance(equation, str):
        raise _refused(
            cfg,
            f"has an equation {equation!r} of none of the forms `ab,bc->ac`, `...b,bc->...c`, `ab...,bc->ac...`",
            "equation",
            "write the equation as `input,weight->output`, with `...` at the start or end of input and output",
        )
    requested = _requested(cfg)
    if eq is None or requested is None:
        return None
    rank = len(input_dims)
    elided = rank - len(eq.inputs)
    if elided < 0 or (elided > 0 and not eq.ellipsis):
        return None  # Keras fails on an index, or einsum on the rank: not followed
    output: list[Dim] = [input_dims[0], *requested]
    if eq.left_elided:
        for i in range(1, elided):
            output.insert(1, input_dims[i])
    elif eq.ellipsis:
        output.extend(input_dims[rank - elided :])
    if eq.left_elided:
        in_map = {c: i + elided - rank for i, c in enumerate(eq.inputs)}
        out_map = {c: i + elided - len(output) for i, c in enumerate(eq.output)}
    else:
        in_map = {c: i for i, c in enumerate(eq.inputs)}
        out_map = {c: i for i, c in enumerate(eq.output)}
    for c in eq.inputs:
        if c not in out_map:
            continue
        if not -len(output) <= out_map[c] < len(output):
            return None  # an output_shape shorter than the equation: Keras fails on an index
        got, want = input_dims[in_map[c]], output[out_map[c]]
        if want is None or got == want:
            continue
        if got is not None and not is_int(got):
            return None  # a size the analysis does not know: Keras may accept it
        raise _refused(
            cfg,
            f"keeps axis '{c}' of the input ({got}) in the output, where `output_shape` says {want}",
            "output_shape",
            f"give `output_shape` the input's size {got} (or None) at axis '{c}'",
        )
    for c in eq.output:
        if c not in eq.inputs and c not in eq.weight:
            raise _refused(
                cfg,
                f"has an output axis '{c}' found neither in the input nor in the weight of {equation!r}",
                "equation",
                f"name axis '{c}' in the weight (or the input) part of the equation",
            )
    if len(output) != len(eq.output) + (elided if eq.ellipsis else 0):
        return None  # Keras fails on an index, or declares what its einsum does not give
    kernel: list[Dim] = []
    for c in eq.weight:
        if c in in_map:
            kernel.append(input_dims[in_map[c]])
        elif c in out_map:
            kernel.append(output[out_map[c]])
        else:
            raise _refused(
                cfg,
                f"has a weight axis '{c}' found neither in the input nor in the output of {equation!r}",
                "equation",
                f"name axis '{c}' in the input or the output part of the equation",
            )
    bias_axes = cfg.get("bias_axes")
    bias: tuple[Dim, ...] | None = None
    if isinstance(bias_axes, str) and bias_axes:
        if any(c not in eq.output for c in bias_axes):
            return None
        first = min(eq.output.find(c) for c in bias_axes)
        shape = [output[out_map[c]] if c in bias_axes else 1 for c in eq.output[first:]]
        if eq.ellipsis and not eq.left_elided:
            shape.extend([1] * elided)
        bias = tuple(shape)
    elif bias_axes is not None:
        return None
    return Analysis(tuple(output), tuple(kernel), bias)


def einsum_dense(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if x.dims is None or not x.dims:
        return Outcome.unknown("`EinsumDense` on an input of unknown rank")
    result = analyse(cfg, x.dims)
    if result is None:
        return Outcome.unknown("an `EinsumDense` equation the analysis does not follow")
    if any(d is None for d in result.kernel):
        # Keras refuses to create a kernel with an open axis (as Dense on an open last axis)
        raise _refused(
            cfg,
            f"would create a kernel of shape {_show(result.kernel)} on {x}: weights need every size known",
            "output_shape",
            "give every axis the weight shares with the input or `output_shape` a known size",
        )
    return Outcome.one(Shape(result.output))


def _show(dims: tuple[Dim, ...]) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"


def count_einsum_dense(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    x = inputs[0]
    if x.dims is None:
        raise NotCountable
    try:
        result = analyse(cfg, x.dims)
    except ShapeProblem:
        raise NotCountable from None  # Keras refuses to build it: no weights to count
    if result is None:
        raise NotCountable
    total = prod(known_int(d) for d in result.kernel)
    if result.bias is not None:
        total += prod(known_int(d) for d in result.bias)
    return ParamCount(total)


register(
    LayerSpec(
        "EinsumDense",
        params=("equation", "output_shape", "activation", "bias_axes"),
        traits=Traits(family="core"),
        infer=one_input(einsum_dense),
        count=count_einsum_dense,
        cases=(
            Case('layers.EinsumDense("ab,bc->ac", output_shape=32)(i0)', ((16,),)),
            Case('layers.EinsumDense("ab,bc->ac", output_shape=32, bias_axes="c")(i0)', ((16,),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=(None, 32), bias_axes="d")(i0)', ((10, 16),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=(10, 32))(i0)', ((10, 16),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=(9, 32))(i0)', ((10, 16),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=32)(i0)', ((10, 16),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=(None, 32))(i0)', ((None, 16),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=(None, 32))(i0)', ((10, None),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=(None, None))(i0)', ((10, 16),)),
            Case('layers.EinsumDense("...b,bc->...c", output_shape=32, bias_axes="c")(i0)', ((10, 16),)),
            Case('layers.EinsumDense("...b,bc->...c", output_shape=32)(i0)', ((7, 10, 16),)),
            Case('layers.EinsumDense("...b,bc->...c", output_shape=8)(i0)', ((2, 3, 10, 16),)),
            Case('layers.EinsumDense("ab...,bc->ac...", output_shape=32)(i0)', ((16, 5),)),
            Case('layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="d")(i0)', ((10, 16),)),
            Case('layers.EinsumDense("abcd,cde->abe", output_shape=(None, 8))(i0)', ((10, 4, 16),)),
            Case('layers.EinsumDense("bi,j->bij", output_shape=(8, 7), bias_axes="j")(i0)', ((8,),)),
            Case('layers.EinsumDense("...i,oi->...o", output_shape=(5,))(i0)', ((4, 3),)),
            Case(
                'layers.EinsumDense("...abcd,bcde->...aeb", output_shape=(5, 6, 4), bias_axes="a")(i0)',
                ((7, 5, 4, 3, 2),),
            ),
            Case('layers.EinsumDense("ab,bc->acz", output_shape=(4, 32))(i0)', ((16,),)),
            Case('layers.EinsumDense("ab->ac", output_shape=32)(i0)', ((16,),)),
            Case('layers.EinsumDense("ab,bz->a", output_shape=())(i0)', ((16,),)),
            Case('layers.EinsumDense("abc,cd->abd", output_shape=(10, 32))(i0)', ((None, 16),)),
            Case('layers.EinsumDense("ab...,bc->ac...", output_shape=32, bias_axes="c")(i0)', ((16, 5),)),
        ),
    ),
)
