"""The state one analysis shares, and the collaborators that work on it.

``Context`` owns the evaluator (Python expressions and statements), the flow collaborator
(branches, loops, joins, budgets), the user functions and classes, the library overlays and
the findings sink. Collaborators receive the context, never each other's ``self``: this module
is the declared interface between them (as mypy's ``checker_shared.py``).

Nothing of the user's code is executed: values are plain Python constants, ``Sym`` for sizes
not known statically, ``UNKNOWN`` for anything the analysis does not follow, and the values of
``values.py``. Where the analysis cannot follow the code it forgets what it knew (``havoc``):
shapes become unknown, never wrong.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.findings import Finding
from lstmlint.graph.model import Analysis
from lstmlint.interp.classes import Classes
from lstmlint.interp.evaluator import Evaluator
from lstmlint.interp.flow import Flow
from lstmlint.interp.functions import Functions
from lstmlint.interp.generators import Generators
from lstmlint.interp.modules import Modules
from lstmlint.interp.names import NameIndex
from lstmlint.interp.overlays import Overlays
from lstmlint.interp.values import PathEnd, Scope, Unfollowable
from lstmlint.shapes import ShapeProblem
from lstmlint.source.keras_target import DEFAULT as DEFAULT_TARGET
from lstmlint.source.keras_target import KerasVersion, Target

_IMMUTABLE: frozenset[type] = frozenset({int, float, str, bool, bytes, type(None)})  # ``lose_value`` skips them


class Sink:
    """The one way findings and "not followed" notes leave the interpreter."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.analysis = ctx.result

    def report(self, problem: ShapeProblem, node: cst.CSTNode, *, severity: str = "error", **about: Any) -> None:
        """A problem Keras would raise (or warn about) at ``node``, in the current call context;
        ``about`` names the application (``app=``) or layer (``layer=``) it concerns."""
        self.analysis.findings.append(Finding(problem, node, severity=severity, context=self.ctx.call_context, **about))

    def lose(self, node: cst.CSTNode | None, why: str) -> None:
        """The analysis stops following something at ``node`` (shown by ``--verbose``)."""
        self.analysis.lost.append((node, why))

    def mark(self) -> int:
        return len(self.analysis.findings)

    def drop_since(self, mark: int) -> None:
        """Forget the findings reported since ``mark`` (a path that may be dead)."""
        del self.analysis.findings[mark:]


class Context:
    """One analysis of one module: shared state plus its collaborators."""

    def __init__(self, module: cst.Module, target: Target | None = None, text: str | None = None) -> None:
        self.module = module
        self._text = text  # the module's source text when the caller has it (else generated once)
        self.target = target or DEFAULT_TARGET  # the Keras the file runs on (source/keras_target.py)
        self.result = Analysis()
        self.globals = Scope()
        self.star_modules: list[str] = []
        self.call_context: tuple[cst.CSTNode, ...] = ()  # call sites of followed user functions
        # > 0 while code Keras traces with real tensors runs (a Lambda function, a custom layer's or
        # subclassed model's ``call``): TensorFlow functions are fine there under Keras 3
        self.traced = 0
        self.symbolic: dict[int, Any] = {}  # id -> tensors made from Keras symbolic tensors by functions
        self.current_scope: Scope = self.globals
        # the lists, dicts and sets whose contents differ by path or were changed where the analysis
        # does not follow, by ``id``; each is kept alive here, so that its id cannot be given to a
        # new object (which would then be unknown for nothing) once the marked one is freed
        self.broken: dict[int, Any] = {}
        # types whose values ``lose_value`` leaves as they are: the Python constants, and each type
        # no overlay handled (a symbol, a tuple, a function, a tensor). The overlays' ``lose_value``
        # (and ``passed_out``) answer by the value's type (``isinstance`` of their own classes) and
        # change nothing when they answer False: one answer holds for every value of the type
        self._unchanged: set[type] = set(_IMMUTABLE)
        self.names = NameIndex()
        self.modules: Modules | None = None  # the project's own modules (interp/modules.py), when followed
        self.sink = Sink(self)
        self.flow = Flow(self)
        self.functions = Functions(self)
        self.classes = Classes(self)
        self.generators = Generators(self)
        self.overlays = Overlays(self)
        self.evaluator = Evaluator(self)
        for part in (self.flow, self.functions, self.classes, self.generators):
            self.evaluator.register(part.handlers())

    # ------------------------------------------------------------------ driver
    def run(self) -> Analysis:
        self.globals["__name__"] = "__main__"
        try:
            self.evaluator.exec_block(self.module.body, self.globals)
        except (PathEnd, Unfollowable):
            pass  # a module-level ``raise``/``sys.exit`` path: nothing after it runs
        self.functions.standalone = True
        try:
            self.functions.check_standalone()
            self.overlays.finish_standalone()
        except Unfollowable:
            pass
        finally:
            self.functions.standalone = False
        self.overlays.finish()
        return self.result

    def close(self) -> None:
        """Drop the collaborators and caches once the analysis is done: they refer back to the
        context, and left to the cycle collector every file's whole state would wait for it."""
        self.names = NameIndex()
        self.symbolic = {}
        self.globals.clear()
        for name in ("flow", "functions", "classes", "overlays", "evaluator", "sink", "modules"):
            self.__dict__.pop(name, None)

    # --------------------------------------------------------------- services
    @property
    def keras(self) -> KerasVersion:
        """The Keras major version the file is judged by."""
        return self.target.version

    def source(self, node: cst.CSTNode) -> str:
        """The source text of ``node`` (for messages and symbolic sizes)."""
        return self.names.text(node, self.module)

    def module_text(self) -> str:
        """The whole module's source text (libcst's ``module.code`` regenerates it every time)."""
        if self._text is None:
            self._text = self.module.code
        return self._text

    def eval(self, node: cst.BaseExpression, env: Scope) -> Any:
        return self.evaluator.eval(node, env)

    def lose_value(self, value: Any, node: cst.CSTNode | None, why: str) -> None:
        """``value`` may be changed in ways the analysis does not follow."""
        kind = type(value)
        if kind in self._unchanged:
            return  # nothing can change it in place (most arguments of unknown calls): see ``_unchanged``
        if isinstance(value, list):
            for v in value:
                self.lose_value(v, node, why)
            return
        modules = self.modules
        if modules is not None and node is not None and not modules.native(node):
            if self.overlays.passed_out(value, node, why):
                return  # inside another module's code: kept as a library's code keeps it (interp/modules.py)
        if not self.overlays.lose_value(value, node, why):
            self._unchanged.add(kind)

    def known(self, container: Any) -> bool:
        """Whether a list/dict/tuple's contents are known on every path."""
        return id(container) not in self.broken


Interpreter = Context
