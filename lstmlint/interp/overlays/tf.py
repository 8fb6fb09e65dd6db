"""What TensorFlow's own functions mean.

On Keras tensors (``tf.reduce_mean``, ``tf.concat``, ``tf.expand_dims``): the shapes of their
``keras.ops`` twins. On data (NumPy arrays, literals, shapes): eager tensors of known shape,
followed as arrays: ``tf.constant``/``convert_to_tensor``/``cast``, ``tf.zeros``/``ones``/
``fill``, ``tf.random.normal``/``uniform``/``truncated_normal``, ``tf.one_hot(labels, depth)``,
``tf.reshape``/``expand_dims``/``squeeze``/``transpose``/``concat``/``stack`` of arrays.
``tf.keras`` is Keras (``overlays/keras.py``)."""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.keras_ops import op_result
from lstmlint.interp.overlays.numpy import NumpyOverlay, dims_of, literal_dims
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.interp.values import NOT_FOLLOWED, Arg
from lstmlint.shapes import UNKNOWN, is_int
from lstmlint.source.imports import Ref

# tf.X(shape, ...) -> an array of that shape
_SHAPED = frozenset(
    {
        "zeros",
        "ones",
        "fill",
        "random.normal",
        "random.uniform",
        "random.truncated_normal",
        "random.stateless_normal",
        "random.stateless_uniform",
        "experimental.numpy.zeros",
    }
)
# tf.X(array, ...) -> an array of the same shape
_SAME = frozenset({"constant", "convert_to_tensor", "cast", "identity", "Variable", "stop_gradient"})
# tf.X on arrays -> the NumPy function of the same meaning
_AS_NUMPY = {
    "reshape": "reshape",
    "expand_dims": "expand_dims",
    "squeeze": "squeeze",
    "transpose": "transpose",
    "concat": "concatenate",
    "stack": "stack",
}


class TensorflowOverlay(Overlay):
    name = "tf"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        qual = ref.qual
        if not qual.startswith("tensorflow.") or args is None:
            return NOT_FOLLOWED
        name = qual[11:]
        data = self.data(name, args, node)
        if data is not NOT_FOLLOWED:
            return data
        if qual.count(".") != 1:
            return NOT_FOLLOWED
        return op_result(name, args)

    def data(self, name: str, args: list[Arg], node: cst.Call) -> Any:
        """An eager tensor made from data, followed as an array; NOT_FOLLOWED otherwise."""
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        first = pos[0] if pos else None
        if name in _SHAPED:
            shape = first if first is not None else kw.get("shape", kw.get("dims"))
            dims = dims_of(shape)
            return ArrayValue(dims, node) if dims is not None else NOT_FOLLOWED
        if name in _SAME:
            value = first if first is not None else kw.get("value", kw.get("x", kw.get("initial_value")))
            if isinstance(value, ArrayValue):
                return ArrayValue(value.dims, node)
            if name in ("constant", "convert_to_tensor", "Variable") and isinstance(value, (list, tuple)):
                dims = literal_dims(value)
                return ArrayValue(dims, node) if dims is not None else NOT_FOLLOWED
            return NOT_FOLLOWED
        if name == "one_hot":
            indices = first if first is not None else kw.get("indices")
            depth = pos[1] if len(pos) > 1 else kw.get("depth")
            if isinstance(indices, ArrayValue):
                return ArrayValue(tuple(indices.dims) + (depth if is_int(depth) else UNKNOWN,), node)
            return NOT_FOLLOWED
        if name in _AS_NUMPY and isinstance(first, ArrayValue | list | tuple):
            if isinstance(first, (list, tuple)) and not (
                name in ("concat", "stack") and all(isinstance(p, ArrayValue) for p in first)
            ):
                return NOT_FOLLOWED
            numpy = self.ctx.overlays.get(NumpyOverlay)
            return numpy.call_numpy(_AS_NUMPY[name], pos, {k: v for k, v in kw.items() if k != "name"}, node)
        return NOT_FOLLOWED
