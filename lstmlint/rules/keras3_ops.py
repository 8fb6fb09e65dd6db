"""Keras 2 -> Keras 3: tensor functions Keras 3 does not run (LST406, LST407).

The findings come from the interpreter (``interp/overlays/keras3_ops.py``), where each call is
resolved through the file's imports and its arguments are known values. The fixes replace the
called function with its ``keras.ops`` twin, only where the twin takes the same positional
arguments with the same meaning and defaults (each measured against tf_keras and TensorFlow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from lstmlint.codes import Code
from lstmlint.findings import Finding
from lstmlint.fix.edits import Edit, InsertBefore, ReplaceExpr, SetKeyword
from lstmlint.fix.plan import FixPlan
from lstmlint.rules.base import Context, Rule, register

if TYPE_CHECKING:
    from lstmlint.fix.builders import Planner

# Keras 2 backend function -> (keras.ops function, keywords both spell alike, default axis to write)
# measured: same positional parameters, same defaults (or the default written out), same results
BACKEND_TWINS: dict[str, tuple[str, frozenset[str], str | None]] = {
    "mean": ("mean", frozenset({"axis", "keepdims"}), None),
    "sum": ("sum", frozenset({"axis", "keepdims"}), None),
    "max": ("max", frozenset({"axis", "keepdims"}), None),
    "min": ("min", frozenset({"axis", "keepdims"}), None),
    "square": ("square", frozenset(), None),
    "abs": ("abs", frozenset(), None),
    "exp": ("exp", frozenset(), None),
    "tanh": ("tanh", frozenset(), None),
    "sigmoid": ("sigmoid", frozenset(), None),
    "stack": ("stack", frozenset({"axis"}), None),
    "concatenate": ("concatenate", frozenset({"axis"}), "-1"),  # K: axis=-1, ops: axis=0
    "expand_dims": ("expand_dims", frozenset({"axis"}), "-1"),  # K: axis=-1, ops: required
}
# TensorFlow function -> (keras.ops function, keywords both spell alike); positional order alike
TF_TWINS: dict[str, tuple[str, frozenset[str]]] = {
    "concat": ("concatenate", frozenset({"axis"})),
    "reduce_mean": ("mean", frozenset({"axis", "keepdims"})),
    "reduce_sum": ("sum", frozenset({"axis", "keepdims"})),
    "reduce_max": ("max", frozenset({"axis", "keepdims"})),
    "reduce_min": ("min", frozenset({"axis", "keepdims"})),
    "expand_dims": ("expand_dims", frozenset({"axis"})),
    "stack": ("stack", frozenset({"axis"})),
    "squeeze": ("squeeze", frozenset({"axis"})),
    "reshape": ("reshape", frozenset()),
    "square": ("square", frozenset()),
    "math.square": ("square", frozenset()),
    "abs": ("abs", frozenset()),
    "math.abs": ("abs", frozenset()),
    "exp": ("exp", frozenset()),
    "math.exp": ("exp", frozenset()),
    "tanh": ("tanh", frozenset()),
    "math.tanh": ("tanh", frozenset()),
    "nn.relu": ("relu", frozenset()),
    "nn.sigmoid": ("sigmoid", frozenset()),
    "sigmoid": ("sigmoid", frozenset()),
}


def _ops_prefix(planner: Planner, call: cst.Call) -> tuple[str, list[Edit]] | None:
    """How to name ``keras.ops`` here, with the edits that make it available (``import keras``)."""
    src = planner.src
    for local, (qual, _stmt) in sorted(src.imports.items()):
        if qual == "keras.ops":
            return local, []
    for local, (qual, _stmt) in sorted(src.imports.items()):
        if qual == "keras":
            return f"{local}.ops", []
    if "keras" in src.stores or "keras" in src.imports:
        return None  # the name means something else here
    # ``import keras`` right before the first import statement of the module
    for stmt in planner.src.module.body:
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(s, (cst.Import, cst.ImportFrom))
            and not (isinstance(s, cst.ImportFrom) and s.module is not None and _future(s.module))
            for s in stmt.body
        ):
            return "keras.ops", [InsertBefore(stmt, ("import keras",))]
    return None


def _future(module: cst.BaseExpression) -> bool:
    return isinstance(module, cst.Name) and module.value == "__future__"


def _plain_args(call: cst.Call, keywords: frozenset[str]) -> bool:
    """No ``*args``/``**kwargs``, and only keywords both functions spell alike."""
    return all(not a.star and (a.keyword is None or a.keyword.value in keywords) for a in call.args)


def _has_axis(call: cst.Call) -> bool:
    positional = [a for a in call.args if a.keyword is None]
    return len(positional) > 1 or any(a.keyword is not None and a.keyword.value == "axis" for a in call.args)


@register
class RemovedBackendFunction(Rule):
    code = Code.REMOVED_BACKEND_FUNCTION
    what = (
        "Flags a call of a `keras.backend` function Keras 3 does not have (`K.mean`, `K.sum`, "
        "`K.concatenate`, `K.int_shape`, `K.shape`, ...; any import style), and of the few "
        "`tf.keras.backend` functions TensorFlow 2.16+ dropped (`set_learning_phase`, `placeholder`, "
        "`function`, ...), in a file judged by Keras 3."
    )
    why = (
        "Keras 3's `keras.backend` keeps only `epsilon`, `floatx`, `image_data_format`, `clear_session` "
        "and a few dtype helpers: `K.mean(...)` raises `AttributeError: module 'keras.backend' has no "
        "attribute 'mean'` (in a `Lambda` too), `from keras.backend import mean` an `ImportError`. "
        "`tf_keras.backend` (Keras 2) has them all."
    )
    example = (
        "import keras\n"
        "from keras import backend as K\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        "x = layers.Lambda(lambda t: K.mean(t, axis=1))(inputs)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        "x = layers.Lambda(lambda t: keras.ops.mean(t, axis=1))(inputs)\n"
    )
    fix_safety = (
        "`--fix` calls the `keras.ops` function of the same meaning (adding `import keras` when the file "
        "has none) for `mean`, `sum`, `max`, `min`, `square`, `abs`, `exp`, `tanh`, `sigmoid`, `stack`, "
        "and `concatenate`/`expand_dims` (writing Keras 2's default `axis=-1`, which `keras.ops` does not "
        "share): safe, the arguments and results are the same. Others (`K.shape`, `K.int_shape`, `K.dot`, "
        "`K.batch_dot`, `K.sqrt`, which clips negatives in Keras 2, ...) differ in meaning: no fix."
    )

    def expects(self, finding: Finding) -> str:
        return "removed in Keras 3"

    def help(self, finding: Finding, ctx: Context) -> str:
        name = str(finding.problem.data.get("function"))
        twin = BACKEND_TWINS.get(name)
        if twin is not None:
            return f"call `keras.ops.{twin[0]}` instead"
        if name == "int_shape":
            return "read the tensor's `.shape` (a tuple in Keras 3)"
        if name == "shape":
            return "use `keras.ops.shape(x)` (a tuple of ints and None in Keras 3) or the tensor's `.shape`"
        return "use the `keras.ops` function of the same meaning, or keep the file on Keras 2 (`tf_keras`)"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        return _twin_fix(finding, planner, BACKEND_TWINS.get(str(finding.problem.data.get("function"))))


@register
class TfFunctionOnKerasTensor(Rule):
    code = Code.TF_FUNCTION_ON_KERAS_TENSOR
    what = (
        "Flags a TensorFlow function (`tf.concat`, `tf.reduce_mean`, `tf.expand_dims`, `tf.shape`, "
        "`tf.nn.*`, `tf.math.*`, ..., and the `tf.keras.backend` functions TensorFlow 2.16+ still has, "
        "such as `K.mean`) applied to a Keras symbolic tensor (one that comes from `keras.Input`) outside "
        "a `Lambda` function and a custom layer's or model's `call`, in a file judged by Keras 3."
    )
    why = (
        "Keras 3 raises `ValueError: A KerasTensor cannot be used as input to a TensorFlow function` "
        "while the model is built. Keras 2 wrapped such calls in a layer (`TFOpLambda`); Keras 3 takes "
        "only layers and `keras.ops` on symbolic tensors (`tf.keras.backend` functions other than `int_shape` "
        "raise too, some with an `AttributeError`). Operators (`x + 1`) and `tf.is_tensor` are fine, "
        "and so is any TensorFlow function inside a `Lambda` or a layer's `call`, where Keras traces real tensors."
    )
    example = (
        "import keras\n"
        "import tensorflow as tf\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        "x = tf.reduce_mean(inputs, axis=1)\n"
    )
    use_instead = (
        "import keras\n"
        "import tensorflow as tf\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        "x = keras.ops.mean(inputs, axis=1)\n"
    )
    fix_safety = (
        "`--fix` calls the `keras.ops` twin (adding `import keras` when the file has none) of `tf.concat`, "
        "`tf.reduce_mean`/`sum`/`max`/`min`, `tf.expand_dims`, `tf.stack`, `tf.squeeze`, `tf.reshape`, "
        "`tf.square`, `tf.abs`, `tf.exp`, `tf.tanh`, `tf.sigmoid`, `tf.nn.relu`, when the call passes "
        "only arguments both spell alike (no `name=`): safe, same arguments and result. Other functions: "
        "no fix (wrap them in a `Lambda` layer)."
    )

    def expects(self, finding: Finding) -> str:
        return "a KerasTensor cannot be used as input to a TensorFlow function"

    def help(self, finding: Finding, ctx: Context) -> str:
        name = str(finding.problem.data.get("function"))
        twin = _tf_twin(name)
        if twin is not None:
            return f"call `keras.ops.{twin[0]}` instead (or do it inside a `Lambda` layer)"
        return "use the `keras.ops` function of the same meaning, or wrap the call in a `Lambda` layer"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        return _twin_fix(finding, planner, _tf_twin(str(finding.problem.data.get("function"))))


def _tf_twin(name: str) -> tuple[str, frozenset[str], str | None] | None:
    """The ``keras.ops`` twin of ``tf.<name>`` (``keras.backend.X``: ``tf.keras.backend.X``)."""
    if name.startswith("keras.backend."):
        return BACKEND_TWINS.get(name[len("keras.backend.") :])
    twin = TF_TWINS.get(name)
    return (twin[0], twin[1], None) if twin is not None else None


def _twin_fix(
    finding: Finding, planner: Planner, twin: tuple[str, frozenset[str], str | None] | None
) -> FixPlan | None:
    """Call ``keras.ops.<twin>`` with the same arguments (and the old default axis written out)."""
    call = finding.node
    if twin is None or not isinstance(call, cst.Call) or not _plain_args(call, twin[1]):
        return None
    prefix = _ops_prefix(planner, call)
    if prefix is None:
        return None
    ops, edits = prefix
    edits = [*edits, ReplaceExpr(call.func, f"{ops}.{twin[0]}")]
    if twin[2] is not None and not _has_axis(call):
        edits.append(SetKeyword(call, "axis", twin[2]))
    return FixPlan(finding, edits, [f"call `keras.ops.{twin[0]}`"], [])
