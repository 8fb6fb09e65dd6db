"""Merges: Add & co., Concatenate, Dot."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from lstmlint.codes import Code
from lstmlint.findings import Finding
from lstmlint.fix.edits import Edit, InsertBefore, ReplaceExpr
from lstmlint.fix.plan import FixPlan
from lstmlint.fix.source import call_arg
from lstmlint.graph.model import Application, Tensor
from lstmlint.graph.walk import look_through
from lstmlint.layers.spec import spec_for, traits_of
from lstmlint.rules.base import Context, Rule, layer_line, operand_name, recurrent_cause, register, sequence_source
from lstmlint.shapes import Dim, fmt_dim, is_int
from lstmlint.shapes.problems import ProblemKind

if TYPE_CHECKING:
    from lstmlint.fix.builders import Planner


def _where(finding: Finding, index: int, ctx: Context) -> str:
    """ "`lstm1` (line 6)": an operand as written, with the line its shape comes from."""
    name = operand_name(finding, index, ctx)
    t = finding.app.inputs[index]  # type: ignore[union-attr]
    producer = t.producer
    node = getattr(producer, "node", None)
    if node is not None and node is not finding.node:
        return f"{name} (line {ctx.line(node)})"
    return name


def _time(t: Tensor) -> Dim:
    dims = t.shape.dims
    return dims[1] if dims and len(dims) == 3 else None


def _return_sequences_advice(finding: Finding, low: int, ctx: Context) -> str | None:
    app = finding.app
    assert app is not None
    cause = recurrent_cause(app.inputs[low])
    if cause is None:
        return None
    return f"set `return_sequences=True` on the `{cause.layer.cfg.display}` at line {layer_line(cause, ctx)}"


def _projection(finding: Finding, i: int, j: int, ctx: Context) -> str | None:
    """`Dense(w)` on the narrower of two branches, when both widths are known and differ."""
    app = finding.app
    assert app is not None
    wi, wj = app.inputs[i].shape.last, app.inputs[j].shape.last
    if not (is_int(wi) and is_int(wj)) or wi == wj:
        return None
    narrow, wide = (i, wj) if wi < wj else (j, wi)
    return (
        f"project the narrower branch to {wide}: `Dense({wide})` on {_where(finding, narrow, ctx)}, "
        "as a projection shortcut does"
    )


def _operator_help(finding: Finding) -> str:
    """``a + b``, ``keras.ops.add(a, b)``, ... of shapes that do not broadcast."""
    data = finding.problem.data
    axis = data.get("axis", -1)
    p, q = data.get("sizes", (None, None))
    if axis == -1 and is_int(p) and is_int(q):
        wide = max(p, q)
        return (
            f"make both operands {wide} wide (the same `units`/`output_dim` on both sides, or a "
            f"`Dense({wide})` projection of the narrower one), or use `Concatenate()` if the widths "
            "legitimately differ"
        )
    return f"make axis {axis} the same size on both operands ({p} vs {q}), or 1 on one of them"


@register
class MergeShapeMismatch(Rule):
    code = Code.MERGE_SHAPE_MISMATCH
    what = (
        "Flags an element-wise merge whose inputs cannot be broadcast together, e.g. a 32-wide "
        "branch added to a 64-wide one: the `Add`/`Subtract`/`Multiply`/`Average`/`Maximum`/`Minimum` "
        "layers, and the same combination written with an operator on Keras tensors (`x + y`, `-`, `*`, "
        "`/`, `+=`, ...) or a function (`keras.ops.add`/`subtract`/`multiply`/`maximum`/..., `tf.add`, "
        "`tf.multiply`, `K.maximum`, ...) at model level, in a `Lambda` or in a custom layer's `call`, "
        "such as a token embedding plus a position embedding of another width, "
        "`(None, 20, 32) + (20, 16)`. Only two known sizes that differ, neither of them 1, at an aligned "
        "axis count (shapes are aligned from the last axis, as NumPy broadcasts); `None` and named sizes "
        "never do."
    )
    why = (
        "Keras refuses to build it (`Inputs have incompatible shapes`; for operators and `keras.ops`, "
        "`Cannot broadcast shape, the failure dim has value 32, which cannot be broadcasted to 16`; Keras 2, "
        "and TensorFlow inside a layer's `call`: `Dimensions must be equal, but are 32 and 16`). Skip "
        "connections need both branches to have the same width. (A `Lambda` with `output_shape=` is not "
        "run by Keras 3 while the model is built: there the mismatch fails only on data, and is not reported.)"
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 8))\n"
        "a = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "b = layers.LSTM(64, return_sequences=True)(a)\n"
        "y = layers.Add()([a, b])\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 8))\n"
        "a = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "b = layers.LSTM(64, return_sequences=True)(a)\n"
        "shortcut = layers.Dense(64)(a)\n"
        "y = layers.Add()([shortcut, b])\n"
    )
    fix_safety = (
        "Unsafe (the weights change): `--fix --unsafe-fixes` makes the narrower branch as wide as the other. "
        "When that branch is made by a `Dense` that feeds nothing but the merge (a gate such as "
        '`Multiply()([h, Dense(24, activation="sigmoid")(h)])`), it sets that `Dense`\'s units to the width; '
        "otherwise it inserts a projection `Dense(width)` on the narrower branch, as a projection shortcut "
        "does, with `return_sequences=True` upstream when a branch lost its time axis. Inside a function "
        "the width is written in the function's own terms (`Dense(width)` from its parameter, or "
        "`Dense(h.shape[-1])`), so one edit fixes every call, and the fix is kept only if every call the "
        "analysis followed is clean afterwards. Safe, as it adds no weights: a `RepeatVector` whose count "
        "differs from the sequence it is added to gets that sequence's length. Operators and functions: "
        "no fix (the help line names the axis and the width to reach)."
    )

    def expects(self, finding: Finding) -> str:
        if finding.app is None:  # an operator or a function such as ``keras.ops.add``
            return "operands must broadcast"
        return "inputs must have the same shape"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        if app is None:
            return _operator_help(finding)
        i, j = finding.problem.data.get("pair", (0, 1))
        a, b = app.inputs[i].shape, app.inputs[j].shape
        parts: list[str] = []
        if a.rank != b.rank:
            low = i if (a.rank or 0) < (b.rank or 0) else j
            rs = _return_sequences_advice(finding, low, ctx)
            if rs:
                parts.append(rs)
        proj = _projection(finding, i, j, ctx)
        if proj:
            parts.append(proj)
        if not parts:
            if a.rank == b.rank and a.dims and b.dims and len(a.dims) == 3:
                ta, tb = a.dims[1], b.dims[1]
                return (
                    f"the time axes differ ({fmt_dim(ta)} vs {fmt_dim(tb)}): give both branches "
                    "the same number of steps (e.g. `padding='same'`)"
                )
            return "make both branches the same shape, or use `Concatenate()` if they legitimately differ"
        text = "; and ".join(parts)
        if proj:
            text += "; or use `Concatenate()` if the widths legitimately differ"
        return text

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        return merge_fix(self.code, finding, planner)


@register
class MergeBroadcastsOverTime(Rule):
    code = Code.MERGE_BROADCASTS_VECTOR_OVER_TIME
    what = "Flags `Add` & co. of a sequence (batch, time, width) and a vector (batch, width)."
    why = (
        "Keras builds it without complaint by repeating the vector at each step, which is rarely "
        "what was meant: usually an upstream recurrent layer lacks `return_sequences=True`."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "seq = keras.Input(shape=(10, 32))\n"
        "last = layers.LSTM(32)(seq)  # (None, 32)\n"
        "y = layers.Add()([seq, last])  # (None, 10, 32), silently\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "seq = keras.Input(shape=(10, 32))\n"
        "steps = layers.LSTM(32, return_sequences=True)(seq)\n"
        "y = layers.Add()([seq, steps])\n"
    )
    fix_safety = (
        "Unsafe, as the model builds as it is: `--fix --unsafe-fixes` sets `return_sequences=True` upstream "
        "(each step then gets its own vector) or, with no recurrent layer to blame, makes the broadcast "
        "explicit with `RepeatVector(steps)`."
    )

    def expects(self, finding: Finding) -> str:
        return "vector repeated at every time step"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        low = finding.problem.data.get("low", 1)
        high = finding.problem.data.get("high", 0)
        t = _time(app.inputs[high])
        repeat = f"`RepeatVector({fmt_dim(t)})`" if t is not None else "`RepeatVector(timesteps)`"
        rs = _return_sequences_advice(finding, low, ctx)
        explicit = f"make it explicit with {repeat} on {_where(finding, low, ctx)}"
        if rs:
            return f"{rs} so both are sequences; if one vector per sequence is intended, {explicit}"
        return f"if one vector per sequence is intended, {explicit}"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        return merge_fix(self.code, finding, planner)


@register
class ConcatenateMismatch(Rule):
    code = Code.CONCATENATE_SHAPE_MISMATCH
    what = (
        "Flags `Concatenate` (and `concatenate`) of inputs of different ranks or mismatched "
        "non-concatenated axes, e.g. a sequence with a vector."
    )
    why = "Keras refuses to build it (`requires inputs with matching shapes except for the concatenation axis`)."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 6))\n"
        "last = layers.LSTM(32)(inputs)  # (None, 32)\n"
        "both = layers.Concatenate()([inputs, last])\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 6))\n"
        "steps = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "both = layers.Concatenate()([inputs, steps])  # (None, 20, 38)\n"
    )
    fix_safety = (
        "`--fix` sets `return_sequences=True` on the recurrent layer whose last state is joined to a "
        "sequence (safe when it feeds nothing else); with no such layer, `--fix --unsafe-fixes` repeats "
        "the vector with `RepeatVector(steps)` (a new layer). A `RepeatVector(n)` joined to sequences of "
        "another known length gets that length (`RepeatVector(6)`): safe, as it adds no weights, when it "
        "feeds nothing else."
    )

    def expects(self, finding: Finding) -> str:
        return "shapes must match except on the join axis"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        ranks = [t.shape.rank or 0 for t in app.inputs]
        if finding.problem.data.get("rank"):
            high = max(range(len(ranks)), key=lambda k: ranks[k])
            lows = [k for k, r in enumerate(ranks) if r < ranks[high]]
            advice: list[str] = []
            for low in lows:
                rs = _return_sequences_advice(finding, low, ctx)
                t = _time(app.inputs[high])
                repeat = f"`RepeatVector({fmt_dim(t)})`" if t is not None else "`RepeatVector(timesteps)`"
                if rs:
                    advice.append(f"{rs}, or apply {repeat} to {_where(finding, low, ctx)}")
                elif ranks[low] + 1 == ranks[high]:
                    advice.append(f"apply {repeat} to {_where(finding, low, ctx)} to repeat it at every step")
            if advice:
                return "; ".join(advice)
            return "bring every input to the same rank before concatenating"
        axis = finding.problem.data.get("axis", -1)
        shapes = [t.shape for t in app.inputs]
        if all(s.rank == 3 for s in shapes) and axis in (-1, 2):
            steps = ", ".join(fmt_dim(s.dims[1]) for s in shapes)  # type: ignore[index]
            return (
                f"the inputs have different numbers of time steps ({steps}): align them, or concatenate on "
                f"`axis=1` to join along time"
            )
        return "make the inputs agree on every axis except the concatenation axis"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        if not finding.problem.data.get("rank") and (finding.problem.data.get("axis", -1) not in (-1, 2)):
            return None
        return merge_fix(self.code, finding, planner)


@register
class DotAxisMismatch(Rule):
    code = Code.DOT_AXIS_MISMATCH
    what = "Flags `Dot(axes=...)` whose contracted axes have different sizes."
    why = "Keras refuses to build it (`Incompatible input shapes: axis values ... != ...`)."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "a = keras.Input(shape=(4, 5))\n"
        "b = keras.Input(shape=(6, 3))\n"
        "y = layers.Dot(axes=(2, 2))([a, b])\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "a = keras.Input(shape=(4, 5))\n"
        "b = keras.Input(shape=(6, 3))\n"
        "y = layers.Dot(axes=(2, 2))([a, layers.Dense(5)(b)])\n"
    )

    def expects(self, finding: Finding) -> str:
        return "contracted axes must have the same size"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        ax = finding.problem.data.get("axes", (-1, -1))
        a, b = app.inputs[0].shape, app.inputs[1].shape
        da = a.dims[ax[0]] if a.dims else None
        if is_int(da) and ax[1] in (-1, (b.rank or 0) - 1):
            return f"choose `axes` whose sizes match, or project {_where(finding, 1, ctx)} with `Dense({da})`"
        return "choose `axes` whose sizes match"


@register
class MergeArity(Rule):
    code = Code.MERGE_CALLED_WITH_WRONG_INPUTS
    what = (
        "Flags merge layers called on one tensor instead of a list, and `Subtract`/`Dot` given "
        "other than exactly two inputs."
    )
    why = "Keras refuses to build them (`A merge layer should be called on a list of inputs`)."
    example = "import keras\nfrom keras import layers\n\nx = keras.Input(shape=(10,))\ny = layers.Add()(x)\n"
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "x = keras.Input(shape=(10,))\n"
        "shortcut = layers.Dense(10)(x)\n"
        "y = layers.Add()([x, shortcut])\n"
    )

    def expects(self, finding: Finding) -> str:
        return "wrong inputs"

    def help(self, finding: Finding, ctx: Context) -> str:
        if finding.problem.kind == ProblemKind.NOT_A_LIST:
            return "pass the tensors as a list, e.g. `Add()([a, b])`"
        return "pass exactly two tensors, e.g. `Subtract()([a, b])`"


@register
class MergeBatchMismatch(Rule):
    code = Code.MERGE_BATCH_SIZE_MISMATCH
    what = "Flags a merge of inputs whose batch sizes are fixed and different."
    why = "Keras refuses to build it (`Cannot merge tensors with different batch sizes`)."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "a = keras.Input(batch_shape=(32, 5))\n"
        "b = keras.Input(batch_shape=(16, 5))\n"
        "y = layers.Add()([a, b])\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "a = keras.Input(shape=(5,))\n"
        "b = keras.Input(shape=(5,))\n"
        "y = layers.Add()([a, b])\n"
    )

    def expects(self, finding: Finding) -> str:
        return "batch sizes differ"

    def help(self, finding: Finding, ctx: Context) -> str:
        return "give every `Input` the same batch size, or leave it unset (None)"


# ------------------------------------------------------------------ fixes
def merge_fix(code: Code, finding: Finding, planner: Planner) -> FixPlan | None:
    """Bring an element-wise merge's or a concatenation's inputs to one shape: return_sequences
    upstream, or RepeatVector / a projection Dense on a branch (LST110, LST111, LST112)."""
    app = finding.app
    node = finding.node
    if app is None or not isinstance(node, cst.Call) or not node.args:
        return None
    seq = node.args[0].value
    if node.args[0].keyword is not None and node.args[0].keyword.value != "inputs":
        return None
    if not isinstance(seq, (cst.List, cst.Tuple)) or len(seq.elements) != len(app.inputs):
        return None
    if any(isinstance(e, cst.StarredElement) for e in seq.elements):
        return None
    shapes = [t.shape for t in app.inputs]
    if any(s.rank is None for s in shapes):
        return None
    ranks = [s.rank for s in shapes]
    high = max(ranks)  # type: ignore[type-var]
    edits: list[Edit] = []
    parts: list[str] = []
    layers: list[cst.Call] = []
    wraps: dict[int, list[str]] = {i: [] for i in range(len(shapes))}
    widths = [s.last for s in shapes]
    unsafe = (
        "the model builds as it is: this changes what it computes"
        if code == Code.MERGE_BROADCASTS_VECTOR_OVER_TIME
        else ""
    )
    summarise = _summarise_sequences(planner, app, ranks) if code == Code.CONCATENATE_SHAPE_MISMATCH else None
    if summarise is not None:
        # a plain vector joined to a recurrent layer's steps: as in a forecaster that adds static
        # covariates, the sequence side was meant to be summarised by its last state
        edits, layers, parts = summarise
        unsafe = "it drops the time axis that `return_sequences=True` asked for"
    elif high == 3 and any(r == 2 for r in ranks):
        steps = next((s.dims[1] for s in shapes if s.rank == 3 and is_int(s.dims[1])), None)  # type: ignore[index]
        for i, t in enumerate(app.inputs):
            if ranks[i] != 2:
                continue
            cause = recurrent_cause(t)
            made = planner.flag_edits(cause, True) if cause is not None else None
            if (
                made is not None
                and code == Code.MERGE_BROADCASTS_VECTOR_OVER_TIME
                and planner.other_consumer(made[1], {app.uid})
            ):
                made = None  # the model builds: keep what it computes elsewhere, repeat explicitly
            if made is not None:
                e, call = made
                edits += e
                layers.append(call)
                display = cause.layer.cfg.display  # type: ignore[union-attr]
                parts.append(f"set `return_sequences=True` on the `{display}` at line {planner.line(call)}")
            elif steps is not None and not any(_encoded(t3) for t3, r in zip(app.inputs, ranks) if r == 3):
                wraps[i].append(f"RepeatVector({steps})")
            else:
                return None
    elif len(set(ranks)) != 1:
        return None
    elif high == 3 and (count := _repeat_count(finding, planner)) is not None:
        edits, parts = count
        if code == Code.CONCATENATE_SHAPE_MISMATCH:
            return FixPlan(finding, edits, parts)
    width_changed = False
    if code == Code.MERGE_SHAPE_MISMATCH:
        if not all(is_int(w) for w in widths):
            if not any(wraps.values()) and not layers:
                return None
        elif len(set(widths)) > 1:
            wide = max(widths)  # type: ignore[type-var]
            w_at = widths.index(wide)
            failing = {a.uid for a in planner.analysis.applications if a.node is node}
            for i, w in enumerate(widths):
                if w == wide:
                    continue
                producer = app.inputs[i].producer
                # the layer that alone makes the narrower branch takes the wider width itself
                # (a gate `Dense(24)` beside a 48-wide state becomes `Dense(48)`)
                if isinstance(producer, Application) and ranks[i] == ranks[w_at]:
                    width = planner.dim_code(app.inputs[w_at], -1, producer.layer.node)
                    rebound = planner.rebind_width(producer, width, failing) if width is not None else None
                    if rebound is not None:
                        edits += rebound[0]
                        parts.append(rebound[1])
                        width_changed = True
                        continue
                width = planner.width_of(seq.elements[w_at].value, app.inputs[w_at], node)
                if width is None:
                    return None
                wraps[i].append(f"Dense({width})")
    if any(wraps.values()):
        stmt = planner.src.statement(node)
        if stmt is None:
            return None
        lines: list[str] = []
        for i, chain in wraps.items():
            if not chain:
                continue
            element = seq.elements[i].value
            text = planner.src.code(element)
            if "\n" in text:
                return None
            expr = text
            for layer in chain:
                name, _, rest = layer.partition("(")
                ref = planner.src.keras_ref(name, node.func)
                if ref is None:
                    return None
                edits += ref.edits
                expr = f"{ref.code}({rest}({expr})"
            base = element.value if isinstance(element, cst.Name) else "branch"
            suffix = "_proj" if any(c.startswith("Dense") for c in chain) else "_seq"
            new = planner.src.fresh_name(base + suffix, planner.taken)
            lines.append(f"{new} = {expr}\n")
            edits.append(ReplaceExpr(element, new))
            for layer in chain:
                if layer.startswith("Dense"):
                    parts.append(f"project `{text}` with `{layer}`")
                else:
                    parts.append(f"repeat `{text}` at every step with `{layer}`")
        edits.insert(0, InsertBefore(stmt, tuple(lines)))
        unsafe = unsafe or "it adds a layer" + (
            " with weights" if any(c.startswith("Dense") for ch in wraps.values() for c in ch) else ""
        )
    if width_changed and not unsafe:
        unsafe = "it changes a layer's width (its number of weights)"
    if not edits:
        return None
    return FixPlan(finding, edits, parts, layers, True, unsafe)


def _encoded(t: Tensor) -> bool:
    """Whether ``t``'s axis 1 was made by a preprocessing layer (a one-hot ``CategoryEncoding`` of
    a few codes): not time steps, so repeating a vector along it is no fix."""
    for _, app in look_through(t, lambda a: traits_of(a.layer.cfg.kind).rank_preserving):
        if traits_of(app.layer.cfg.kind).family == "preprocessing":
            return True
    return False


def _repeat_count(finding: Finding, planner: Planner) -> tuple[list[Edit], list[str]] | None:
    """A layer that repeats a vector ``n`` times (``RepeatVector(5)``) joined to sequences of
    another length: its count set to that length, as a number when known, else as the other
    branch's ``x.shape[1]``. Only when it feeds nothing else and every other branch agrees."""
    app = finding.app
    node = finding.node
    assert app is not None and isinstance(node, cst.Call)
    seq = node.args[0].value
    assert isinstance(seq, (cst.List, cst.Tuple))
    steps = [t.shape.dims[1] if t.shape.dims and len(t.shape.dims) == 3 else None for t in app.inputs]
    repeats = [i for i, t in enumerate(app.inputs) if _repeat_arg(t) is not None]
    if len(repeats) != 1:
        return None
    r = repeats[0]
    others = [i for i in range(len(steps)) if i != r]
    known = {steps[i] for i in others}
    if len(known) != 1:
        return None
    target = known.pop()
    if target is None or target == steps[r]:
        return None
    producer = app.inputs[r].producer
    assert isinstance(producer, Application)
    call, value = _repeat_arg(app.inputs[r])  # type: ignore[misc]
    if is_int(target):
        code = str(target)
    else:
        element = seq.elements[others[0]].value
        if not isinstance(element, cst.Name) or planner.scope(element) is not planner.scope(call):
            return None
        code = f"{element.value}.shape[1]"
    failing = {a.uid for a in planner.analysis.applications if a.node is node}
    if planner.other_consumer(call, failing):
        return None
    what = (
        f"set the count of the `{producer.layer.cfg.display}` at line {planner.line(call)} to `{code}`, "
        f"the length of the sequence it is joined to (was `{planner.src.code(value)}`)"
    )
    return [ReplaceExpr(value, code)], [what]


def _repeat_arg(t: Tensor) -> tuple[cst.Call, cst.BaseExpression] | None:
    """(the call, its count argument) when ``t`` is a vector repeated over a new time axis by
    a layer whose first argument is that count (``RepeatVector(n)``)."""
    app = t.producer
    if not isinstance(app, Application) or len(app.inputs) != 1 or t.index != 0:
        return None
    dims = t.shape.dims
    if app.inputs[0].shape.rank != 2 or dims is None or len(dims) != 3:
        return None
    node = app.layer.node
    spec = spec_for(app.layer.cfg.kind)
    if spec is None or not spec.params or not isinstance(node, cst.Call) or any(a.star for a in node.args):
        return None
    name = spec.params[0]
    if app.layer.cfg.params.get(name) != dims[1] or app.inputs[0].shape.last != dims[2]:
        return None
    value = call_arg(node, 0, name)
    return (node, value) if value is not None else None


def _summarise_sequences(
    planner: Planner, app: Application, ranks: list[int | None]
) -> tuple[list[Edit], list[cst.Call], list[str]] | None:
    """``return_sequences=True`` dropped from every 3-D branch's recurrent layer, when no 2-D
    branch is a recurrent layer's last state (then that layer is the one to change)."""
    if not any(r == 2 for r in ranks) or any(r not in (2, 3) for r in ranks):
        return None
    if any(recurrent_cause(t) is not None for t, r in zip(app.inputs, ranks) if r == 2):
        return None
    edits: list[Edit] = []
    layers: list[cst.Call] = []
    parts: list[str] = []
    for t, r in zip(app.inputs, ranks):
        if r != 3:
            continue
        source = sequence_source(t)
        made = planner.flag_edits(source, False) if source is not None else None
        if made is None:
            return None
        e, call = made
        if any(call is c for c in layers):
            continue
        edits += e
        layers.append(call)
        display = source.layer.cfg.display  # type: ignore[union-attr]
        parts.append(f"drop `return_sequences=True` from the `{display}` at line {planner.line(call)}")
    return edits, layers, parts
