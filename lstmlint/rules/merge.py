"""Merges: Add & co., Concatenate, Dot."""

from __future__ import annotations

from lstmlint.diagnostics import Severity
from lstmlint.graph.model import Finding, Tensor
from lstmlint.shapes import fmt_dim, is_int
from lstmlint.rules.base import Context, Rule, layer_line, operand_name, recurrent_cause, register


def _where(finding: Finding, index: int, ctx: Context) -> str:
    """"`lstm1` (line 6)": an operand as written, with the line its shape comes from."""
    name = operand_name(finding, index, ctx)
    t = finding.app.inputs[index]  # type: ignore[union-attr]
    producer = t.producer
    node = getattr(producer, "node", None)
    if node is not None and node is not finding.node:
        return f"{name} (line {ctx.line(node)})"
    return name


def _time(t: Tensor) -> object:
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


@register
class MergeShapeMismatch(Rule):
    code = "LST110"
    name = "merge-shape-mismatch"
    summary = "`Add`/`Subtract`/`Multiply`/`Average`/`Maximum`/`Minimum` of incompatible shapes"
    what = "Flags an element-wise merge whose inputs cannot be broadcast together, e.g. a 32-wide branch added to a 64-wide one."
    why = (
        "Keras refuses to build it (`Inputs have incompatible shapes`). Skip connections need "
        "both branches to have the same width."
    )
    example = "a = layers.LSTM(32, return_sequences=True)(x)\nb = layers.LSTM(64, return_sequences=True)(a)\ny = layers.Add()([a, b])"
    use_instead = "shortcut = layers.Dense(64)(a)\ny = layers.Add()([shortcut, b])"
    fix_safety = (
        "Unsafe (new weights): `--fix --unsafe-fixes` inserts a projection `Dense(width)` on the narrower "
        "branch, with `return_sequences=True` upstream when a branch lost its time axis."
    )

    def expects(self, finding: Finding) -> str:
        return "inputs must have the same shape"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
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


@register
class MergeBroadcastsOverTime(Rule):
    code = "LST111"
    name = "merge-broadcasts-vector-over-time"
    severity = Severity.WARNING
    summary = "An element-wise merge silently broadcasts a vector across every time step"
    what = "Flags `Add` & co. of a sequence (batch, time, width) and a vector (batch, width)."
    why = (
        "Keras builds it without complaint by repeating the vector at each step, which is rarely "
        "what was meant: usually an upstream recurrent layer lacks `return_sequences=True`."
    )
    example = "last = layers.LSTM(32)(seq)          # (None, 32)\ny = layers.Add()([seq, last])        # (None, T, 32), silently"
    use_instead = "steps = layers.LSTM(32, return_sequences=True)(seq)\ny = layers.Add()([seq, steps])"
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
        repeat = f"`RepeatVector({fmt_dim(t)})`" if t is not None and t is not ... else "`RepeatVector(timesteps)`"
        rs = _return_sequences_advice(finding, low, ctx)
        explicit = f"make it explicit with {repeat} on {_where(finding, low, ctx)}"
        if rs:
            return f"{rs} so both are sequences; if one vector per sequence is intended, {explicit}"
        return f"if one vector per sequence is intended, {explicit}"


@register
class ConcatenateMismatch(Rule):
    code = "LST112"
    name = "concatenate-shape-mismatch"
    summary = "`Concatenate` of inputs that differ on an axis other than the join axis"
    what = "Flags `Concatenate` (and `concatenate`) of inputs of different ranks or mismatched non-concatenated axes, e.g. a sequence with a vector."
    why = "Keras refuses to build it (`requires inputs with matching shapes except for the concatenation axis`)."
    example = "last = layers.LSTM(32)(inputs)                      # (None, 32)\nboth = layers.Concatenate()([inputs, last])         # inputs is (None, 20, 6)"
    use_instead = "steps = layers.LSTM(32, return_sequences=True)(inputs)\nboth = layers.Concatenate()([inputs, steps])      # (None, 20, 38)"
    fix_safety = (
        "`--fix` sets `return_sequences=True` on the recurrent layer whose last state is joined to a "
        "sequence (safe when it feeds nothing else); with no such layer, `--fix --unsafe-fixes` repeats "
        "the vector with `RepeatVector(steps)` (a new layer)."
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
            return f"the inputs have different numbers of time steps ({steps}): align them, or concatenate on `axis=1` to join along time"
        return "make the inputs agree on every axis except the concatenation axis"


@register
class DotAxisMismatch(Rule):
    code = "LST113"
    name = "dot-axis-mismatch"
    summary = "`Dot` contracts two axes of different sizes"
    what = "Flags `Dot(axes=...)` whose contracted axes have different sizes."
    why = "Keras refuses to build it (`Incompatible input shapes: axis values ... != ...`)."
    example = "layers.Dot(axes=(2, 2))([a, b])   # a: (None, 4, 5), b: (None, 6, 3)"
    use_instead = "layers.Dot(axes=(2, 2))([a, layers.Dense(5)(b)])"

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
    code = "LST114"
    name = "merge-called-with-wrong-inputs"
    summary = "A merge layer called on a single tensor, or `Subtract`/`Dot` on other than two"
    what = "Flags merge layers called on one tensor instead of a list, and `Subtract`/`Dot` given other than exactly two inputs."
    why = "Keras refuses to build them (`A merge layer should be called on a list of inputs`)."
    example = "y = layers.Add()(x)"
    use_instead = "y = layers.Add()([x, shortcut])"

    def expects(self, finding: Finding) -> str:
        return "wrong inputs"

    def help(self, finding: Finding, ctx: Context) -> str:
        if finding.problem.kind == "not_a_list":
            return "pass the tensors as a list, e.g. `Add()([a, b])`"
        return "pass exactly two tensors, e.g. `Subtract()([a, b])`"


@register
class MergeBatchMismatch(Rule):
    code = "LST115"
    name = "merge-batch-size-mismatch"
    summary = "A merge of tensors with different fixed batch sizes"
    what = "Flags a merge of inputs whose batch sizes are fixed and different."
    why = "Keras refuses to build it (`Cannot merge tensors with different batch sizes`)."
    example = "a = keras.Input(batch_shape=(32, 5)); b = keras.Input(batch_shape=(16, 5))\nlayers.Add()([a, b])"
    use_instead = "a = keras.Input(shape=(5,)); b = keras.Input(shape=(5,))"

    def expects(self, finding: Finding) -> str:
        return "batch sizes differ"

    def help(self, finding: Finding, ctx: Context) -> str:
        return "give every `Input` the same batch size, or leave it unset (None)"
