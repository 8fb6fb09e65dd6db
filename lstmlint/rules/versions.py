"""Keras 2 -> Keras 3: what the file's Keras refuses because of the version it runs on.

Each file is judged by its Keras target (``source/keras_target.py``): these findings come from
``layers/migration.py`` (constructor keywords, removed classes) and the Keras overlay (removed
model methods, ``layer.output_shape``, optimizer ``lr=``). With ``--keras-version 3`` on Keras 2
code they are the migration list, each with its fix.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import libcst as cst

from lstmlint.codes import Code
from lstmlint.findings import Finding
from lstmlint.fix.edits import Edit, ReplaceExpr, SetKeyword
from lstmlint.fix.plan import FixPlan
from lstmlint.interp.names import node_kinds
from lstmlint.rules.base import Context, Rule, register
from lstmlint.shapes.problems import ProblemKind, ShapeProblem
from lstmlint.source.imports import dotted
from lstmlint.source.keras_target import KerasVersion

if TYPE_CHECKING:
    from lstmlint.fix.builders import Planner

# model methods Keras removed -> what replaces them (``None``: no one-to-one replacement)
GENERATOR_METHODS = {"fit_generator": "fit", "predict_generator": "predict", "evaluate_generator": "evaluate"}


def _call_of(node: cst.CSTNode, planner: Planner) -> cst.Call | None:
    """The call a keyword argument ``node`` is written in."""
    parent = planner.src.parent.get(id(node))
    return parent if isinstance(parent, cst.Call) else None


@register
class UnrecognizedArgument(Rule):
    code = Code.UNRECOGNIZED_LAYER_ARGUMENT
    what = (
        "Flags a keyword argument that the layer's constructor does not take in Keras 3, read from "
        "the table generated from Keras' own signatures (only for layers that table covers, and "
        "only keywords written in the call: `**kwargs` are not seen)."
    )
    why = "Keras 3 raises `ValueError: Unrecognized keyword arguments passed to ...` when the layer is created."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        'x = layers.Dense(8, activaton="relu")(inputs)\n'
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        'x = layers.Dense(8, activation="relu")(inputs)\n'
    )

    def expects(self, finding: Finding) -> str:
        return "not an argument of this layer in Keras 3"

    def help(self, finding: Finding, ctx: Context) -> str:
        data = finding.problem.data
        name = str(data.get("argument"))
        accepted = [str(a) for a in data.get("accepted", ())]
        close = difflib.get_close_matches(name, accepted, n=1, cutoff=0.75)
        if close:
            return f"did you mean `{close[0]}=`? (otherwise remove `{name}=`)"
        return f"remove `{name}=`: the layer has no such argument in Keras 3"


@register
class Keras1ArgumentName(Rule):
    code = Code.KERAS1_ARGUMENT_NAME
    what = (
        "Flags a Keras 1 argument name (`output_dim=`, `nb_filter=`, `filter_length=`, `border_mode=`, "
        "`init=`, `subsample=`, `W_regularizer=`, `dropout_W=`, ...) on a layer whose current name for it "
        "is known, and `lr=` on a Keras 3 optimizer."
    )
    why = (
        "Keras 2 renamed these arguments and Keras 3 refuses the old names (`Unrecognized keyword arguments`, "
        "or `Argument(s) not recognized: {'lr': ...}` for an optimizer); tf_keras raises "
        "`Keyword argument not understood`."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        'x = layers.Conv1D(16, 3, border_mode="same")(inputs)\n'
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 4))\n"
        'x = layers.Conv1D(16, 3, padding="same")(inputs)\n'
    )
    fix_safety = "`--fix` renames the argument, keeping its value: safe, it is the same argument."

    def expects(self, finding: Finding) -> str:
        return f"renamed to `{finding.problem.data.get('new')}`"

    def help(self, finding: Finding, ctx: Context) -> str:
        data = finding.problem.data
        return f"write `{data.get('new')}=` instead of `{data.get('argument')}=`"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        arg = finding.node
        call = _call_of(arg, planner)
        new, old = finding.problem.data.get("new"), finding.problem.data.get("argument")
        if not isinstance(arg, cst.Arg) or call is None or not isinstance(new, str) or not isinstance(old, str):
            return None
        if any(a.keyword is not None and a.keyword.value == new for a in call.args):
            return None  # both spellings given: the user must choose
        value = " ".join(planner.src.code(arg.value).split())
        edits: list[Edit] = [SetKeyword(call, old, None), SetKeyword(call, new, value)]
        return FixPlan(finding, edits, [f"rename `{old}=` to `{new}=`"], [])


@register
class RemovedLayerClass(Rule):
    code = Code.REMOVED_LAYER_CLASS
    what = (
        "Flags the Keras 1 `Merge` layer, which Keras removed in 2.2.0, and, in a file judged by Keras 3, "
        "the other Keras 1 layer classes Keras 3 does not have (`AtrousConvolution1D`/`2D`, "
        "`Deconvolution2D`/`3D`, `TimeDistributedDense`, `MaxoutDense`, `Highway`)."
    )
    why = "The Keras that runs the file does not have it: importing or calling it fails."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "a = keras.Input(shape=(8,))\n"
        "b = keras.Input(shape=(8,))\n"
        'x = layers.Merge([a, b], mode="concat")\n'
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "a = keras.Input(shape=(8,))\n"
        "b = keras.Input(shape=(8,))\n"
        "x = layers.Concatenate()([a, b])\n"
    )
    fix_safety = (
        "No automatic fix: `Merge`'s replacement depends on `mode` (concat, sum, mul, ave, max, dot, cos), "
        "and a Keras 1 class takes Keras 1 arguments its Keras 3 successor does not (the help names it)."
    )

    def expects(self, finding: Finding) -> str:
        return "removed from Keras"

    def help(self, finding: Finding, ctx: Context) -> str:
        return str(finding.problem.data.get("advice", "use the merge layer for the mode"))


@register
class RemovedModelMethod(Rule):
    code = Code.REMOVED_MODEL_METHOD
    what = (
        "Flags `fit_generator`, `predict_generator`, `evaluate_generator`, `predict_classes`, "
        "`predict_proba` and `reset_states` on a model and `output_shape` on a layer, under Keras 3."
    )
    why = (
        "Keras 3 models have no `*_generator` methods (`fit`, `predict` and `evaluate` take generators), "
        "no `predict_classes` or `predict_proba` (gone since TensorFlow 2.6) and no `reset_states` "
        "(recurrent layers keep theirs); Keras 3 layers have no `output_shape`. Each raises `AttributeError` "
        "when the line runs."
    )
    example = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])\n"
        'model.compile(loss="mse")\n'
        "\n"
        "\n"
        "def batches():\n"
        "    while True:\n"
        "        yield np.zeros((8, 4)), np.zeros((8, 1))\n"
        "\n"
        "\n"
        "model.fit_generator(batches(), steps_per_epoch=1, verbose=0)\n"
    )
    use_instead = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])\n"
        'model.compile(loss="mse")\n'
        "\n"
        "\n"
        "def batches():\n"
        "    while True:\n"
        "        yield np.zeros((8, 4)), np.zeros((8, 1))\n"
        "\n"
        "\n"
        "model.fit(batches(), steps_per_epoch=1, verbose=0)\n"
    )
    fix_safety = (
        "`--fix` renames `fit_generator`/`predict_generator`/`evaluate_generator`/`predict_proba` to "
        "`fit`/`predict`/`evaluate`/`predict` and `layer.output_shape` to `layer.output.shape` "
        "(safe: same arguments, same result). "
        "`predict_classes(x)` becomes `predict(x).argmax(axis=-1)`: unsafe, because for a single sigmoid "
        "output Keras 2 returned `(p > 0.5)` instead."
    )

    def expects(self, finding: Finding) -> str:
        return "removed in Keras 3"

    def help(self, finding: Finding, ctx: Context) -> str:
        method = finding.problem.data.get("method")
        if method in GENERATOR_METHODS:
            return f"call `{GENERATOR_METHODS[str(method)]}` instead: it takes the same generator and arguments"
        if method == "predict_proba":
            return "call `predict` instead: Keras 2's `predict_proba` returned what `predict` returns"
        if method == "predict_classes":
            return "use `model.predict(x).argmax(axis=-1)` (or `(model.predict(x) > 0.5)` for one sigmoid output)"
        if method == "reset_states":
            return (
                "reset each stateful layer instead: `for layer in model.layers: "
                'if getattr(layer, "stateful", False): layer.reset_states()`'
            )
        return "use `layer.output.shape` (a layer called once), or the model's `summary()`"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        method = finding.problem.data.get("method")
        node = finding.node
        if method in GENERATOR_METHODS and isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            new = GENERATOR_METHODS[str(method)]
            code = f"{planner.src.code(node.func.value)}.{new}"
            return FixPlan(finding, [ReplaceExpr(node.func, code)], [f"call `.{new}` instead of `.{method}`"], [])
        if method == "predict_proba" and isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            code = f"{planner.src.code(node.func.value)}.predict"
            return FixPlan(finding, [ReplaceExpr(node.func, code)], ["call `.predict` instead of `.predict_proba`"], [])
        if method == "predict_classes" and isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            inner = planner.src.code(node).replace(".predict_classes(", ".predict(", 1)
            if f"{planner.src.code(node.func.value)}.predict(" not in inner:
                return None
            plan = FixPlan(
                finding,
                [ReplaceExpr(node, f"{inner}.argmax(axis=-1)")],
                ["replace `predict_classes(x)` with `predict(x).argmax(axis=-1)`"],
                [],
            )
            plan.unsafe = "a single sigmoid output was thresholded at 0.5 by `predict_classes`, not arg-maxed"
            return plan
        if method == "output_shape" and isinstance(node, cst.Attribute):
            # ``layer.output`` exists for a layer called exactly once (as ``output_shape`` did)
            layer = finding.layer
            if layer is None or sum(app.layer is layer for app in planner.analysis.applications) != 1:
                return None
            code = f"{planner.src.code(node.value)}.output.shape"
            return FixPlan(finding, [ReplaceExpr(node, code)], ["read `.output.shape` instead of `.output_shape`"], [])
        return None


# ------------------------------------------------------------------ LST108 and LST107 (rules/layers.py)
def removed_argument_help(finding: Finding) -> str | None:
    """The help of an LST108 finding about a Keras 2 argument other than ``batch_input_shape``."""
    name = finding.problem.data.get("argument")
    if name == "batch_input_shape":
        return None
    if name == "time_major":
        return "remove `time_major=`: Keras 3 recurrent layers read (batch, time, features) only"
    return f'remove `{name}=` (Keras 3 dropped it), or keep the file on Keras 2 (`keras-version = "2"`)'


def removed_argument_fix(finding: Finding, planner: Planner) -> FixPlan | None:
    """``time_major=False`` (the default) removed; ``time_major=True`` has no Keras 3 equivalent."""
    name = finding.problem.data.get("argument")
    arg = finding.node
    if name != "time_major" or not isinstance(arg, cst.Arg):
        return None
    call = _call_of(arg, planner)
    if call is None or not (isinstance(arg.value, cst.Name) and arg.value.value == "False"):
        return None
    return FixPlan(finding, [SetKeyword(call, "time_major", None)], ["remove `time_major=False` (the default)"], [])


def tuple_shape_fix(finding: Finding, planner: Planner) -> FixPlan | None:
    """``Input(shape=7)`` -> ``Input(shape=(7,))``: what Keras 2 made of the int."""
    call = finding.node
    if not isinstance(call, cst.Call):
        return None
    for arg in call.args:
        keyword = arg.keyword.value if arg.keyword is not None else None
        if (keyword == "shape" or (keyword is None and arg is call.args[0] and not arg.star)) and not isinstance(
            arg.value, (cst.Tuple, cst.List)
        ):
            value = " ".join(planner.src.code(arg.value).split())
            return FixPlan(finding, [ReplaceExpr(arg.value, f"({value},)")], [f"write the shape as `({value},)`"], [])
    return None


# ------------------------------------------------------------------ LST405: imports of tf_keras
def keras2_import_findings(module: cst.Module, version: KerasVersion, text: str | None = None) -> list[Finding]:
    """``import tf_keras as keras`` / ``from tf_keras... import`` in a file judged by Keras 3 (only
    a setting can make such a file Keras 3: ``auto`` judges it by Keras 2). ``text``: the source
    ``module`` was parsed from, when the caller has it: a name is written in it as it is in the
    tree, so a file without ``tf_keras`` imports none, and its statements are not walked."""
    if version is not KerasVersion.KERAS3 or (text is not None and "tf_keras" not in text):
        return []
    out: list[Finding] = []
    for node in _imports(module):
        if isinstance(node, cst.Import):
            for alias in node.names:
                name = dotted(alias.name)
                if name is not None and (name == "tf_keras" or name.startswith("tf_keras.")):
                    out.append(_import_finding(alias, name))
            continue
        name = dotted(node.module) if node.module is not None and not node.relative else None
        if name is not None and (name == "tf_keras" or name.startswith("tf_keras.")):
            out.append(_import_finding(node, name))
    return out


_SUITES = ("body", "handlers", "orelse", "finalbody", "cases")  # in source order
# exact classes (``type(node) in``): ``isinstance`` on libcst's classes goes through ``ABCMeta``
_SMALL_STATEMENTS = node_kinds(cst.BaseSmallStatement)


def _imports(module: cst.Module) -> list[cst.Import | cst.ImportFrom]:
    """Every import statement of ``module``, in source order. Imports are statements, so only
    statements and their suites are read, from the nodes' fields (libcst's ``children`` rebuilds
    every subtree it passes: walking the whole tree with it was half of lstmlint's time)."""
    found: list[cst.Import | cst.ImportFrom] = []
    stack: list[cst.CSTNode] = list(reversed(module.body))
    while stack:
        node = stack.pop()
        # exact types, and the small-statement test once per class: each ``isinstance`` on
        # libcst's classes goes through ``ABCMeta``, and every statement of the file comes here
        kind = type(node)
        if kind is cst.Import or kind is cst.ImportFrom:
            found.append(node)  # type: ignore[arg-type]
        elif kind is cst.SimpleStatementLine or kind is cst.SimpleStatementSuite or kind is cst.IndentedBlock:
            stack.extend(reversed(node.body))  # type: ignore[attr-defined]
        elif kind not in _SMALL_STATEMENTS:  # compound statements, else/except/finally/case
            parts: list[cst.CSTNode] = []
            for field in _SUITES:
                value = getattr(node, field, None)
                if value is None:
                    continue
                if isinstance(value, (list, tuple)):
                    parts.extend(value)
                elif isinstance(value, cst.CSTNode):
                    parts.append(value)
            stack.extend(reversed(parts))
    return found


def _import_finding(node: cst.CSTNode, name: str) -> Finding:
    return Finding(
        ShapeProblem(
            Code.KERAS2_IMPORT,
            f"imports `{name}` (Keras 2) in a file judged by Keras 3",
            kind=ProblemKind.OTHER,
            data={"module": name},
        ),
        node,
        severity="warning",
    )


@register
class Keras2Import(Rule):
    code = Code.KERAS2_IMPORT
    what = "Flags `import tf_keras ...` and `from tf_keras... import ...` in a file lstmlint judges by Keras 3."
    why = (
        'With `keras-version = "3"` (in the configuration, on the command line or in a '
        "`# lstmlint: keras-version = 3` comment) you declared the code runs on Keras 3, but this "
        "import still runs it on Keras 2: the Keras 3 findings (and their fixes) would not describe what runs."
    )
    example = (
        "# lstmlint: keras-version = 3\n"
        "import tf_keras as keras\n"
        "\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])\n"
    )
    use_instead = (
        "# lstmlint: keras-version = 3\n"
        "import keras\n"
        "\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])\n"
    )
    fix_safety = (
        "`--fix` imports the same names from `keras` (`import tf_keras as k` -> `import keras as k`, "
        "`from tf_keras.layers import LSTM` -> `from keras.layers import LSTM`): safe once the other Keras 3 "
        "findings are fixed, which the verifying re-analysis checks. `import tf_keras` without `as` and "
        "`tf_keras.src` paths are left to you."
    )

    def expects(self, finding: Finding) -> str:
        return "Keras 2"

    def help(self, finding: Finding, ctx: Context) -> str:
        name = str(finding.problem.data.get("module"))
        return f"import from `keras` instead of `{name.split('.')[0]}` (`{name.replace('tf_keras', 'keras', 1)}`)"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        node = finding.node
        name = str(finding.problem.data.get("module"))
        if ".src" in name:
            return None
        new = "keras" + name[len("tf_keras") :]
        if isinstance(node, cst.ImportAlias) and node.asname is not None and name == "tf_keras":
            return FixPlan(finding, [ReplaceExpr(node.name, new)], [f"import `{new}` instead of `{name}`"], [])
        if isinstance(node, cst.ImportFrom) and node.module is not None:
            return FixPlan(finding, [ReplaceExpr(node.module, new)], [f"import from `{new}` instead of `{name}`"], [])
        return None
