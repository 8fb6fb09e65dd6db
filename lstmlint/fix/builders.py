"""From findings to fixes: which edit cures which diagnostic, and whether that is safe.

Rules only describe problems; this module decides how to repair them (as ruff and Fixit keep
rules and fixes apart). A fix is *safe* when it keeps what the user evidently meant and adds
no weights: it is applied by ``--fix``. It is *unsafe* when it changes the architecture (a
new layer, new weights) or the behaviour of a model that already builds: it is applied only
with ``--unsafe-fixes``, and always shown by ``--diff``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from lstmlint.diagnostics import Diagnostic, Severity
from lstmlint.graph.model import Application, Finding, Tensor
from lstmlint.rules.base import PASS_THROUGH, recurrent_cause, sequence_source
from lstmlint.shapes import is_int
from lstmlint.fix.edits import Edit, InsertBefore, InsertElement, ReplaceExpr, SetKeyword
from lstmlint.fix.source import SourceInfo

if TYPE_CHECKING:
    from lstmlint.api import FileResult

ELEMENTWISE = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"})
SEQUENCE_CODES = frozenset({"LST101", "LST104"})


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


@dataclass
class _Plan:
    """What one finding needs, before safety is decided."""

    diag: Diagnostic
    finding: Finding
    edits: list[Edit]
    parts: list[str]
    sequence_layers: list[cst.Call]         # layers whose return_sequences flips
    flag: bool | None = None                # the value it flips to
    unsafe: str = ""                        # why, if unsafe regardless of the graph


class Builder:
    def __init__(self, result: "FileResult") -> None:
        assert result.module is not None and result.analysis is not None and result.locate is not None
        self.result = result
        self.module = result.module
        self.analysis = result.analysis
        self.locate = result.locate
        self.src = SourceInfo(result.module)
        self.taken: set[str] = set()

    # ------------------------------------------------------------------ entry
    def fixes(self) -> list[Fix]:
        by_key: dict[tuple, Diagnostic] = {(d.code, d.span): d for d in self.result.diagnostics}
        plans: list[_Plan] = []
        done: set[int] = set()
        for finding in self.analysis.findings:
            key = (finding.problem.code, self.locate(finding.node))
            diag = by_key.get(key)
            if diag is None or id(diag) in done:
                continue
            done.add(id(diag))
            try:
                plan = self.plan(diag, finding)
            except (cst.ParserSyntaxError, ValueError):
                plan = None
            if plan is not None and plan.edits:
                plans.append(plan)
        # a layer whose output only reaches failing consumers may change its rank safely
        failing: dict[int, set[int]] = {}
        for p in plans:
            if p.diag.severity is Severity.ERROR and p.finding.app is not None:
                for call in p.sequence_layers:
                    failing.setdefault(id(call), set()).add(p.finding.app.uid)
        out: list[Fix] = []
        for p in plans:
            if any(self.blind_use(call) for call in p.sequence_layers):
                continue        # the output also goes where the analysis cannot check the change
            why = p.unsafe
            if not why:
                for call in p.sequence_layers:
                    other = self.other_consumer(call, failing.get(id(call), set()))
                    if other:
                        why = other
                        break
            out.append(Fix(p.diag, "; ".join(p.parts), not why, tuple(p.edits), why))
        return out

    def plan(self, diag: Diagnostic, finding: Finding) -> _Plan | None:
        code = diag.code
        data = finding.problem.data
        if code in SEQUENCE_CODES and finding.app is not None and finding.app.inputs:
            if code == "LST104" and not (data.get("ndim") == 3 or (data.get("min_ndim") == 3 and data.get("got") == 2)):
                return None
            return self.plan_sequence(diag, finding)
        if code == "LST103" and finding.app is not None:
            return self.plan_last_state(diag, finding)
        if code in ("LST110", "LST111") or (code == "LST112" and data.get("rank")):
            return self.plan_merge(diag, finding)
        if code == "LST108":
            return self.plan_batch_input_shape(diag, finding)
        return None

    # ---------------------------------------------------------- return_sequences
    def line(self, node: cst.CSTNode) -> int:
        return self.locate(node).line

    def flag_edits(self, app: Application, value: bool) -> tuple[list[Edit], cst.Call] | None:
        """Set ``return_sequences`` on a recurrent layer (the wrapped one(s) for Bidirectional)."""
        node = app.layer.node
        if not isinstance(node, cst.Call) or any(a.star for a in node.args):
            return None
        calls = [node]
        if app.layer.cfg.kind == "Bidirectional":
            inner = _arg(node, 0, "layer")
            if not isinstance(inner, cst.Call):
                return None
            calls = [inner]
            backward = _arg(node, None, "backward_layer")
            if backward is not None:
                if not isinstance(backward, cst.Call):
                    return None
                calls.append(backward)
        if any(any(a.star for a in c.args) for c in calls):
            return None
        edits: list[Edit] = []
        for c in calls:
            current = _arg(c, None, "return_sequences")
            if current is not None and not (isinstance(current, cst.Name) and current.value in ("True", "False")):
                return None                     # computed by the program (e.g. per loop step): not ours to pin
            if value:
                edits.append(SetKeyword(c, "return_sequences", "True"))
            elif current is not None:
                edits.append(SetKeyword(c, "return_sequences", None))   # False is the default
            else:
                return None
        return edits, node

    def plan_sequence(self, diag: Diagnostic, finding: Finding) -> _Plan | None:
        x = finding.app.inputs[0]  # type: ignore[union-attr]
        if x.shape.rank != 2:
            return None
        cause = recurrent_cause(x)
        if cause is None:
            return None
        made = self.flag_edits(cause, True)
        if made is None:
            return None
        edits, call = made
        what = f"set `return_sequences=True` on the `{cause.layer.cfg.display}` at line {self.line(call)}"
        return _Plan(diag, finding, edits, [what], [call], True)

    def plan_last_state(self, diag: Diagnostic, finding: Finding) -> _Plan | None:
        x = finding.app.inputs[0]  # type: ignore[union-attr]
        source = sequence_source(x)
        if source is None:
            return None
        made = self.flag_edits(source, False)
        if made is None:
            return None
        edits, call = made
        what = f"drop `return_sequences=True` from the `{source.layer.cfg.display}` at line {self.line(call)}"
        return _Plan(diag, finding, edits, [what], [call], False)

    def other_consumer(self, call: cst.Call, failing: set[int]) -> str:
        """Why changing ``call``'s output rank would reach something besides ``failing``: '' if not."""
        apps = [a for a in self.analysis.applications if a.layer.node is call]
        model_outputs = {id(t) for m in self.analysis.models for t in m.outputs}
        frontier: list[Tensor] = [a.outputs[0] for a in apps if a.outputs]
        if len(frontier) != len(apps):
            return "its output is not followed"
        seen: set[int] = set()
        while frontier:
            t = frontier.pop()
            if id(t) in seen:
                continue
            seen.add(id(t))
            if id(t) in model_outputs:
                return "its output is also a model output"
            for a in self.analysis.applications:
                if not any(i is t for i in a.inputs):
                    continue
                if a.uid in failing:
                    continue
                if a.layer.cfg.kind in PASS_THROUGH and len(a.inputs) == 1 and a.outputs:
                    frontier.append(a.outputs[0])
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

    # ------------------------------------------------------------------ merges
    def plan_merge(self, diag: Diagnostic, finding: Finding) -> _Plan | None:
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
        unsafe = "the model builds as it is: this changes what it computes" if diag.code == "LST111" else ""
        summarise = self.summarise_sequences(app, ranks) if diag.code == "LST112" else None
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
                made = self.flag_edits(cause, True) if cause is not None else None
                if made is not None and diag.code == "LST111" and self.other_consumer(made[1], {app.uid}):
                    made = None     # the model builds: keep what it computes elsewhere, repeat explicitly
                if made is not None:
                    e, call = made
                    edits += e
                    layers.append(call)
                    display = cause.layer.cfg.display  # type: ignore[union-attr]
                    parts.append(f"set `return_sequences=True` on the `{display}` at line {self.line(call)}")
                elif steps is not None:
                    wraps[i].append(f"RepeatVector({steps})")
                else:
                    return None
        elif len(set(ranks)) != 1:
            return None
        if diag.code == "LST110":
            if not all(is_int(w) for w in widths):
                if not any(wraps.values()) and not layers:
                    return None
            elif len(set(widths)) > 1:
                wide = max(widths)  # type: ignore[type-var]
                for i, w in enumerate(widths):
                    if w != wide:
                        wraps[i].append(f"Dense({wide})")
        if any(wraps.values()):
            stmt = self.src.statement(node)
            if stmt is None:
                return None
            lines: list[str] = []
            for i, chain in wraps.items():
                if not chain:
                    continue
                element = seq.elements[i].value
                text = self.src.code(element)
                if "\n" in text:
                    return None
                expr = text
                for layer in chain:
                    name, _, rest = layer.partition("(")
                    ref = self.src.keras_ref(name, node.func)
                    if ref is None:
                        return None
                    edits += ref.edits
                    expr = f"{ref.code}({rest}({expr})"
                base = element.value if isinstance(element, cst.Name) else "branch"
                suffix = "_proj" if any(c.startswith("Dense") for c in chain) else "_seq"
                new = self.src.fresh_name(base + suffix, self.taken)
                lines.append(f"{new} = {expr}\n")
                edits.append(ReplaceExpr(element, new))
                for layer in chain:
                    if layer.startswith("Dense"):
                        parts.append(f"project `{text}` with `{layer}`")
                    else:
                        parts.append(f"repeat `{text}` at every step with `{layer}`")
            edits.insert(0, InsertBefore(stmt, tuple(lines)))
            unsafe = unsafe or "it adds a layer" + (" with weights" if any(
                c.startswith("Dense") for ch in wraps.values() for c in ch) else "")
        if not edits:
            return None
        return _Plan(diag, finding, edits, parts, layers, True, unsafe)

    def summarise_sequences(self, app: Application, ranks: list) -> tuple[list[Edit], list[cst.Call], list[str]] | None:
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
            made = self.flag_edits(source, False) if source is not None else None
            if made is None:
                return None
            e, call = made
            if any(call is c for c in layers):
                continue
            edits += e
            layers.append(call)
            display = source.layer.cfg.display  # type: ignore[union-attr]
            parts.append(f"drop `return_sequences=True` from the `{display}` at line {self.line(call)}")
        return edits, layers, parts

    # ------------------------------------------------------- batch_input_shape
    def plan_batch_input_shape(self, diag: Diagnostic, finding: Finding) -> _Plan | None:
        layer = finding.layer
        if layer is None or not isinstance(layer.node, cst.Call):
            return None
        call = layer.node
        value = _arg(call, None, "batch_input_shape")
        if value is None:
            return None
        holder = self.src.parent.get(id(call))
        edits: list[Edit] = [SetKeyword(call, "batch_input_shape", None)]
        value_code = " ".join(self.src.code(value).split())
        # Keras 2 read it only on the first layer of a Sequential model: anywhere else it was ignored
        dropped = _Plan(diag, finding, edits, ["drop `batch_input_shape` (Keras 2 ignored it on this layer)"], [])
        if isinstance(holder, cst.Call) and holder.func is call:
            return dropped                                  # functional: LSTM(..., batch_input_shape=...)(x)
        if isinstance(holder, cst.Element):
            seq = self.src.parent.get(id(holder))
            outer = self.src.enclosing_call(seq) if seq is not None else None
            if not isinstance(seq, (cst.List, cst.Tuple)) or outer is None or not self._is_sequential(outer):
                return None
            if seq.elements[0] is not holder:
                return dropped
            ref = self.src.keras_ref("Input", outer.func)
            if ref is None:
                return None
            edits += [*ref.edits, InsertElement(seq, 0, f"{ref.code}(batch_shape={value_code})")]
        elif isinstance(holder, cst.Arg):
            add = self.src.parent.get(id(holder))
            if not (isinstance(add, cst.Call) and isinstance(add.func, cst.Attribute) and add.func.attr.value == "add"):
                return None
            first = self._first_add(add)
            if first is None:
                return None
            if not first:
                return dropped
            stmt = self.src.statement(add)
            if stmt is None or len(stmt.body) != 1:
                return None
            ref = self.src.keras_ref("Input", call.func)
            if ref is None:
                return None
            target = self.src.code(add.func.value)
            edits += [*ref.edits, InsertBefore(stmt, (f"{target}.add({ref.code}(batch_shape={value_code}))\n",))]
        else:
            return None
        what = f"move `batch_input_shape` to a leading `Input(batch_shape={value_code})`"
        return _Plan(diag, finding, edits, [what], [])

    def _is_sequential(self, call: cst.Call) -> bool:
        return any(m.kind == "sequential" and m.node is call for m in self.analysis.models)

    def _first_add(self, add: cst.Call) -> bool | None:
        """Whether ``model.add(...)`` is the first layer of a ``Sequential`` (None: cannot tell)."""
        target = add.func.value  # type: ignore[attr-defined]
        if not isinstance(target, cst.Name):
            return None
        models = [m for m in self.analysis.models if m.kind == "sequential" and m.var == target.value]
        if len(models) != 1 or not isinstance(models[0].node, cst.Call):
            return None
        if _arg(models[0].node, 0, "layers") is not None:
            return False                    # built from a list: whatever is added comes later
        first = None
        for use in self.src.loads.get(target.value, []):
            p = self.src.parent.get(id(use))
            if isinstance(p, cst.Attribute) and p.attr.value == "add":
                call = self.src.parent.get(id(p))
                if isinstance(call, cst.Call):
                    if first is None or self.line(call) < self.line(first):
                        first = call
        return first is add


def _arg(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    positional = 0
    for a in call.args:
        if a.keyword is not None:
            if a.keyword.value == keyword:
                return a.value
            continue
        if a.star:
            return None
        if position is not None and positional == position:
            return a.value
        positional += 1
    return None


def build_fixes(result: "FileResult") -> list[Fix]:
    if result.module is None or result.analysis is None or result.locate is None or not result.diagnostics:
        return []
    return Builder(result).fixes()
