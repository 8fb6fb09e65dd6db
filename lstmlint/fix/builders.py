"""From findings to fixes: the planner every rule's ``fix`` builds its edits with.

Each rule attaches its own fix (``Rule.fix(finding, planner) -> FixPlan | None``, as a ruff rule
calls ``set_fix``); this module runs them and decides safety from the model graph. A fix is
*safe* when it keeps what the user evidently meant and adds no weights: it is applied by
``--fix``. It is *unsafe* when it changes the architecture (a new layer, new weights) or the
behaviour of a model that already builds: it is applied only with ``--unsafe-fixes``, and
always shown by ``--diff``. The planner offers what fixes share: where things are in the source
(``src``), how to set ``return_sequences`` on a recurrent layer, and whether a layer's output
reaches anything besides the failing layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from lstmlint.codes import parse_code
from lstmlint.diagnostics import Diagnostic, Severity, Span
from lstmlint.findings import Finding
from lstmlint.fix.edits import Edit, InsertBefore, InsertElement, ReplaceExpr, SetKeyword
from lstmlint.fix.plan import FixPlan
from lstmlint.fix.source import SourceInfo, call_arg
from lstmlint.graph.model import Application, Tensor
from lstmlint.graph.walk import downstream
from lstmlint.layers.core import FLATTEN, TIME_DISTRIBUTED
from lstmlint.layers.spec import spec_for, traits_of
from lstmlint.rules import RULES
from lstmlint.rules.base import recurrent_cause, sequence_source

if TYPE_CHECKING:
    from lstmlint.api import FileResult


@dataclass(frozen=True)
class Fix:
    target: Diagnostic
    description: str
    safe: bool
    edits: tuple[Edit, ...]
    why_unsafe: str = ""

    @property
    def safety(self) -> str:
        return "safe" if self.safe else "unsafe"

    @property
    def title(self) -> str:
        """The fix in one line, as ``--diff``, the summary and editors show it."""
        return self.description


class Planner:
    """Runs each finding's rule ``fix`` and offers the helpers those fixes share."""

    def __init__(self, result: FileResult) -> None:
        assert result.module is not None and result.analysis is not None and result.locate is not None
        self.result = result
        self.module = result.module
        self.analysis = result.analysis
        self.locate = result.locate
        self.src = SourceInfo(result.module)
        self.taken: set[str] = set()

    # ------------------------------------------------------------------ entry
    def fixes(self) -> list[Fix]:
        by_key: dict[tuple[str, Span], Diagnostic] = {(d.code, d.span): d for d in self.result.diagnostics}
        plans: list[tuple[Diagnostic, FixPlan]] = []
        done: set[int] = set()
        # the applications each diagnostic stands for: one per call of a function holding it
        apps_of: dict[int, set[int]] = {}
        for finding in self.analysis.findings:
            key = (finding.problem.code, self.locate(finding.node))
            diag = by_key.get(key)
            if diag is not None and finding.app is not None:
                apps_of.setdefault(id(diag), set()).add(finding.app.uid)
            if diag is None or id(diag) in done:
                continue
            done.add(id(diag))
            try:
                plan = self.plan(diag, finding)
            except (cst.ParserSyntaxError, ValueError):
                plan = None
            if plan is not None and plan.edits:
                plans.append((diag, plan))
        # a layer whose output only reaches failing consumers may change its rank safely
        failing: dict[int, set[int]] = {}
        for diag, p in plans:
            if diag.severity is Severity.ERROR and p.finding.app is not None:
                for call in p.sequence_layers:
                    failing.setdefault(id(call), set()).update({p.finding.app.uid} | apps_of.get(id(diag), set()))
        out: list[Fix] = []
        for diag, p in plans:
            if any(self.blind_use(call) for call in p.sequence_layers):
                continue  # the output also goes where the analysis cannot check the change
            why = p.unsafe
            if not why:
                for call in p.sequence_layers:
                    other = self.other_consumer(call, failing.get(id(call), set()))
                    if other:
                        why = other
                        break
            title = " ".join("; ".join(p.parts).split())  # one line, whatever the parts hold
            out.append(Fix(diag, title, not why, tuple(p.edits), " ".join(why.split())))
        return out

    def plan(self, diag: Diagnostic, finding: Finding) -> FixPlan | None:
        """The fix ``diag``'s rule attaches to ``finding`` (None: the rule has none for it)."""
        code = parse_code(diag.code)
        rule = RULES.get(code) if code is not None else None
        return rule.fix(finding, self) if rule is not None else None

    # ---------------------------------------------------------- return_sequences
    def line(self, node: cst.CSTNode) -> int:
        return self.locate(node).line

    def flag_edits(self, app: Application, value: bool) -> tuple[list[Edit], cst.Call] | None:
        """Set ``return_sequences`` on a recurrent layer (the wrapped one(s) for Bidirectional)."""
        node = app.layer.node
        if not isinstance(node, cst.Call) or any(a.star for a in node.args):
            return None
        traits = traits_of(app.layer.cfg.kind)
        flag = traits.sequence_flag or "return_sequences"
        calls = [node]
        if traits.wraps is not None:
            inner = call_arg(node, 0, traits.wraps)
            if not isinstance(inner, cst.Call):
                return None
            calls = [inner]
            backward = call_arg(node, None, "backward_layer")
            if backward is not None:
                if not isinstance(backward, cst.Call):
                    return None
                calls.append(backward)
        if any(any(a.star for a in c.args) for c in calls):
            return None
        edits: list[Edit] = []
        for c in calls:
            current = call_arg(c, None, flag)
            if current is not None and not (isinstance(current, cst.Name) and current.value in ("True", "False")):
                return None  # computed by the program (e.g. per loop step): not ours to pin
            if value:
                edits.append(SetKeyword(c, flag, "True"))
            elif current is not None:
                edits.append(SetKeyword(c, flag, None))  # False is the default
            else:
                return None
        return edits, node

    def sequences_upstream(self, finding: Finding) -> FixPlan | None:
        """``return_sequences=True`` on the recurrent layer whose last state reached a layer that
        needs a sequence (LST101, LST104)."""
        if finding.app is None or not finding.app.inputs:
            return None
        x = finding.app.inputs[0]
        data = finding.problem.data
        needs = data.get("ndim", data.get("min_ndim", 3))
        if x.shape.rank is None or x.shape.rank != needs - 1:
            return None
        cause = recurrent_cause(x)  # its output gains the time axis: exactly the rank needed
        if cause is None:
            return None
        made = self.flag_edits(cause, True)
        if made is None:
            return None
        edits, call = made
        what = f"set `return_sequences=True` on the `{cause.layer.cfg.display}` at line {self.line(call)}"
        return FixPlan(finding, edits, [what], [call], True)

    def vector_as_steps(self, finding: Finding) -> FixPlan | None:
        """A vector (batch, n) made by a layer (a ``Dense``) from other vectors, fed to a layer that
        needs (batch, time, features), with no recurrent layer upstream to blame: ``Reshape((n, 1))``
        in front of it, reading each feature as one step. (An ``Input`` of that shape is left to the
        user: the data fed to it may well have the time axis the ``Input`` lacks.) A decision the
        user has to make (``RepeatVector(steps)`` is the other reading), so always unsafe
        (LST101, LST104)."""
        app = finding.app
        if app is None or len(app.inputs) != 1 or not isinstance(app.layer.node, cst.Call):
            return None
        x = app.inputs[0]
        data = finding.problem.data
        if x.shape.rank != 2 or data.get("ndim", data.get("min_ndim", 3)) != 3 or recurrent_cause(x) is not None:
            return None
        if traits_of(app.layer.cfg.kind).sequence_rank != 3:
            return None
        made = x.producer
        if not isinstance(made, Application):
            return None  # an `Input` of the wrong shape: the data decide (they may have a time axis)
        if any((t.shape.rank or 3) > 2 for t in made.inputs):
            return None  # the vector summarises a sequence (pooling, Flatten): undo that instead
        layer = app.layer.node
        width = self.dim_code(x, -1, layer)
        if width is None:
            return None
        ref = self.src.keras_ref("Reshape", layer.func)
        if ref is None:
            return None
        reshape = f"{ref.code}(({width}, 1))"
        placed = self.before_layer(app, reshape)
        if placed is None:
            return None
        edits: list[Edit] = [*ref.edits, *placed]
        display = app.layer.cfg.display
        what = f"read the {width} features as {width} steps of 1 with `Reshape(({width}, 1))` before the `{display}`"
        why = (
            f"it chooses to read the {width} features as time steps; repeating the vector at every step "
            "with `RepeatVector(steps)` is the other choice"
        )
        return FixPlan(finding, edits, [what], unsafe=why)

    def before_layer(self, app: Application, code: str) -> list[Edit] | None:
        """Edits that put the layer ``code`` right before ``app``'s layer, the way the model is
        written: around its input (``GRU(8)(Reshape(...)(x))``), as the element before it in a
        ``Sequential([...])`` list, or as a ``model.add(...)`` line before its own. None: the
        layer is written some other way."""
        layer = app.layer.node
        holder = self.src.parent.get(id(layer))
        if isinstance(holder, cst.Call) and holder.func is layer:  # functional: GRU(8)(x)
            if len(holder.args) != 1 or holder.args[0].keyword is not None or holder.args[0].star:
                return None
            arg = holder.args[0].value
            text = self.src.code(arg)
            if "\n" in text:
                return None
            return [ReplaceExpr(arg, f"{code}({text})")]
        if isinstance(holder, cst.Element):  # Sequential([... Dense(16), GRU(8)])
            seq = self.src.parent.get(id(holder))
            outer = self.src.enclosing_call(seq) if seq is not None else None
            if not isinstance(seq, (cst.List, cst.Tuple)) or outer is None or not self.is_sequential(outer):
                return None
            return [InsertElement(seq, list(seq.elements).index(holder), code)]
        if isinstance(holder, cst.Arg):  # model.add(GRU(8))
            add = self.src.parent.get(id(holder))
            if not (isinstance(add, cst.Call) and isinstance(add.func, cst.Attribute) and add.func.attr.value == "add"):
                return None
            stmt = self.src.statement(add)
            if stmt is None or len(stmt.body) != 1:
                return None
            return [InsertBefore(stmt, (f"{self.src.code(add.func.value)}.add({code})\n",))]
        return None

    # ------------------------------------------------------ sequences of frames
    def _rewritable(self, app: Application) -> cst.Call | None:
        """``app``'s layer as a call lstmlint may rewrite (its other uses, if the layer is shared or
        made in a function called more than once, are weighed by the safety checks)."""
        node = app.layer.node
        if not isinstance(node, cst.Call) or any(a.star for a in node.args):
            return None
        return node

    def _wrap(self, node: cst.Call) -> list[Edit] | None:
        ref = self.src.keras_ref(TIME_DISTRIBUTED.name, node.func)
        if ref is None:
            return None
        return [*ref.edits, ReplaceExpr(node, f"{ref.code}({self.src.code(node)})")]

    def frames_merged(self, finding: Finding) -> FixPlan | None:
        """A weightless layer (``Flatten``, global pooling) applied to a sequence of frames
        (batch, time, ...) merged the time axis away, and the layer after it needs
        (batch, time, features): wrap that layer in ``TimeDistributed`` so it works frame by
        frame (LST101, LST104). Safe when its output goes only to the failing layer: the user
        evidently meant one step per frame, and no weight is added."""
        app = finding.app
        if app is None or len(app.inputs) != 1:
            return None
        x = app.inputs[0]
        data = finding.problem.data
        if x.shape.rank != 2 or data.get("ndim", data.get("min_ndim", 3)) != 3 or recurrent_cause(x) is not None:
            return None
        if traits_of(app.layer.cfg.kind).sequence_rank != 3:
            return None
        flat = x.producer
        if not isinstance(flat, Application) or len(flat.inputs) != 1 or x.index != 0:
            return None
        traits = traits_of(flat.layer.cfg.kind)
        if not traits.weightless or traits.rank_preserving or traits.wraps is not None or traits.merge:
            return None
        if (flat.inputs[0].shape.rank or 0) < 4:
            return None  # (batch, time, features) flattened: drop the layer instead, the user's call
        if self.time_distributed_upstream(flat.inputs[0]) is None:
            return None
        call = self._rewritable(flat)
        edits = self._wrap(call) if call is not None else None
        if call is None or edits is None:
            return None
        display = flat.layer.cfg.display
        what = (
            f"wrap the `{display}` at line {self.line(call)} in `TimeDistributed(...)` "
            "so it works on each frame and keeps the time axis"
        )
        return FixPlan(finding, edits, [what], [call], None)

    def frame_layer_on_frames(self, finding: Finding) -> FixPlan | None:
        """A layer that works on one frame (``GlobalAveragePooling2D``, ``Conv2D``: needs k-D)
        given a sequence of frames (k+1-D) made by ``TimeDistributed`` layers: wrap it in
        ``TimeDistributed`` too (LST104). Safe when the time axis it keeps goes only to
        recurrent layers (the model reads the frames as a sequence); unsafe otherwise."""
        app = finding.app
        data = finding.problem.data
        ndim, got = data.get("ndim"), data.get("got")
        if app is None or len(app.inputs) != 1 or not (isinstance(ndim, int) and isinstance(got, int)):
            return None
        if ndim < 4 or got != ndim + 1 or app.inputs[0].shape.rank != got:
            return None
        traits = traits_of(app.layer.cfg.kind)
        if traits.wraps is not None or traits.recurrent or traits.merge:
            return None
        if self.time_distributed_upstream(app.inputs[0]) is None:
            return None
        call = self._rewritable(app)
        edits = self._wrap(call) if call is not None else None
        if call is None or edits is None:
            return None
        display = app.layer.cfg.display
        what = f"wrap the `{display}` in `TimeDistributed(...)` to apply it to each frame"
        why = self.time_axis_reaches(call)
        return FixPlan(finding, edits, [what], unsafe=why)

    def frames_into_recurrent(self, finding: Finding) -> FixPlan | None:
        """A recurrent layer given the (batch, time, height, width, channels) output of a
        ``TimeDistributed`` convolution stack: ``TimeDistributed(Flatten())`` before it, one
        feature vector per frame (LST101). Unsafe: flattening each frame is a choice; pooling each
        frame with ``TimeDistributed(GlobalAveragePooling2D())`` is the other, with far fewer
        weights in the recurrent layer."""
        app = finding.app
        if app is None or len(app.inputs) != 1:
            return None
        x = app.inputs[0]
        traits = traits_of(app.layer.cfg.kind)
        if not traits.recurrent or traits.sequence_rank != 3 or (x.shape.rank or 0) < 4:
            return None
        if self.time_distributed_upstream(x) is None or not isinstance(app.layer.node, cst.Call):
            return None
        near = app.layer.node.func
        td = self.src.keras_ref(TIME_DISTRIBUTED.name, near)
        flatten = self.src.keras_ref(FLATTEN.name, near)
        if td is None or flatten is None:
            return None
        placed = self.before_layer(app, f"{td.code}({flatten.code}())")
        if placed is None:
            return None
        display = app.layer.cfg.display
        what = (
            f"flatten each frame with `TimeDistributed(Flatten())` before the `{display}` (a choice: "
            "`TimeDistributed(GlobalAveragePooling2D())` would pool each frame instead)"
        )
        why = (
            "it chooses to flatten each frame into one feature vector; pooling each frame with "
            "`TimeDistributed(GlobalAveragePooling2D())` is the other choice, with far fewer weights"
        )
        return FixPlan(finding, [*td.edits, *flatten.edits, *placed], [what], unsafe=why)

    def time_distributed_upstream(self, t: Tensor) -> Application | None:
        """The ``TimeDistributed`` application whose per-frame output ``t`` is (looking through
        weightless layers that keep the rank, e.g. ``Dropout``)."""
        seen = 0
        while isinstance(t.producer, Application) and seen < 50:
            seen += 1
            p = t.producer
            traits = traits_of(p.layer.cfg.kind)
            if traits.wraps is not None and not traits.recurrent:
                return p if p.outputs and p.outputs[0].shape.rank == t.shape.rank else None
            if not (traits.rank_preserving and traits.weightless and len(p.inputs) == 1):
                return None
            t = p.inputs[0]
        return None

    def time_axis_reaches(self, call: cst.Call) -> str:
        """Why giving ``call``'s output a time axis is a choice ('' when it goes only to recurrent
        layers, through layers that keep the rank)."""
        apps = [a for a in self.analysis.applications if a.layer.node is call]
        frontier = [a.outputs[0] for a in apps if a.outputs]
        if not frontier or len(frontier) != len(apps):
            return "its output is not followed"
        model_outputs = {id(t) for m in self.analysis.models for t in m.outputs}

        def passes(a: Application) -> bool:
            if len(a.inputs) != 1 or not a.outputs:
                return False
            traits = traits_of(a.layer.cfg.kind)
            if traits.rank_preserving:
                return True
            # a layer left unchecked behind this error: once it sees frames, it is checked (and
            # fixed the same way, in a later round) before anything is written
            return a.inputs[0].poisoned and not (traits.recurrent or traits.merge or traits.wraps)

        reached = downstream(frontier, self.analysis.applications, passes)
        tensors = frontier + [a.outputs[0] for a in reached if passes(a)]
        if any(id(t) in model_outputs for t in tensors):
            return "its output, now one per frame, is a model output"
        ends = [a for a in reached if not passes(a)]
        if not ends:
            return "its output, now one per frame, reaches no recurrent layer"
        for a in ends:
            if not traits_of(a.layer.cfg.kind).recurrent:
                where = f"the `{a.layer.cfg.display}` at line {self.line(a.node)}"
                return f"its output, now one per frame, also reaches {where}"
        return self.blind_use(call)

    def sample_reshape(self, finding: Finding) -> FixPlan | None:
        """One sample given to ``predict`` without its batch axis (and unit axes), e.g. shape (5,)
        for a model of input (None, 5, 1): ``x.reshape((1, 5, 1))`` where the data is passed, not a
        change to the model (LST207). Safe: it only adds axes of size 1, in order."""
        data = finding.problem.data
        node = finding.node
        expected, got = data.get("expected"), data.get("got")
        if data.get("method") not in ("predict", "predict_on_batch") or not isinstance(node, cst.Call):
            return None
        dims = getattr(expected, "dims", None)
        if dims is None or not isinstance(got, tuple) or len(got) >= len(dims):
            return None
        sample = dims[1:]
        if not all(isinstance(d, int) and not isinstance(d, bool) for d in (*sample, *got)):
            return None
        if tuple(d for d in sample if d != 1) != tuple(d for d in got if d != 1):
            return None  # more than a missing batch axis and unit axes: the user must decide
        arg = call_arg(node, 0, "x")
        if arg is None or "\n" in self.src.code(arg):
            return None
        if not isinstance(arg, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
            return None  # a list literal has no `.reshape`
        text = self.src.code(arg)
        target = "(1, " + ", ".join(self._input_dims(data.get("tensor"), sample, node)) + ")"
        what = f"reshape the sample passed to `{data['method']}` to one batch: `{text}.reshape({target})`"
        return FixPlan(finding, [ReplaceExpr(arg, f"{text}.reshape({target})")], [what])

    def _input_dims(self, declared: object, sample: tuple[int, ...], at: cst.CSTNode) -> list[str]:
        """The sizes of one sample as the ``Input`` declared them (``n_steps, n_features``) when that
        text can be read where the data is passed; else the numbers."""
        numbers = [str(d) for d in sample]
        producer = getattr(declared, "producer", None)
        node = getattr(producer, "node", None)
        if not isinstance(node, cst.Call) or self.scope(node) is not self.scope(at):
            return numbers
        shape = call_arg(node, 0, "shape")
        if not isinstance(shape, cst.Tuple) or len(shape.elements) != len(sample):
            return numbers
        out = []
        for element, n in zip(shape.elements, sample):
            value = element.value
            if isinstance(value, cst.Integer) or not isinstance(value, (cst.Name, cst.Attribute)):
                out.append(str(n))
            else:
                out.append(self.src.code(value))
        return out

    def last_state_upstream(self, finding: Finding) -> FixPlan | None:
        """``return_sequences`` dropped from the recurrent layer whose sequence reached a layer
        that needs a vector (LST103)."""
        if finding.app is None or not finding.app.inputs:
            return None
        x = finding.app.inputs[0]
        source = sequence_source(x)
        if source is None:
            return None
        made = self.flag_edits(source, False)
        if made is None:
            return None
        edits, call = made
        what = f"drop `return_sequences=True` from the `{source.layer.cfg.display}` at line {self.line(call)}"
        return FixPlan(finding, edits, [what], [call], False)

    def other_consumer(self, call: cst.Call, failing: set[int]) -> str:
        """Why changing ``call``'s output rank would reach something besides ``failing``: '' if not."""
        apps = [a for a in self.analysis.applications if a.layer.node is call]
        model_outputs = {id(t) for m in self.analysis.models for t in m.outputs}
        frontier: list[Tensor] = [a.outputs[0] for a in apps if a.outputs]
        if len(frontier) != len(apps):
            return "its output is not followed"

        def passes(a: Application) -> bool:
            return (
                a.uid not in failing
                and traits_of(a.layer.cfg.kind).rank_preserving
                and len(a.inputs) == 1
                and bool(a.outputs)
            )

        reached = downstream(frontier, self.analysis.applications, passes)
        tensors = frontier + [a.outputs[0] for a in reached if passes(a)]
        if any(id(t) in model_outputs for t in tensors):
            return "its output is also a model output"
        for a in reached:
            if a.uid in failing or passes(a):
                continue
            return f"its output also feeds the `{a.layer.cfg.display}` at line {self.line(a.node)}"
        return self.blind_use(call)

    def blind_use(self, call: cst.Call) -> str:
        """A use of ``call``'s output the analysis does not follow (so cannot verify a change of)."""
        apps = [a for a in self.analysis.applications if a.layer.node is call]
        if any(not a.outputs for a in apps):
            return "its output is not followed"
        for a in apps:
            name = self.bound_name(a.node)
            if name is None:
                continue
            known = {id(x.node) for x in self.analysis.applications} | {id(m.node) for m in self.analysis.models}
            bound = self.line(a.node)
            # until the name is bound again (uses on that line still read this value)
            until = min((self.line(n) for n in self.src.stores.get(name, []) if self.line(n) > bound), default=None)
            for use in self.src.loads.get(name, []):
                line = self.line(use)
                if line <= bound or (until is not None and line > until):
                    continue
                outer = self.src.enclosing_call(use)
                if outer is None or id(outer) not in known:
                    return f"`{name}` is also used at line {self.line(use)}"
        return ""

    def bound_name(self, node: cst.CSTNode) -> str | None:
        p = self.src.parent.get(id(node))
        if isinstance(p, cst.Assign) and p.value is node and len(p.targets) == 1:
            target = p.targets[0].target
            if isinstance(target, cst.Name):
                return target.value
        return None

    # ------------------------------------------------------------ widths, counts
    def scope(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        """The function whose body holds ``node`` (None: the module level)."""
        for p in self.src.parents(node):
            if isinstance(p, cst.FunctionDef):
                return p
        return None

    def width_arg(self, app: Application) -> tuple[cst.Call, str, int, cst.BaseExpression] | None:
        """A layer whose output width is its first argument (``units``, ``filters``), written as a
        call lstmlint can edit: (call, parameter, position, the argument as written)."""
        node = app.layer.node
        spec = spec_for(app.layer.cfg.kind)
        if spec is None or not spec.params or spec.params[0] not in ("units", "filters"):
            return None
        if traits_of(app.layer.cfg.kind).wraps is not None or not isinstance(node, cst.Call):
            return None
        if any(a.star for a in node.args):
            return None
        value = call_arg(node, 0, spec.params[0])
        if value is None or not app.outputs or app.outputs[0].shape.last != app.layer.cfg.params.get(spec.params[0]):
            return None
        return node, spec.params[0], 0, value

    def dim_code(self, t: Tensor, axis: int, at: cst.CSTNode) -> str | None:
        """How to write the size of ``t``'s ``axis`` in code evaluated at ``at``: the expression the
        program itself sized it with when that is visible there (``width``, ``hidden``, a
        parameter of the enclosing function), else the number it has. None: not known."""
        dims = t.shape.dims
        if dims is None or not dims:
            return None
        size = dims[axis]
        producer = t.producer if isinstance(t.producer, Application) else None
        while (  # look through Dropout & co.: same width, no weights
            producer is not None
            and len(producer.inputs) == 1
            and traits_of(producer.layer.cfg.kind).rank_preserving
            and traits_of(producer.layer.cfg.kind).weightless
            and producer.inputs[0].shape.last == size
        ):
            t = producer.inputs[0]
            producer = t.producer if isinstance(t.producer, Application) else None
        if producer is not None and axis in (-1, len(dims) - 1) and t.index == 0:
            found = self.width_arg(producer)
            if found is not None:
                value = found[3]
                text = self.src.code(value)
                plain = isinstance(value, (cst.Name, cst.Integer, cst.BinaryOperation, cst.Attribute))
                if plain and "\n" not in text and self.scope(value) is self.scope(at):
                    if not isinstance(value, cst.Integer):
                        return text
        if isinstance(size, int) and not isinstance(size, bool):
            return str(size)
        return None

    def width_of(self, element: cst.BaseExpression, t: Tensor, at: cst.CSTNode) -> str | None:
        """The width of ``t`` (written ``element`` at ``at``) as code: inside a function, where
        each call may bring its own width, the expression it was sized with or else
        ``element.shape[-1]``; at the module level the expression or the number."""
        code = self.dim_code(t, -1, at)
        if self.scope(at) is None or (code is not None and not code.isdigit()):
            return code
        if isinstance(element, cst.Name):
            return f"{element.value}.shape[-1]"
        return code

    def rebind_width(self, app: Application, code: str, failing: set[int]) -> tuple[list[Edit], str] | None:
        """Give the layer that made ``app``'s output the width ``code``, when that layer's output
        goes nowhere but to ``failing`` applications: (edits, what it does).

        Only a position-wise layer that keeps its input's rank (a ``Dense``): one that feeds
        nothing but the merge exists to make that branch (a gate, a score), so its width is
        the merge's to choose. A recurrent or convolutional layer's width is the model's
        capacity: the other branch is projected instead."""
        traits = traits_of(app.layer.cfg.kind)
        if traits.recurrent or traits.family != "core" or not traits.rank_preserving:
            return None
        found = self.width_arg(app)
        if found is None:
            return None
        call, param, _, value = found
        if self.src.code(value) == code:
            return None
        if self.other_consumer(call, failing):
            return None
        what = (
            f"set `{param}` of the `{app.layer.cfg.display}` at line {self.line(call)} to `{code}` "
            f"(was `{' '.join(self.src.code(value).split())}`)"
        )
        return [ReplaceExpr(value, code)], what

    # ------------------------------------------------------------------ models
    def is_sequential(self, call: cst.Call) -> bool:
        return any(m.kind == "sequential" and m.node is call for m in self.analysis.models)

    def first_add(self, add: cst.Call) -> bool | None:
        """Whether ``model.add(...)`` is the first layer of a ``Sequential`` (None: cannot tell)."""
        target = add.func.value  # type: ignore[attr-defined]
        if not isinstance(target, cst.Name):
            return None
        models = [m for m in self.analysis.models if m.kind == "sequential" and m.var == target.value]
        if len(models) != 1 or not isinstance(models[0].node, cst.Call):
            return None
        if call_arg(models[0].node, 0, "layers") is not None:
            return False  # built from a list: whatever is added comes later
        first = None
        for use in self.src.loads.get(target.value, []):
            p = self.src.parent.get(id(use))
            if isinstance(p, cst.Attribute) and p.attr.value == "add":
                call = self.src.parent.get(id(p))
                if isinstance(call, cst.Call):
                    if first is None or self.line(call) < self.line(first):
                        first = call
        return first is add


def build_fixes(result: FileResult) -> list[Fix]:
    if result.module is None or result.analysis is None or result.locate is None or not result.diagnostics:
        return []
    return Planner(result).fixes()


Builder = Planner  # the name before fixes moved into the rules
