"""What every rule shares: its registry entry, its documentation, and how it tells a story.

A rule turns one proven problem (``frontend.Finding``) into a ``Diagnostic``: the message
comes from the shape domain; the rule adds where each operand's shape came from (labels)
and how to fix it (``help``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from lstmlint.codes import TABLE, Code
from lstmlint.diagnostics import Label, Severity, Span
from lstmlint.findings import Finding
from lstmlint.graph.model import Application, InputNode, Tensor
from lstmlint.graph.walk import look_through
from lstmlint.layers.spec import traits_of
from lstmlint.shapes import Shape

if TYPE_CHECKING:
    from lstmlint.fix.builders import Planner
    from lstmlint.fix.plan import FixPlan


class Context:
    """Positions and source text, resolved lazily for the nodes a report needs."""

    def __init__(self, path: str, module: cst.Module, locate: Callable[[cst.CSTNode], Span]) -> None:
        self.path = path
        self.module = module
        self._locate = locate

    def span(self, node: cst.CSTNode) -> Span:
        return self._locate(node)

    def line(self, node: cst.CSTNode) -> int:
        return self._locate(node).line

    def text(self, node: cst.CSTNode) -> str:
        return " ".join(self.module.code_for_node(node).split())


@dataclass
class Rendered:
    message: str
    labels: list[Label]
    help: str | None
    notes: list[str]


class Rule:
    """One code's rule. A subclass declares ``code = Code.X``; its name, default severity and
    summary come from the code table (``lstmlint.codes.TABLE``). It writes the message's labels
    and the help line, and may attach its own fix (``fix``)."""

    code: ClassVar[Code]
    name: ClassVar[str]  # the bad pattern, kebab-case (from the table)
    severity: ClassVar[Severity]  # the default severity (from the table)
    summary: ClassVar[str]  # one line (from the table)
    what: ClassVar[str]
    why: ClassVar[str]
    example: ClassVar[str]  # a whole program that produces ``code`` (tested)
    use_instead: ClassVar[str]  # the corrected program: no finding at all (tested)
    fix_safety: ClassVar[str] = "No automatic fix yet; the help line says what to change."
    runnable: ClassVar[bool] = True  # the examples are programs lstmlint can lint (tested)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if isinstance(code, Code):
            info = TABLE[code]
            cls.name, cls.severity, cls.summary = info.name, info.severity, info.summary

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        labels = [primary_label(finding, ctx, self.expects(finding))]
        labels += operand_labels(finding, ctx)
        return Rendered(finding.problem.message, labels, self.help(finding, ctx), [])

    def expects(self, finding: Finding) -> str:
        return (finding.problem.expected and f"expects {finding.problem.expected}") or "fails here"

    def severity_of(self, finding: Finding) -> Severity:
        """The code's default severity, or an error where the file's Keras target refuses what
        the default describes (``data["refused"]``: a Keras 3 warning that Keras 2 raises)."""
        return Severity.ERROR if finding.problem.data.get("refused") else self.severity

    def help(self, finding: Finding, ctx: Context) -> str | None:
        return None

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        """The edits that cure ``finding`` (built with ``planner``), or None when there is none."""
        return None


RULES: dict[Code, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    RULES[cls.code] = cls()
    return cls


# ------------------------------------------------------------------ provenance
def producer_app(t: Tensor) -> Application | None:
    return t.producer if isinstance(t.producer, Application) else None


def flag_text(app: Application) -> str:
    """Why a recurrent layer's output has the rank it has, e.g. "`return_sequences` is False"."""
    cfg = app.layer.cfg
    traits = traits_of(cfg.kind)
    inner = cfg.get(traits.wraps) if traits.wraps else cfg
    params = getattr(inner, "params", {})
    flag = traits.sequence_flag or "return_sequences"
    if flag in params:
        return f"`{flag}={params[flag]}`"
    return f"`{flag}` is False (the default)"


def describe_origin(t: Tensor, ctx: Context) -> tuple[cst.CSTNode, str] | None:
    """Where a tensor's shape came from and a short account of it."""
    p = t.producer
    if isinstance(p, InputNode):
        what = "`Input`" if p.source in ("Input", "InputLayer") else f"`{p.source}`"
        return p.node, f"{t.shape} from {what}"
    if isinstance(p, Application):
        if traits_of(p.layer.cfg.kind).recurrent and p.outputs and t is p.outputs[0] and t.shape.rank is not None:
            return p.node, f"{t.shape}: {flag_text(p)}"
        if p.outcome is not None and p.outcome.multi and t.index > 0:
            return p.node, f"{t.shape}: state {t.index} of `{p.layer.cfg.display}`"
        return p.node, f"{t.shape} from `{p.layer.cfg.display}`"
    return None


def _looks_through(app: Application) -> bool:
    traits = traits_of(app.layer.cfg.kind)
    return traits.rank_preserving and not traits.recurrent


def recurrent_cause(t: Tensor) -> Application | None:
    """The recurrent layer whose dropped time axis made ``t`` 2-D, looking through
    pass-through layers (Dropout, Activation, Dense, ...)."""
    for out, app in look_through(t, _looks_through):
        traits = app.layer.cfg.sequence_traits
        if traits.recurrent:
            return app if out.index == 0 and out.shape.rank == traits.sequence_rank - 1 else None
    return None


def sequence_source(t: Tensor) -> Application | None:
    """The recurrent layer with ``return_sequences=True`` that made ``t`` a sequence."""
    for out, app in look_through(t, _looks_through):
        traits = app.layer.cfg.sequence_traits
        if traits.recurrent:
            return app if out.index == 0 and out.shape.rank == traits.sequence_rank else None
    return None


def primary_label(finding: Finding, ctx: Context, message: str) -> Label:
    return Label(ctx.span(finding.node), message, primary=True)


def operand_labels(finding: Finding, ctx: Context, only: list[int] | None = None) -> list[Label]:
    labels: list[Label] = []
    app = finding.app
    if app is None:
        return labels
    for i, t in enumerate(app.inputs):
        if only is not None and i not in only:
            continue
        origin = describe_origin(t, ctx)
        if origin is None:
            continue
        node, text = origin
        if node is finding.node:
            continue
        labels.append(Label(ctx.span(node), text))
    return labels


def operand_name(finding: Finding, index: int, ctx: Context) -> str:
    """How the user wrote operand ``index`` (``lstm1``), or a description of it."""
    node = finding.node
    if isinstance(node, cst.Call) and node.args:
        first = node.args[0].value
        if isinstance(first, (cst.List, cst.Tuple)) and index < len(first.elements):
            return f"`{ctx.text(first.elements[index].value)}`"
        if index == 0 and not isinstance(first, (cst.List, cst.Tuple)):
            return f"`{ctx.text(first)}`"
    return f"input {index + 1}"


def layer_line(app: Application, ctx: Context) -> int:
    return ctx.line(app.layer.node)


def shape_str(s: Shape) -> str:
    return str(s)


def context_notes(finding: Finding, analysis: object, ctx: Context) -> tuple[str, ...]:
    """ "in `residual_block()` called at line 30", innermost call first, for a finding reached
    through the program's own functions, methods or classes."""
    names = getattr(analysis, "call_names", {})
    notes: list[str] = []
    for node in reversed(finding.context):
        name = names.get(node, "a function")
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            notes.append(f"in {name}")
        else:
            notes.append(f"in {name} called at line {ctx.line(node)}")
    return tuple(notes)
