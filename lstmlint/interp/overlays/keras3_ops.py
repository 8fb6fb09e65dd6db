"""Keras 3 refuses two things Keras 2 code does all the time, both found where the call is made.

- LST406: a ``keras.backend`` function Keras 3 removed. Measured (keras 3.15.1): ``keras.backend``
  holds only ``KERAS3_BACKEND``; any other name raises ``AttributeError: module 'keras.backend'
  has no attribute ...`` (``ImportError`` for ``from keras.backend import ...``). ``tf.keras.backend``
  of TensorFlow 2.21 is Keras 3's legacy backend: it lacks only ``TF_KERAS_BACKEND_REMOVED``.
  ``tf_keras.backend`` has everything.
- LST407: a TensorFlow function applied to a Keras symbolic tensor outside the code Keras traces
  (a ``Lambda`` function, a custom layer's or subclassed model's ``call``: ``ctx.traced``).
  Keras 3 raises ``ValueError: A KerasTensor cannot be used as input to a TensorFlow function``
  (``tf.constant`` another ValueError); operators and ``tf.is_tensor``/``tf.nest``/``tf.print``/
  ``tf.TensorShape``/``tf.dtypes`` are fine. A tensor counts as symbolic only when every input it
  comes from is a model input (``keras.Input``, a first layer's declared shape): tensors made
  from data (``model(np_array)``) are eager, and tensors of untracked origin are left alone.

Only findings are made here (never shapes): the overlays keep computing the results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.codes import Code
from lstmlint.graph.model import Application, InputNode, Tensor
from lstmlint.interp.values import Arg
from lstmlint.shapes.problems import ProblemKind, ShapeProblem

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

# dir(keras.backend), keras 3.15.1
KERAS3_BACKEND = frozenset(
    {
        "backend",
        "clear_session",
        "epsilon",
        "floatx",
        "get_uid",
        "image_data_format",
        "is_float_dtype",
        "is_int_dtype",
        "is_keras_tensor",
        "result_type",
        "set_epsilon",
        "set_floatx",
        "set_image_data_format",
        "standardize_dtype",
    }
)
# dir(tf_keras.backend) - dir(tf.keras.backend), TensorFlow 2.21 / keras 3.15.1 / tf_keras 2.21
TF_KERAS_BACKEND_REMOVED = frozenset(
    {
        "function",
        "in_test_phase",
        "in_train_phase",
        "learning_phase",
        "learning_phase_scope",
        "local_conv1d",
        "local_conv2d",
        "manual_variable_initialization",
        "normalize_batch_in_training",
        "placeholder",
        "print_tensor",
        "random_binomial",
        "reset_uids",
        "set_learning_phase",
    }
)
# tf.<module>.X measured to raise on a KerasTensor (``tf.X`` itself: every function but _TF_SAFE)
_TF_OP_MODULES = frozenset({"nn", "math", "linalg", "image", "signal", "debugging"})
# tf.X measured to accept a KerasTensor, or that do not take tensors
_TF_SAFE = frozenset(
    {"is_tensor", "print", "TensorShape", "function", "name_scope", "GradientTape", "device", "Module", "py_function"}
)


# tf.keras.backend functions measured to accept a KerasTensor (all others tried raise: ``mean``,
# ``sum``, ``concatenate``, ``shape``, ``ndim``, ``dot``, ... ValueError or AttributeError)
_TF_KERAS_BACKEND_SAFE = frozenset({"int_shape", "is_keras_tensor"})


def check_backend_call(ctx: Context, qual: str, path: tuple[str, ...], args: list[Arg] | None, node: cst.Call) -> None:
    """``K.mean(...)`` in a file judged by Keras 3: LST406 when the backend has no such function."""
    if len(path) != 2:
        return
    name = path[1]
    parts = qual.split(".")
    root = parts[0] if parts[1:2] == ["backend"] or parts[1:3] == ["keras", "backend"] else ""
    # (``keras.src.backend`` is Keras' internal backend, not the public ``keras.backend``)
    if root == "keras":
        if name in KERAS3_BACKEND:
            return
        where = "keras.backend"
    elif root == "tensorflow":
        if name not in TF_KERAS_BACKEND_REMOVED:
            if name not in _TF_KERAS_BACKEND_SAFE:
                check_tf_call(ctx, f"keras.backend.{name}", args, node)
            return
        where = "tf.keras.backend"
    else:
        return  # tf_keras: Keras 2 has them all
    ctx.sink.report(
        ShapeProblem(
            Code.REMOVED_BACKEND_FUNCTION,
            f"`{where}` has no `{name}` in Keras 3",
            kind=ProblemKind.OTHER,
            data={"function": name, "module": where},
        ),
        node,
    )


def _tensors(values: list[Any]) -> list[Tensor]:
    out: list[Tensor] = []
    stack = list(values)
    while stack:
        v = stack.pop()
        if isinstance(v, Tensor):
            out.append(v)
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
    return out


def propagate(ctx: Context, inputs: list[Any], result: Any) -> Any:
    """``result`` of a function of ``inputs`` (``keras.ops``, ``tf.*``, an operator): when the
    inputs are Keras symbolic tensors, so are the new tensors it made (they have no producer in
    the graph: remembered in ``ctx.symbolic``). Returns ``result``."""
    for value in inputs:
        if isinstance(value, (Tensor, list, tuple, dict)):
            break
    else:
        return result  # no tensor and nothing that can hold one (most operators' operands)
    tensors = _tensors(inputs)
    if not tensors or not all(symbolic(t, ctx) for t in tensors):
        return result
    for t in _tensors([result]):
        if t.producer is None:
            ctx.symbolic[id(t)] = t
    return result


def symbolic(tensor: Tensor, ctx: Context | None = None) -> bool:
    """Does every input ``tensor`` comes from prove it a Keras symbolic tensor?"""
    known = ctx.symbolic if ctx is not None else {}
    stack: list[Tensor] = [tensor]
    seen: set[int] = set()
    found = False
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        producer = t.producer
        if known.get(id(t)) is t:
            found = True  # made by a function of symbolic tensors, or proven before
        elif isinstance(producer, InputNode):
            if producer.source == "array":
                return False  # data given to a model: an eager tensor
            found = True
        elif isinstance(producer, Application):
            if not producer.inputs:
                return False
            stack.extend(producer.inputs)
        else:
            return False  # origin not tracked
    if found and ctx is not None:
        ctx.symbolic[id(tensor)] = tensor  # the next walk stops here
    return found


def check_tf_call(ctx: Context, name: str, args: list[Arg] | None, node: cst.Call) -> None:
    """``tf.<name>(...)`` on a Keras symbolic tensor outside traced code: LST407."""
    if args is None or ctx.traced:
        return
    module, _, short = name.rpartition(".")
    if module and module not in _TF_OP_MODULES and module != "keras.backend":
        return
    if not module and (short in _TF_SAFE or not short[:1].islower()):
        return  # classes (``tf.Variable``, ``tf.TensorShape``) and the measured safe functions
    tensors = _tensors([a.value for a in args])
    if not tensors or not all(symbolic(t, ctx) for t in tensors):
        return
    if any(t.poisoned for t in tensors):
        return
    ctx.sink.report(
        ShapeProblem(
            Code.TF_FUNCTION_ON_KERAS_TENSOR,
            f"`tf.{name}` applied to a Keras symbolic tensor",
            kind=ProblemKind.OTHER,
            data={"function": name},
        ),
        node,
    )
