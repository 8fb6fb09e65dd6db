"""What TensorFlow's own functions mean.

On Keras tensors (``tf.reduce_*``, ``tf.concat``, ``tf.stack``, ``tf.reshape``,
``tf.expand_dims``, ``tf.squeeze``, ``tf.transpose``, ``tf.matmul`` with its transpose flags,
``tf.tile``, ``tf.split``, ``tf.gather``/``gather_nd``, ``tf.slice``, ``tf.pad``, ``tf.one_hot``,
``tf.where``, ``tf.norm``, ``tf.einsum``, ``tf.tensordot``, ``tf.sequence_mask``,
``tf.boolean_mask``, ``tf.unstack``, ``tf.math.top_k``, ``tf.nn.moments``/``bias_add``/
``embedding_lookup``, and the element-wise ``tf.nn.*``/``tf.math.*``): the shapes of their
``keras.ops`` twins, with TensorFlow's own defaults (``overlays/keras_ops.py``, ``lib="tf"``).
Sizes read from a tensor's own shape (``tf.shape(x)[i]``) are that size: an int, a symbol, or
``None`` for an axis Keras knows at run time only; ``tf.range``, ``tf.zeros``/``ones``/``fill``/
``random.*`` and reshape targets built from them (``tf.stack([tf.shape(x)[0], -1])``) follow
TensorFlow's static shapes (a run-time size and the ``-1`` next to it stay ``None``).
On data (NumPy arrays, literals, shapes): eager tensors of known shape, followed as arrays:
``tf.constant``/``convert_to_tensor``/``cast``, ``tf.zeros``/``ones``/``fill``,
``tf.random.normal``/``uniform``/``truncated_normal``, ``tf.one_hot(labels, depth)``,
``tf.eye``/``tf.linalg.eye``, a scalar ``tf.constant(10)`` (shape ``()``), the element-wise
``tf.math.*`` of such data (``tf.math.log(tf.constant(10.0))``),
``tf.reshape``/``expand_dims``/``squeeze``/``transpose``/``concat``/``stack`` of arrays. A
``tf.constant`` of a literal of ints keeps them (``IntConstant``): ``tf.pad(x,
tf.constant([[0, 0], [0, 0], [3, 0]]))`` reads its paddings (TF 2.21: ``(None, 2, 100)`` gives
``(None, 2, 103)``).
``tf.image.*`` on Keras image tensors (``image_result``): the shape-keeping adjustments, flips and
colour conversions, ``resize``/``crop``/``pad`` to literal sizes, ``central_crop`` as TensorFlow
computes it, ``rot90``/``transpose``, TF 1's ``tf.contrib.image.transform``/``rotate`` (sizes
unknown). ``tf.signal.frame``/``stft``/``inverse_stft``/``overlap_and_add``/
``mfccs_from_log_mel_spectrograms`` on Keras tensors and ``linear_to_mel_weight_matrix``:
``overlays/tf_signal.py``. ``tf.keras`` is Keras (``overlays/keras.py``)."""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays import keras3_ops
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.keras_ops import (
    ELEMENTWISE,
    SHAPE_MAKERS,
    IntConstant,
    check_binary_call,
    int_literal,
    made_from_sizes,
    op_result,
    size_vector,
)
from lstmlint.interp.overlays.numpy import NumpyOverlay, blind_reshape, dims_of, literal_dims
from lstmlint.interp.overlays.tf_signal import mel_matrix, signal_result
from lstmlint.interp.overlays.values import ArrayValue, ShapeTuple
from lstmlint.interp.values import NOT_FOLLOWED, Arg, FunctionValue, bind_arguments
from lstmlint.shapes import UNKNOWN, Shape, Sym, is_int, is_number
from lstmlint.source.imports import Ref
from lstmlint.source.keras_target import KerasVersion

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
# tf.<module>.X on Keras tensors: the same shapes as tf.X (``tf.nn.softmax``, ``tf.math.square``)
_OP_MODULES = frozenset({"nn", "math", "linalg", "compat.v1", "compat.v1.nn", "compat.v1.math"})
# tf.X on arrays -> the NumPy function of the same meaning
_AS_NUMPY = {
    "reshape": "reshape",
    "expand_dims": "expand_dims",
    "squeeze": "squeeze",
    "transpose": "transpose",
    "concat": "concatenate",
    "stack": "stack",
}

# ``tf.image.X(images, ...)`` on Keras tensors (rank 3 ``(H, W, C)`` or 4 ``(N, H, W, C)``)
_IMAGE_MODULES = ("image.", "compat.v1.image.", "contrib.image.")
# the same shape (measured in tf_keras: ``Lambda(tf.image.X)`` on ``Input((32, 20, 3))``)
_IMAGE_SAME = frozenset(
    {
        "convert_image_dtype",
        "flip_left_right",
        "flip_up_down",
        "random_flip_left_right",
        "random_flip_up_down",
        "adjust_brightness",
        "adjust_contrast",
        "adjust_saturation",
        "adjust_hue",
        "adjust_gamma",
        "random_brightness",
        "random_contrast",
        "random_saturation",
        "random_hue",
        "per_image_standardization",
        "rgb_to_hsv",
        "hsv_to_rgb",
        "rgb_to_yuv",
        "yuv_to_rgb",
        "rgb_to_yiq",
        "yiq_to_rgb",
    }
)
# (images, size): the sizes given
_IMAGE_RESIZE = frozenset(
    {"resize", "resize_images", "resize_bilinear", "resize_nearest_neighbor", "resize_bicubic", "resize_area"}
)
# (image, target_height, target_width)
_IMAGE_TARGET = frozenset(
    {"resize_with_crop_or_pad", "resize_image_with_crop_or_pad", "resize_with_pad", "resize_image_with_pad"}
)
# (image, offset_height, offset_width, target_height, target_width)
_IMAGE_BOX = frozenset({"crop_to_bounding_box", "pad_to_bounding_box"})


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _size(value: Any) -> Any:
    return value if is_int(value) and value > 0 else UNKNOWN


def image_result(short: str, args: list[Arg], contrib: bool = False) -> Any:
    """The tensor ``tf.image.<short>(images, ...)`` gives when ``images`` is a Keras tensor of
    rank 3 or 4, as TensorFlow's static shapes have it; NOT_FOLLOWED otherwise."""
    pos = [a.value for a in args if a.keyword is None]
    kw = {a.keyword: a.value for a in args if a.keyword is not None}
    image = pos[0] if pos else kw.get("images", kw.get("image"))
    if not isinstance(image, Tensor) or image.shape.dims is None or len(image.shape.dims) not in (3, 4):
        return NOT_FOLLOWED

    def arg(index: int, *names: str) -> Any:
        if len(pos) > index:
            return pos[index]
        for n in names:
            if n in kw:
                return kw[n]
        return NOT_FOLLOWED

    dims = list(image.shape.dims)
    height, width = dims[-3], dims[-2]
    if contrib:
        if short not in ("transform", "rotate"):
            return NOT_FOLLOWED
        # the output size is ``tf.shape(images)[1:3]``, a tensor TensorFlow's static shapes do
        # not fold when the batch size is unknown (measured: H and W become None); known only
        # to keep the rank, the batch and the channels
        height = width = UNKNOWN
    elif short in _IMAGE_SAME:
        pass
    elif short in ("rgb_to_grayscale", "grayscale_to_rgb"):
        dims[-1] = 1 if short == "rgb_to_grayscale" else 3
    elif short in ("transpose", "transpose_image"):
        height, width = width, height
    elif short == "rot90":
        # ``k`` picks a branch at run time: the sizes stay known only for a square image
        if not (is_int(height) and height == width):
            height = width = UNKNOWN
    elif short in _IMAGE_RESIZE:
        size = arg(1, "size", "new_size")
        if kw.get("preserve_aspect_ratio", False) is not False:
            height = width = UNKNOWN
        elif isinstance(size, (list, tuple)) and len(size) == 2:
            height, width = _size(size[0]), _size(size[1])
        else:
            height = width = UNKNOWN
    elif short in _IMAGE_TARGET:
        height, width = _size(arg(1, "target_height")), _size(arg(2, "target_width"))
    elif short in _IMAGE_BOX:
        height, width = _size(arg(3, "target_height")), _size(arg(4, "target_width"))
    elif short == "central_crop":
        fraction = arg(1, "central_fraction")
        if not (isinstance(fraction, (int, float)) and not isinstance(fraction, bool) and 0 < fraction <= 1):
            height = width = UNKNOWN
        elif fraction < 1:
            # TensorFlow's own arithmetic on static sizes: start = int((s - s * f) / 2)
            height, width = (d - 2 * int((d - d * fraction) / 2) if is_int(d) else UNKNOWN for d in (height, width))
    else:
        return NOT_FOLLOWED
    dims[-3], dims[-2] = height, width
    return Tensor(Shape(tuple(dims)), None, 0, image.poisoned)


_EYE_PARAMS = ("num_rows", "num_columns", "batch_shape", "dtype", "name")


def _eye(args: list[Arg], node: cst.Call) -> Any:
    """``tf.eye(num_rows, num_columns=None, batch_shape=None)``: an eager matrix ``batch_shape +
    (num_rows, num_columns)``, ``num_columns`` defaulting to ``num_rows`` (TF 2.21: ``tf.eye(50, 1)``
    is ``(50, 1)``, ``tf.eye(3, batch_shape=[2])`` ``(2, 3, 3)``); NOT_FOLLOWED when a size is not
    a known non-negative int."""
    bound = bind_arguments(_EYE_PARAMS, args)
    if bound is None:
        return NOT_FOLLOWED
    rows = bound.get("num_rows")
    cols = bound.get("num_columns")
    cols = rows if cols is None else cols
    batch = bound.get("batch_shape")
    batch = () if batch is None else batch
    sizes = [*batch, rows, cols] if isinstance(batch, (list, tuple)) else None
    if sizes is None or not all(is_int(d) and d >= 0 for d in sizes):
        return NOT_FOLLOWED
    return ArrayValue(tuple(sizes), node)


def _unknown_data(value: Any) -> bool:
    """A value the analysis does not know at all (not a number, tensor, array or list)."""
    return value is UNKNOWN or (type(value) is Sym and not is_number(value))


# ``smart_cond(pred, true_fn, false_fn)`` as tf_keras and libraries import it
_SMART_COND = frozenset({"python.framework.smart_cond.smart_cond", "__internal__.smart_cond.smart_cond"})
_SMART_COND_PARAMS = ("pred", "true_fn", "false_fn", "name")


class TensorflowOverlay(Overlay):
    name = "tf"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        qual = ref.qual
        if not qual.startswith("tensorflow.") or args is None:
            return NOT_FOLLOWED
        name = qual[11:]
        if name.startswith("keras."):
            return NOT_FOLLOWED  # ``tf.keras`` is Keras: none of the TensorFlow names below
        if self.ctx.keras is KerasVersion.KERAS3 and not name.startswith(("keras.", "python.", "compat.")):
            keras3_ops.check_tf_call(self.ctx, name, args, node)
        if name.startswith("compat.v2."):
            name = name[10:]  # ``import tensorflow.compat.v2 as tf`` (tf_keras' own modules): TensorFlow 2 itself
        if name in _SMART_COND:
            return self.smart_cond(args, node)
        module, _, short = name.rpartition(".")
        if not module or module in _OP_MODULES:
            check_binary_call(self.ctx, qual, short, args, node, True)
        sized = self.sizes(name, args, node)
        if sized is not NOT_FOLLOWED:
            return sized
        data = self.data(name, args, node)
        if data is not NOT_FOLLOWED:
            return data
        if name.startswith(_IMAGE_MODULES):
            image = image_result(name.rpartition(".")[2], args, contrib=name.startswith("contrib."))
            return keras3_ops.propagate(self.ctx, [a.value for a in args], image)
        if name in ("nest.flatten", "compat.v1.nest.flatten"):
            return self.flatten(args)
        if name == "signal.linear_to_mel_weight_matrix":
            return mel_matrix(args, node)
        if name.startswith("signal."):
            return keras3_ops.propagate(self.ctx, [a.value for a in args], signal_result(name[7:], args, node))
        if "." in name:
            module, _, short = name.rpartition(".")
            if module not in _OP_MODULES:
                return NOT_FOLLOWED
            name = short
        return keras3_ops.propagate(self.ctx, [a.value for a in args], op_result(name, args, "tf"))

    def smart_cond(self, args: list[Arg], node: cst.Call) -> Any:
        """``smart_cond(pred, true_fn, false_fn)``: the one branch a Python bool picks, else
        both branches (TensorFlow traces both into a ``tf.cond``), joined; NOT_FOLLOWED when a
        branch is not a function of the program (a lambda, a ``def``)."""
        bound = None if any(a.star for a in args) else bind_arguments(_SMART_COND_PARAMS, args)
        if bound is None:
            return NOT_FOLLOWED
        pred, branches = bound.get("pred"), [bound.get("true_fn"), bound.get("false_fn")]
        functions = [f for f in branches if isinstance(f, FunctionValue)]
        if len(functions) != 2:
            return NOT_FOLLOWED
        if type(pred) is bool:
            functions = functions[:1] if pred else functions[1:]
        results = [self.ctx.functions.call_function(f, [], node) for f in functions]
        if len(results) == 1:
            return results[0]
        return self.ctx.flow.join_values(results, node, "the branches of `smart_cond` give different things")

    def flatten(self, args: list[Arg]) -> Any:
        """``tf.nest.flatten(structure)``: the leaves of a structure the analysis knows in full
        (lists and tuples in order, dicts by sorted key, ``None`` a leaf), as a list; NOT_FOLLOWED
        when a part may itself be a structure (an unknown value)."""
        if len(args) != 1 or args[0].keyword not in (None, "structure") or args[0].star:
            return NOT_FOLLOWED
        leaves: list[Any] = []

        def walk(value: Any) -> bool:
            if isinstance(value, (list, tuple)):
                return self.ctx.known(value) and all(walk(v) for v in value)
            if isinstance(value, dict):
                if not self.ctx.known(value) or not all(isinstance(k, str) for k in value):
                    return False
                return all(walk(value[k]) for k in sorted(value))
            if value is None or isinstance(value, (bool, int, float, str, Tensor, ArrayValue)):
                leaves.append(value)
                return True
            return False

        return leaves if walk(args[0].value) else NOT_FOLLOWED

    def sizes(self, name: str, args: list[Arg], node: cst.Call) -> Any:
        """What TensorFlow computes from sizes: ``tf.shape(x)`` (a tensor of x's sizes: read
        one, it is that size, ``None`` for an axis known at run time only), ``tf.range`` and
        ``tf.zeros``/``ones``/``fill``/``random.*`` of such sizes, and the shape vectors built
        from them with ``tf.concat``/``tf.stack``; NOT_FOLLOWED otherwise."""
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        if name in ("shape", "compat.v1.shape"):
            first = pos[0] if pos else kw.get("input")
            if isinstance(first, Tensor) and first.shape.dims is not None:
                return ShapeTuple(first.shape.dims)
            if isinstance(first, ArrayValue):
                return ShapeTuple(first.dims)
            return NOT_FOLLOWED
        if name == "rank" and pos and isinstance(pos[0], (Tensor, ArrayValue)):
            dims = pos[0].shape.dims if isinstance(pos[0], Tensor) else pos[0].dims
            return len(dims) if dims is not None else NOT_FOLLOWED
        if name in ("cast", "identity") and pos and (pos[0] is None or is_int(pos[0]) or isinstance(pos[0], Sym)):
            return pos[0]  # a size as a scalar tensor (``tf.cast(tf.shape(x)[0], "float32")``)
        if name == "TensorShape" and len(pos) == 1 and not kw:  # of sizes the analysis knows
            dims = (pos[0],) if is_int(pos[0]) else pos[0]
            if isinstance(dims, (tuple, list)) and all(d is None or is_int(d) or isinstance(d, Sym) for d in dims):
                return ShapeTuple(dims)
            return NOT_FOLLOWED
        if name == "range" or name in SHAPE_MAKERS:
            if name in _SHAPED and not self.ctx.traced and not self._open(pos, kw):
                return NOT_FOLLOWED  # data of a known shape: ``data`` below
            return made_from_sizes(name, args, self.ctx.traced > 0, node)
        if name in ("concat", "stack"):
            return size_vector(name, pos, kw)
        return NOT_FOLLOWED

    @staticmethod
    def _open(pos: list[Any], kw: dict[str, Any]) -> bool:
        """Whether a shape argument holds a size read at run time (``None``)."""
        shape = pos[0] if pos else kw.get("shape", kw.get("dims"))
        return isinstance(shape, (list, tuple)) and any(d is None for d in shape)

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
            if name in ("constant", "convert_to_tensor", "Variable") and _number(value):
                return ArrayValue((), node)  # ``tf.constant(10, dtype=x.dtype)``, ``tf.Variable(0.0)``: a scalar
            if name in ("constant", "convert_to_tensor", "Variable") and isinstance(value, (list, tuple)):
                dims = literal_dims(value)
                if dims is None:
                    return NOT_FOLLOWED
                ints = int_literal(value) if name == "constant" and self.ctx.known(value) else None
                return ArrayValue(dims, node) if ints is None else IntConstant(dims, node, ints)
            return NOT_FOLLOWED
        module, _, short = name.rpartition(".")
        others = [a.value for a in args if a.value is not first]
        if (
            short in ELEMENTWISE
            and (not module or module in _OP_MODULES)
            and isinstance(first, ArrayValue)
            and not any(isinstance(v, (ArrayValue, Tensor, list, tuple)) for v in others)
        ):
            return ArrayValue(first.dims, node)  # ``tf.math.log(tf.constant(10.0))``: data of its shape
        if name in ("eye", "linalg.eye"):
            return _eye(args, node)
        if name == "one_hot":
            indices = first if first is not None else kw.get("indices")
            depth = pos[1] if len(pos) > 1 else kw.get("depth")
            if isinstance(indices, ArrayValue):
                return ArrayValue(tuple(indices.dims) + (depth if is_int(depth) else UNKNOWN,), node)
            return NOT_FOLLOWED
        if (
            name == "reshape"
            and self.ctx.keras is KerasVersion.KERAS2
            and _unknown_data(first if pos else kw.get("tensor"))
        ):
            # a TF1 input pipeline's batch (``tf.train.shuffle_batch``) the analysis does not
            # know: ``tf.reshape`` raises or gives a tensor of the target shape, a ``-1`` axis
            # unknown (under Keras 3 it may be a Keras tensor, which is no data: not assumed)
            dims = blind_reshape(pos[1] if len(pos) > 1 else kw.get("shape"))
            return ArrayValue(dims, node) if dims is not None else NOT_FOLLOWED
        if name in _AS_NUMPY and isinstance(first, ArrayValue | list | tuple):
            if name not in ("concat", "stack") and isinstance(first, (list, tuple)):
                # a literal made a tensor first (``tf.reshape([0.5, 0.2, 0.3], [1, 1, 1, 3])``)
                dims = literal_dims(first) if all(_number(v) for v in first) else None
                if dims is None:
                    return NOT_FOLLOWED
                first = ArrayValue(dims, node)
                pos = [first, *pos[1:]]
            elif isinstance(first, (list, tuple)) and not all(isinstance(p, ArrayValue) for p in first):
                return NOT_FOLLOWED
            numpy = self.ctx.overlays.get(NumpyOverlay)
            return numpy.call_numpy(_AS_NUMPY[name], pos, {k: v for k, v in kw.items() if k != "name"}, node)
        return NOT_FOLLOWED
