"""The one place the language server touches lstmlint's analysis.

Everything the server shows is computed here, in a worker thread, from the public API
(``lint_source`` -> ``FileResult``, the model graph, ``graph.summary``, ``interp.explain``,
``fix``): a :class:`Snapshot` of one version of one document, holding plain data only
(1-based :class:`Span` positions in code points, strings to show). The protocol layer turns
it into LSP objects. When the internals move, this module is the one to edit.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from lstmlint.api import FileResult, lint_source
from lstmlint.diagnostics import Diagnostic, Span
from lstmlint.graph.model import Application, InputNode, Tensor
from lstmlint.graph.summary import UNKNOWN_TEXT as UNKNOWN
from lstmlint.graph.summary import ModelSummary, format_outputs, format_shape, summarize
from lstmlint.server.incremental import Reparsed, reparse
from lstmlint.source.positions import Locator

__all__ = ["Snapshot", "add_shapes", "analyse", "options_for", "rule_url"]


def rule_url(code: str) -> str:
    """The rule's doc page (``docs/rules/CODE.md``): the project's one URL (``lstmlint.rule_url``)."""
    import lstmlint

    build = getattr(lstmlint, "rule_url", None)
    if callable(build):
        return str(build(code))
    return f"https://lstmlint.invalid/lstmlint/blob/main/docs/rules/{code}.md"


try:  # ``Options`` is moving from api.py to settings.py
    from lstmlint.settings import Options
except ImportError:  # pragma: no cover - depends on the tree's state
    from lstmlint.api import Options  # type: ignore[attr-defined, no-redef, unused-ignore]


# ------------------------------------------------------------------ settings
def options_for(path: str | None) -> tuple[Options, str | None]:
    """The options the CLI would use for ``path`` (``[tool.lstmlint]`` of the nearest
    ``pyproject.toml``), and the configuration error to show, if any."""
    if path is None:
        return Options(), None
    from lstmlint.settings import ConfigError, Resolver

    try:
        return Resolver(Options()).options_for(path), None
    except ConfigError as e:
        return Options(), str(e)
    except OSError as e:
        return Options(), f"cannot read the configuration: {e}"


def excluded(path: str | None) -> bool:
    """Is ``path`` excluded by ``[tool.lstmlint]`` (``exclude``/``extend-exclude``)?"""
    if path is None:
        return False
    from lstmlint.settings import ConfigError, Resolver

    try:
        return bool(Resolver(Options()).excluded(path))
    except (ConfigError, OSError):
        return False


# ------------------------------------------------------------------ facts
@dataclass(frozen=True)
class ShapeFact:
    """What hover shows for one layer application, layer, or tensor."""

    title: str  # "`LSTM` layer `lstm_1`", "tensor `x`"
    shape: str  # "(None, 20, 32)", "?" or "[(None, 4), (None, 4)]"
    params: str | None = None  # "4,352"; None when not a layer
    why: tuple[str, ...] = ()  # why the shape is unknown, as --verbose says it
    detail: str | None = None  # "LSTM(32, return_sequences=True)"
    until: int = 0  # the last source line it depends on (an edit below leaves it true)


@dataclass(frozen=True)
class Anchor:
    """A source range that hovering over shows ``fact``."""

    span: Span
    fact: ShapeFact


@dataclass(frozen=True)
class Hint:
    """An inlay hint: ``label`` shown just after ``line``:``column`` (1-based, code points)."""

    line: int
    column: int
    label: str
    tooltip: str


@dataclass(frozen=True)
class Lens:
    span: Span
    title: str
    index: int  # which model of the file (for the summary command)


@dataclass(frozen=True)
class LineEdit:
    """Replace lines ``start``..``end`` (0-based, end exclusive) of the old text by ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FixAction:
    title: str
    code: str
    span: Span
    safe: bool
    edits: tuple[LineEdit, ...]


@dataclass
class Snapshot:
    """One analysed version of a document."""

    text: str
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    names: dict[str, list[tuple[int, ShapeFact]]] = field(default_factory=dict)  # name -> (line, fact)
    hints: list[Hint] = field(default_factory=list)
    lenses: list[Lens] = field(default_factory=list)
    internal_error: str | None = None
    config_error: str | None = None
    options: Options = field(default_factory=Options)
    result: FileResult | None = None
    summaries: list[ModelSummary] = field(default_factory=list)
    seconds: float = 0.0
    excluded: bool = False  # excluded by [tool.lstmlint]: shapes only, no diagnostics
    reparsed: bool = False  # parsed by re-parsing only the statements an edit touched
    _locator: Locator | None = field(default=None, repr=False)
    _fixes: list[FixAction] | None = field(default=None, repr=False)
    _fix_all: tuple[LineEdit, ...] | None = field(default=None, repr=False)

    @property
    def parsed(self) -> bool:
        """Did the text parse (so that its shapes are known)?"""
        return self.result is not None and self.result.module is not None

    # -------------------------------------------------------------- hover
    def fact_at(self, line: int, column: int, word: str | None) -> ShapeFact | None:
        """The fact for the 1-based ``line``/``column``; ``word`` is the identifier there."""
        hit = self.hit_at(line, column, word)
        return hit[0] if hit is not None else None

    def hit_at(self, line: int, column: int, word: str | None) -> tuple[ShapeFact, Span | None] | None:
        """The fact at a position and the source range it describes (None: a name's later use)."""
        if word:
            exact = [
                a
                for a in self.anchors
                if _inside(a.span, line, column)
                and a.span.line == a.span.end_line
                and a.span.end_column - a.span.column == len(word)
            ]
            if exact:
                return exact[0].fact, exact[0].span
            if word in self.names:
                before = [(ln, f) for ln, f in self.names[word] if ln < line]  # bound on an earlier line
                return (before[-1] if before else self.names[word][0])[1], None
        containing = [a for a in self.anchors if _inside(a.span, line, column)]
        if not containing:
            return None
        best = min(containing, key=lambda a: _size(a.span))
        return best.fact, best.span

    # -------------------------------------------------------------- fixes
    def fix_actions(self) -> list[FixAction]:
        """Each verified fix (checked by a fresh analysis, as ``--fix`` does) as line edits."""
        if self._fixes is None:
            self._fixes = self._build_fix_actions()
        return self._fixes

    def _build_fix_actions(self) -> list[FixAction]:
        if self.result is None or not self.diagnostics:
            return []
        try:
            from lstmlint.fix import build_fixes
            from lstmlint.fix.engine import Fixer
        except ImportError:  # pragma: no cover - the fix package is being restructured
            return []
        try:
            fixes = build_fixes(self.result)
        except Exception:  # noqa: BLE001 - a fix is a nicety; the diagnostics stand
            return []
        fixer = Fixer(self.path, self.options, unsafe=True)
        out: list[FixAction] = []
        for fix in fixes:
            try:
                trial = fixer.trial(self.result, [fix])
            except Exception:  # noqa: BLE001
                continue
            if not trial.ok or trial.result is None or trial.result.source is None:
                continue
            label = fix.description if fix.safe else f"{fix.description} (unsafe: {fix.why_unsafe})"
            out.append(
                FixAction(
                    f"lstmlint: {label}",
                    fix.target.code,
                    fix.target.span,
                    bool(fix.safe),
                    tuple(line_edits(self.text, trial.result.source)),
                )
            )
        return out

    def fix_all(self) -> tuple[LineEdit, ...]:
        """Every safe fix, applied in verified rounds (``lstmlint --fix``)."""
        if self._fix_all is None:
            self._fix_all = self._build_fix_all()
        return self._fix_all

    def _build_fix_all(self) -> tuple[LineEdit, ...]:
        if not self.diagnostics:
            return ()
        try:
            from lstmlint.fix import fix_source
        except ImportError:  # pragma: no cover
            return ()
        try:
            outcome = fix_source(self.text, self.path, self.options)
        except Exception:  # noqa: BLE001
            return ()
        return tuple(line_edits(self.text, outcome.fixed)) if outcome.fixed != self.text else ()

    # -------------------------------------------------------------- summary
    def summary_table(self, index: int, width: int = 120) -> str:
        """The static ``model.summary()`` of the ``index``-th model, as the CLI's ``--annotate`` prints it."""
        if self.result is None or not 0 <= index < len(self.summaries):
            return "lstmlint: no such model (the file changed since)"
        summary = self.summaries[index]
        try:
            from lstmlint.report.annotate import _console, rich_model

            out = io.StringIO()
            _console(out, False, width).print(rich_model(self.result, summary, False))
            return out.getvalue()
        except Exception:  # noqa: BLE001 - the reporter moved or failed: a plain table
            rows = [f"{r.name} ({r.display})  {r.output}  {r.params_text}" for r in summary.rows]
            total = summary.total
            return (
                "\n".join(
                    [
                        f"model `{summary.name}` ({summary.kind})",
                        *rows,
                        f"Total params: {total.total:,}" if total is not None else "Total params: ?",
                    ]
                )
                + "\n"
            )


def _inside(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column) or (
        (line, column) == (span.end_line, span.end_column) and span.line == span.end_line
    )


def _size(span: Span) -> tuple[int, int]:
    return (span.end_line - span.line, span.end_column - span.column if span.line == span.end_line else 10**6)


# ------------------------------------------------------------------ building a snapshot
def analyse(
    text: str,
    path: str,
    options: Options | None = None,
    config_error: str | None = None,
    excluded: bool = False,
    shapes: bool = True,
    previous: Snapshot | None = None,
) -> Snapshot:
    """Lint ``text`` and (with ``shapes``, else later by :func:`add_shapes`) gather everything
    the editor shows. Never raises for bad input. An ``excluded`` file (``[tool.lstmlint]
    exclude``) gets its shapes but no diagnostics. ``previous``: an analysis of an earlier text
    of the same document, whose parse is reused for the statements the edit did not touch
    (:mod:`lstmlint.server.incremental`)."""
    import time

    t0 = time.perf_counter()
    options = options or Options()
    snap = Snapshot(text, path, options=options, config_error=config_error, excluded=excluded)
    try:
        again = _reparsed(previous, text)
        snap.reparsed = again is not None
        if again is None:
            result = lint_source(text, path, options)
        else:
            result = lint_source(text, path, options, module=again.module, locator=again.locate)
    except Exception as e:  # noqa: BLE001 - the tool failed, not the user's code
        snap.internal_error = f"{type(e).__name__}: {e}"
        return snap
    snap.result = result
    snap.diagnostics = [] if excluded else list(result.diagnostics)
    snap.internal_error = result.internal_error
    if shapes:
        add_shapes(snap)
    snap.seconds = time.perf_counter() - t0
    return snap


class Stopped(Exception):
    """The shapes of a snapshot nobody will read any more (a newer version arrived): given up."""


def _reparsed(previous: Snapshot | None, text: str) -> Reparsed | None:
    """``parse_module(text)`` from ``previous``'s parse when the edit allows it, else None."""
    if previous is None or previous.result is None or previous.result.module is None:
        return None
    old = previous.result
    assert old.module is not None
    if not isinstance(old.locate, Locator) or old.locate.module is not old.module:
        if previous._locator is None:  # the analysis wrapped its locator (findings moved here)
            previous._locator = Locator(old.module)
        locator = previous._locator
    else:
        locator = old.locate
    try:
        return reparse(previous.text, old.module, locator, text)
    except Exception:  # noqa: BLE001 - the whole parse is the answer then
        return None


def add_shapes(snap: Snapshot, stop: Callable[[], bool] | None = None) -> Snapshot:
    """Gather the shapes, names, hints and lenses of an analysed snapshot (the slower part).

    ``stop`` is asked now and then; when it says so, :class:`Stopped` is raised and the snapshot
    must not be used (its shapes are partial)."""
    result = snap.result
    if result is not None and result.analysis is not None and result.locate is not None and result.module is not None:
        try:
            _gather(snap, result, stop or _never)
        except Stopped:
            raise
        except Exception as e:  # noqa: BLE001 - shapes are extras; keep the diagnostics
            snap.internal_error = snap.internal_error or f"{type(e).__name__}: {e}"
    return snap


def _never() -> bool:
    return False


def _why(tensors: Sequence[Tensor], locate: Callable[[cst.CSTNode], Span]) -> tuple[str, ...]:
    if all(t.shape.dims is not None for t in tensors):
        return ()
    try:
        from lstmlint.interp import explain

        causes: list[tuple[cst.CSTNode | None, str]] = explain._causes(tensors)
    except Exception:  # noqa: BLE001 - the explanation is a nicety
        return ("the analysis could not follow this shape",)
    out: list[str] = []
    for node, why in causes:
        where = f"after line {locate(node).line}: " if node is not None else ""
        text = f"shape unknown {where}{why}"
        if text not in out:
            out.append(text)
    return tuple(out) or ("the analysis could not follow this shape",)


class _Outputs:
    """``format_outputs``, each tensor list formatted once per snapshot (an application's outputs
    are formatted for its anchor, its bound names, its layer and the summaries)."""

    def __init__(self) -> None:
        self.memo: dict[tuple[int, ...], tuple[list[Tensor], str]] = {}

    def __call__(self, tensors: Sequence[Tensor]) -> str:
        key = tuple(id(t.shape) for t in tensors)
        got = self.memo.get(key)
        if got is None:  # the tensors are kept with the text: their shapes' ids stay theirs
            got = self.memo[key] = (list(tensors), format_outputs(list(tensors)))
        return got[1]


def _gather(snap: Snapshot, result: FileResult, stop: Callable[[], bool]) -> None:
    analysis, locate, module = result.analysis, result.locate, result.module
    assert analysis is not None and locate is not None and module is not None
    snap.summaries = summarize(analysis, locate) if analysis.models else []
    if stop():
        raise Stopped
    outputs_text = _Outputs()
    lines = snap.text.splitlines()
    params: dict[int, tuple[str, str]] = {}  # layer uid -> (Keras name, params)
    for summary in snap.summaries:
        for row in summary.rows:
            for app in row.apps:
                params.setdefault(app.layer.uid, (row.name, row.params_text))
    _layer_params(analysis, params)
    targets = _assignments(module)
    _code = _Excerpt(snap.text, locate)
    layer_facts: dict[int, list[Application]] = {}
    for app in analysis.applications:
        layer_facts.setdefault(app.layer.uid, []).append(app)
    seen_hint: set[tuple[int, int]] = set()
    until: dict[int, int] = {}  # application uid -> last line it depends on
    for i, app in enumerate(analysis.applications):
        if i % 64 == 63 and stop():
            raise Stopped
        name, count = params.get(app.layer.uid, (None, None))
        display = app.layer.cfg.display
        shape = outputs_text(app.outputs)
        why = _why(app.outputs, locate)
        if app.problem is not None:
            code = getattr(app.problem, "code", None)
            why = (
                f"`{display}` cannot be applied to its input"
                + (f" ({code})" if code else "")
                + ("" if shape == UNKNOWN else "; the shape is the one it would give, so later layers are checked"),
            )
        span = locate(app.node)
        until[app.uid] = max([span.end_line, *(locate(c).end_line for c in getattr(app, "context", ()))])
        fact = ShapeFact(
            f"`{display}` layer" + (f" `{name}`" if name else ""),
            shape,
            count,
            why,
            _code(app.layer.node),
            until[app.uid],
        )
        snap.anchors.append(Anchor(span, fact))
        if shape != UNKNOWN and (span.end_line, span.end_column) not in seen_hint:
            seen_hint.add((span.end_line, span.end_column))
            tip = f"{display}: {shape}" + (f", {count} params" if count not in (None, UNKNOWN) else "")
            snap.hints.append(Hint(span.end_line, _after_add(lines, span), f": {shape}", tip))
        for target, index in targets.get(id(app.node), []):
            if index is None:
                tensors = app.outputs
            elif index < len(app.outputs):
                tensors = [app.outputs[index]]
            else:
                continue
            _bind(
                snap,
                target,
                locate,
                ShapeFact(
                    f"tensor `{target.value}`",
                    outputs_text(list(tensors)),
                    None,
                    _why(tensors, locate),
                    _code(app.node),
                    until[app.uid],
                ),
            )
    for uid, apps in layer_facts.items():
        layer = apps[0].layer
        name, count = params.get(uid, (None, None))
        shapes = list(dict.fromkeys(outputs_text(a.outputs) for a in apps))
        calls = f" (called {len(apps)} times)" if len(apps) > 1 else ""
        fact = ShapeFact(
            f"`{layer.cfg.display}` layer" + (f" `{name}`" if name else "") + calls,
            " | ".join(shapes),
            count,
            _why([t for a in apps for t in a.outputs], locate),
            _code(layer.node),
            max(until[a.uid] for a in apps),
        )
        if layer.node is not apps[0].node:
            snap.anchors.append(Anchor(locate(layer.node), fact))
        for target, _ in targets.get(id(layer.node), []):
            _bind(snap, target, locate, fact)
    for node in _inputs(analysis):
        fact = ShapeFact(
            f"model input (`{node.source}`)",
            format_shape(node.shape),
            None,
            _why([Tensor(node.shape)], locate),
            _code(node.node),
            locate(node.node).end_line,
        )
        span = locate(node.node)
        snap.anchors.append(Anchor(span, fact))
        if (
            node.source in ("Input", "InputLayer")
            and fact.shape != UNKNOWN
            and (span.end_line, span.end_column) not in seen_hint
        ):
            seen_hint.add((span.end_line, span.end_column))
            snap.hints.append(Hint(span.end_line, span.end_column, f": {fact.shape}", f"{node.source}: {fact.shape}"))
        for target, _ in targets.get(id(node.node), []):
            _bind(snap, target, locate, fact)
    for index, summary in enumerate(snap.summaries):
        if summary.span is None:
            continue
        ins = ", ".join(format_shape(n.shape) for n in summary.inputs) or UNKNOWN
        outs = outputs_text(summary.model.outputs)
        total = summary.total
        layers = sum(1 for r in summary.rows if r.kind != "InputLayer")
        count = f"{total.total:,} params" if total is not None else f"params: {summary.known.total:,} + ?"
        title = f"{summary.name}: {ins} → {outs} · {layers} layer{'s' if layers != 1 else ''} · {count}"
        snap.lenses.append(Lens(summary.span, title, index))
        total_text = f"{total.total:,}" if total is not None else UNKNOWN
        last = max([summary.span.end_line, *(until.get(a.uid, 0) for a in summary.applications)])
        fact = ShapeFact(
            f"{summary.kind} model `{summary.name}` · {layers} layer{'s' if layers != 1 else ''} · input {ins}",
            outs,
            total_text,
            _why(summary.model.outputs, locate) if summary.model.outputs else (),
            _code(summary.model.node),
            last,
        )
        for target, _ in targets.get(id(summary.model.node), []):
            _bind(snap, target, locate, fact)
    for names in snap.names.values():
        names.sort(key=lambda pair: pair[0])


def _after_add(lines: list[str], span: Span) -> int:
    """Where the hint of ``span`` goes (``lines``: the text's lines): its end, or past the ``)`` of
    ``model.add(<span>)``."""
    if not (1 <= span.line <= span.end_line <= len(lines)):
        return span.end_column
    before = lines[span.line - 1][: span.column - 1].rstrip()
    tail = lines[span.end_line - 1][span.end_column - 1 :]
    if before.endswith(".add(") and tail.lstrip().startswith(")"):
        return span.end_column + (len(tail) - len(tail.lstrip())) + 1
    return span.end_column


def _layer_params(analysis: Any, params: dict[int, tuple[str, str]]) -> None:
    """Names and weights of the layers no model summary covers (a model whose outputs the
    analysis lost, a layer outside any model), counted as the summary counts them."""
    missing = [a for a in analysis.applications if a.layer.uid not in params]
    if not missing:
        return
    try:
        from lstmlint.graph.summary import Namer, format_count
        from lstmlint.layers.params import count_params

        names = Namer(analysis)
    except Exception:  # noqa: BLE001 - names and counts are extras
        return
    for app in missing:
        if app.layer.uid in params:
            continue
        try:
            count = None if app.problem is not None else count_params(app.layer.cfg, [t.shape for t in app.inputs])
        except Exception:  # noqa: BLE001
            count = None
        params[app.layer.uid] = (names(app.layer), format_count(count))


def _bind(snap: Snapshot, target: cst.Name, locate: Callable[[cst.CSTNode], Span], fact: ShapeFact) -> None:
    span = locate(target)
    snap.anchors.append(Anchor(span, fact))
    snap.names.setdefault(target.value, []).append((span.line, fact))


def _inputs(analysis: Any) -> list[InputNode]:
    seen: dict[int, InputNode] = {}
    tensors = [t for m in analysis.models for t in m.inputs] + [t for a in analysis.applications for t in a.inputs]
    for t in tensors:
        if isinstance(t.producer, InputNode):
            seen.setdefault(t.producer.uid, t.producer)
    return list(seen.values())


class _Excerpt:
    """The source text of a node, cut from the file's lines by its position (no code generation)."""

    def __init__(self, text: str, locate: Callable[[cst.CSTNode], Span]) -> None:
        self.lines = text.splitlines()
        self.locate = locate

    def __call__(self, node: cst.CSTNode) -> str | None:
        span = self.locate(node)
        if not 1 <= span.line <= span.end_line <= len(self.lines):
            return None
        if span.line == span.end_line:
            text = self.lines[span.line - 1][span.column - 1 : span.end_column - 1]
        else:
            parts = [
                self.lines[span.line - 1][span.column - 1 :],
                *self.lines[span.line : span.end_line - 1],
                self.lines[span.end_line - 1][: span.end_column - 1],
            ]
            text = " ".join(p.strip() for p in parts)
        text = " ".join(text.split())
        return text if len(text) <= 120 else text[:117] + "..."


Targets = dict[int, list[tuple[cst.Name, int | None]]]  # id(value node) -> (name, tuple index or None)


_BLOCKS = (
    cst.BaseSuite,
    cst.BaseCompoundStatement,
    cst.SimpleStatementLine,
    cst.Else,
    cst.Finally,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.MatchCase,
)


def _assignments(module: cst.Module) -> Targets:
    """``x = <value>`` and ``a, b = <value>``: the names bound to each value node. Only
    statements are walked (not every expression), so this stays cheap on a large file."""
    out: Targets = {}

    def bind(target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            out.setdefault(id(value), []).append((target, None))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for i, el in enumerate(target.elements):
                if isinstance(el, cst.Element) and isinstance(el.value, cst.Name):
                    out.setdefault(id(value), []).append((el.value, i))

    stack: list[cst.CSTNode] = list(reversed(module.body))
    while stack:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                if isinstance(small, cst.Assign):
                    for t in small.targets:
                        bind(t.target, small.value)
                elif isinstance(small, cst.AnnAssign) and small.value is not None:
                    bind(small.target, small.value)
            continue
        stack.extend(reversed([c for c in node.children if isinstance(c, _BLOCKS)]))
    return out


# ------------------------------------------------------------------ edits
def line_edits(old: str, new: str) -> list[LineEdit]:
    """The changed line ranges between two texts (whole lines, ends kept)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[LineEdit] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(LineEdit(i1, i2, "".join(b[j1:j2])))
    return out


def first_change(old: str, new: str) -> int:
    """The first 1-based line where ``new`` differs from ``old`` (past the end if they agree)."""
    a, b = old.splitlines(), new.splitlines()
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i + 1
    return n + 1 if len(a) != len(b) else n + 2


def line_map(old: str, new: str) -> dict[int, int]:
    """1-based lines of ``old`` that are unchanged in ``new`` -> their line there."""
    a, b = old.splitlines(), new.splitlines()
    out: dict[int, int] = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                out[i1 + k + 1] = j1 + k + 1
    return out


def suppress_edit(text: str, line: int, code: str) -> LineEdit | None:
    """Add ``code`` to the line's ``# lstmlint: ignore[...]`` comment, or add one (``line`` 1-based)."""
    import re

    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return None
    raw = lines[line - 1]
    body = raw.rstrip("\r\n")
    ending = raw[len(body) :]
    found = re.search(r"#\s*lstmlint\s*:\s*ignore\[(?P<codes>[^\]]*)\]", body, re.IGNORECASE)
    if found:
        codes = [c.strip() for c in found.group("codes").split(",") if c.strip()]
        if code in codes:
            return None
        start, end = found.span("codes")
        new = body[:start] + ", ".join([*codes, code]) + body[end:]
    else:
        new = f"{body}  # lstmlint: ignore[{code}]"
    return LineEdit(line - 1, line, new + ending)
