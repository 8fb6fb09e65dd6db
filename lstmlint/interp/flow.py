"""Control flow: ``if``/``else``, ``for`` over what the analysis can list, ``while``, ``try``,
``return``/``raise``/``break``/``continue``, comprehensions; joins of paths; budgets.

The rule is the same everywhere: follow a path only when the analysis knows it is taken,
otherwise follow every side and keep, after they join, only what all sides agree on.

* ``if`` with a test the analysis can decide takes that side only; otherwise both sides run
  from the same state and are joined: a value that differs becomes unknown (the overlays join
  their own values: a tensor keeps the dims both sides agree on). Findings inside a side whose
  test reads a shape (``if x.shape[-1] != units``, ``if len(x.shape) == 2``, a test on a
  tensor) are dropped: that side may be dead exactly because of the shape. Whether a test
  reads a shape is decided on its syntax tree and the values of the names it reads.
* ``for`` over a literal list/tuple, ``range``, ``enumerate``, ``zip``, ``reversed`` of those is
  unrolled, at most ``MAX_ITERATIONS`` times; ``while`` too while its test can be decided. A
  loop that cannot be unrolled is summarised (``summarize_loop``): the names it rebinds and the
  objects it changes hold what every number of iterations leaves alike (the join of the states
  before the loop and after each iteration, iterated until it settles: a residual block keeps
  ``x``'s shape, a loop of ``fit`` calls leaves the model as it was). A loop that ends early or
  does not settle is forgotten (``havoc``): the names it assigns and the objects it touches
  become unknown, and the functions only it called are checked on their own.
* ``try``: the body (and ``else``) is one path, each handler that does not re-raise another,
  starting from a state where whatever the body may change is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import libcst as cst
from libcst.helpers import get_full_name_for_node_or_raise

from lstmlint.interp.names import contains_yield, subtree
from lstmlint.interp.values import (
    NOT_FOLLOWED,
    Broke,
    ClassValue,
    Continued,
    FunctionValue,
    ObjectValue,
    PathEnd,
    Raised,
    Returned,
    Scope,
    Unfollowable,
)
from lstmlint.shapes import UNKNOWN, Shape, Sym
from lstmlint.source.imports import Ref

if TYPE_CHECKING:
    from lstmlint.interp.context import Context
    from lstmlint.interp.evaluator import Handler

MAX_ITERATIONS = 64  # a loop longer than this is forgotten, not unrolled
STEP_BUDGET = 20_000  # statements followed per file before the analysis gives up
MAX_SUMMARY_DEPTH = 4  # loops summarised one inside the other; deeper ones are forgotten
MAX_WIDENING = 2  # iterations a summarised loop runs, after its first, for its names to settle
MAX_SPLITS = 1  # ``if``s split into paths one inside the other, see ``split_if``
SPLIT_STEPS = 1_000  # statements both paths of a split ``if`` may take together
MODEL_WORDS = ("Model", "Sequential")  # a name that ends so makes a model (``split_if``)
SPLIT_BUDGET = 2_000  # statements the paths of all split ``if``s of a file may take (tried ones too)
# identifiers that say a test reads a shape (``x.shape``, ``x.ndim``, ``input_shape``, ``rank``)
SHAPE_WORDS = ("shape", "ndim")
# builtins whose result in a test is about a value's structure
STRUCTURE_BUILTINS = frozenset({"len", "isinstance", "hasattr", "type"})
# functions that never return: they raise (``SystemExit``, pytest's ``Skipped``/``Failed``/``Exit``)
NEVER_RETURN = frozenset({"sys.exit", "os._exit", "pytest.skip", "pytest.fail", "pytest.exit"})


def bound_names(target: cst.BaseExpression) -> set[str]:
    """The plain names an assignment target binds (``i``, ``(i, (x, y))``, ``*rest``)."""
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return set().union(*(bound_names(el.value) for el in target.elements))
    return set()


_ABSENT = object()  # a name missing from a scope
_SCALARS: frozenset[type] = frozenset({int, float, str, bool, type(None)})  # values no statement changes in place


def _block(suite: cst.BaseSuite) -> Iterable[cst.BaseStatement]:
    return suite.body if isinstance(suite, cst.IndentedBlock) else ()


def _layer_object(value: Any) -> bool:
    """An instance of a layer class of the program (``StochasticDepth(...)``)."""
    return isinstance(value, ObjectValue) and value.cls.library_base == "Layer"


class BudgetExceeded(Unfollowable):
    pass


class SplitTooLong(BaseException):
    """The paths of a split ``if`` took more than ``SPLIT_STEPS`` statements, or its first path
    built no model and found nothing (``split_if``): the ``if`` is joined instead.
    Not an ``Exception``: no handler on the way (a call, a loop summary) may take it for a
    failure of its own."""


def same_plain(a: Any, b: Any) -> bool:
    plain = (bool, int, float, str)
    if isinstance(a, plain) and isinstance(b, plain):
        return type(a) is type(b) and a == b
    return False


def ends_in_raise(suite: cst.BaseSuite) -> bool:
    body: list[cst.CSTNode]
    if isinstance(suite, cst.SimpleStatementSuite):
        body = list(suite.body)
    else:
        block = list(suite.body) if isinstance(suite, cst.IndentedBlock) else []
        if not block:
            return False
        last = block[-1]
        if not isinstance(last, cst.SimpleStatementLine):
            return False
        body = list(last.body)
    return bool(body) and isinstance(body[-1], cst.Raise)


# Libraries the analysis models and assumes installed: lstmlint judges a program as it runs with
# Keras, TensorFlow and NumPy present, so importing one of them does not raise ``ImportError``.
INSTALLED = frozenset({"keras", "tensorflow", "numpy"})
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
_SAFE_CALLS = frozenset({"hasattr", "isinstance"})


def _import_roots(stmt: cst.Import | cst.ImportFrom) -> list[str] | None:
    """Top-level module names an import statement loads; None for a relative import."""
    if isinstance(stmt, cst.Import):
        return [get_full_name_for_node_or_raise(a.name).split(".")[0] for a in stmt.names]
    if stmt.relative or stmt.module is None:
        return None
    return [get_full_name_for_node_or_raise(stmt.module).split(".")[0]]


# what may raise in a ``try`` body beside an import (``handler_cannot_run``)
_MAY_RAISE = (cst.Subscript, cst.BinaryOperation, cst.FunctionDef, cst.ClassDef, cst.Raise)


def handler_cannot_run(handler: cst.ExceptHandler, body: cst.BaseSuite) -> bool:
    """Whether ``except ImportError:`` (or ``ModuleNotFoundError``, optionally with
    ``AttributeError``) is never taken: the ``try`` body imports only installed, modelled
    libraries (``INSTALLED``) and does nothing else that could raise — plain names, assignments,
    ``if`` tests and the calls ``hasattr``/``isinstance`` only; with ``AttributeError`` caught,
    no attribute access either. Anything else keeps the handler a possible path."""
    if handler.type is None:
        return False
    kinds = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
    names: set[str] = set()
    for kind in kinds:
        value = kind.value if isinstance(kind, cst.Element) else kind
        if not isinstance(value, cst.Name):
            return False
        names.add(value.value)
    if not names & _IMPORT_ERRORS or not names <= _IMPORT_ERRORS | {"AttributeError"}:
        return False
    attributes_raise = "AttributeError" in names
    ok, imported = True, False
    for node in subtree(body, _checked_whole):
        if isinstance(node, _MAY_RAISE):  # an index, arithmetic, a definition, a raise
            ok = False
        elif type(node) is cst.Import or type(node) is cst.ImportFrom:
            roots = _import_roots(node)
            if roots is None or not set(roots) <= INSTALLED:
                ok = False
            elif type(node) is cst.ImportFrom and not isinstance(node.names, cst.ImportStar):
                ok = False  # a name missing from the module raises ImportError too
            imported = True
        elif type(node) is cst.Call:
            if not (isinstance(node.func, cst.Name) and node.func.value in _SAFE_CALLS):
                ok = False
        elif type(node) is cst.Attribute and attributes_raise:
            ok = False
    return ok and imported


def _checked_whole(node: cst.CSTNode) -> bool:
    """``handler_cannot_run`` looks no further into what may raise and into an import."""
    return isinstance(node, _MAY_RAISE) or type(node) is cst.Import or type(node) is cst.ImportFrom


class Flow:
    """Branches, loops, joins and budgets; owned by the context."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.steps = 0
        self.summarizing = 0  # loops being summarised, one inside the other
        # lists of unknown length whose every item is alike (``layers.append(Dense(64))`` in a
        # loop that cannot be unrolled): id -> one such item (``representative``)
        self.alike: dict[int, tuple[list[Any], Any]] = {}  # (the list itself: its id stays its own)
        self.splits = 0  # ``if``s split into paths (``split_if``), one inside the other
        self.limit = STEP_BUDGET  # the step count ``tick`` stops at (lower while a split runs)
        self.split_spent = 0  # statements the paths of split ``if``s took, in all
        # (test, the values it read, its truth) of each split ``if`` on the current path
        self.path_facts: list[tuple[cst.BaseExpression, tuple[int, ...], bool]] = []
        # statements after an ``if`` until its function returns (``continuation``), by id
        # (the ``if``, the statements after it, the function it lies in), by the ``if``'s id
        self._rests: dict[int, tuple[cst.If, list[cst.BaseStatement], cst.FunctionDef]] = {}
        self._generators: dict[int, bool] = {}  # function definition id -> has a ``yield``
        # ``if`` id -> (the ``if``, whether the rest of its function makes a model)
        self._builds_model: dict[int, tuple[cst.If, bool]] = {}
        # test id -> (the test, ``shape_plan``): kept with the node, so its id stays its own
        self._shape_plans: dict[int, tuple[cst.BaseExpression, list[tuple[str, Any, bool]] | None]] = {}
        self._indexed = 0  # functions of ``ctx.functions.defined`` indexed into ``_rests``
        self._bodies: dict[int, cst.FunctionDef] = {}  # the function definitions indexed, by id
        self.joining: list[int] = []  # call depths of the ``if``s whose sides run to be joined
        self.split_runs = 0  # outermost splits so far: their paths' layer calls are grouped
        # types whose values ``mutables`` never tracks, so never walks: the plain constants, and
        # each type of value found neither a container, an instance nor mutable to the overlays
        # (a symbol, a module, a function, an array): the overlays' ``mutable`` answers by the
        # value's type (``isinstance`` of their own classes), so one answer holds for the type
        self._inert: set[type] = set(_SCALARS)

    def handlers(self) -> dict[type, Handler]:
        return {
            cst.If: self.if_,
            cst.For: self.for_,
            cst.While: self.while_,
            cst.Try: self.try_,
            cst.Return: self.return_,
            cst.Raise: self.raise_,
            cst.Break: self.break_,
            cst.Continue: self.continue_,
            cst.ListComp: self.list_comp,
            cst.GeneratorExp: self.generator_exp,
            cst.DictComp: self.dict_comp,
        }

    def tick(self, env: Scope) -> None:
        self.ctx.current_scope = env
        self.steps += 1
        if self.steps > self.limit:
            if self.steps <= STEP_BUDGET:
                raise SplitTooLong()  # the paths of a split ``if`` took too long: it is joined
            raise BudgetExceeded(f"the analysis stopped after {STEP_BUDGET} statements (per-file budget)")

    def truth(self, v: Any) -> Any:
        """What ``bool(v)`` would be, or UNKNOWN."""
        if isinstance(v, (list, dict)) and not self.ctx.known(v):
            return UNKNOWN
        if v is None or isinstance(v, (bool, int, float, str, tuple, list, dict)):
            return bool(v)
        if isinstance(v, (FunctionValue, ClassValue, Ref)):
            return True
        found = self.ctx.overlays.truth(v)
        return UNKNOWN if found is NOT_FOLLOWED else found

    # ------------------------------------------------------ simple statements
    def return_(self, small: cst.Return, env: Scope) -> None:
        value = self.ctx.eval(small.value, env) if small.value is not None else None
        self.ctx.functions.returned(value)
        raise Returned()

    def raise_(self, small: cst.Raise, env: Scope) -> None:
        raise Raised()

    def break_(self, small: cst.Break, env: Scope) -> None:
        raise Broke()

    def continue_(self, small: cst.Continue, env: Scope) -> None:
        raise Continued()

    # ------------------------------------------------------------------- if
    def if_(self, stmt: cst.If, env: Scope) -> None:
        evaluator = self.ctx.evaluator
        decided = self.truth(self.ctx.eval(stmt.test, env))
        if decided is UNKNOWN and self.path_facts:
            decided = self.path_fact(stmt.test, env)
        orelse = stmt.orelse
        if decided is not UNKNOWN:
            if decided:
                evaluator.exec_suite(stmt.body, env)
            elif orelse is not None:
                self._else(orelse, env)
            return
        quiet = self.reads_shape(stmt.test, env)
        rest = None if quiet else self.splittable(stmt, env)
        undo = self.snapshot(stmt, env) if rest is not None else None
        paths: list[Callable[[], None]] = [lambda: evaluator.exec_suite(stmt.body, env)]
        paths.append((lambda: self._else(orelse, env)) if orelse is not None else (lambda: None))
        finished: list[dict[str, Any]] = []
        functions = self.ctx.functions
        cost = (self.steps, functions.calls_followed)
        self.join_if(stmt, paths, env, quiet, finished)
        if rest is not None and undo is not None and self.join_lost(stmt, env, finished):
            undo()  # the join's statements and calls come out of the splits' own budget
            self.split_spent += max(0, self.steps - cost[0])
            self.steps, functions.calls_followed = cost
            if not self.split_if(stmt, env, rest):  # too long to split: joined after all
                self.join_if(stmt, paths, env, quiet, [])

    def join_if(
        self, stmt: cst.If, paths: list[Callable[[], None]], env: Scope, quiet: bool, finished: list[dict[str, Any]]
    ) -> None:
        self.joining.append(len(self.ctx.functions.frames))  # an ``if`` in a side joined is joined too
        try:
            self.run_paths(stmt, paths, env, quiet=quiet, why="differs between the sides of an `if`", finished=finished)
        finally:
            self.joining.pop()

    # ------------------------------------------------------------ split paths
    def splittable(self, stmt: cst.If, env: Scope) -> list[cst.BaseStatement] | None:
        """The rest of the function after ``stmt`` when ``split_if`` may split it, else None."""
        if self.splits >= MAX_SPLITS or self.summarizing or self.steps > STEP_BUDGET // 2:
            return None
        if self.split_spent >= SPLIT_BUDGET:
            return None
        depth = len(self.ctx.functions.frames)
        if not depth or (self.joining and self.joining[-1] == depth):
            return None
        # the conditions depend on the nodes only; the cheapest first (the generator test walks
        # the whole function, the model test the rest of it: both once per ``if``)
        found = self.continuation(stmt)
        if not found or not found[0] or not self.ctx.names.assigned(stmt) or not self.builds_model(stmt, found[0]):
            return None
        return None if self.is_generator(found[1]) else found[0]

    def builds_model(self, stmt: cst.If, rest: list[cst.BaseStatement]) -> bool:
        """Whether the rest of the function after ``stmt`` mentions a name that makes a model
        (``keras.Model(...)``, ``Sequential(...)``): elsewhere a helper's paths return their
        tensors to a caller that would join them all the same. Kept per ``if``: a model zoo runs
        the same function hundreds of times."""
        known = self._builds_model.get(id(stmt))
        if known is None or known[0] is not stmt:
            names = self.ctx.names
            found = False
            for later in rest:
                for ident in names.mentioned(later):
                    if ident.endswith(MODEL_WORDS):
                        found = True
                        break
                if found:
                    break
            known = self._builds_model[id(stmt)] = (stmt, found)
        return known[1]

    def snapshot(self, stmt: cst.If, env: Scope) -> Callable[[], None]:
        """A function that puts the state back as it is now (names, objects, what was recorded)."""
        return self.saved(stmt, env, [])[0]

    def saved(
        self, stmt: cst.If, env: Scope, rest: list[cst.BaseStatement]
    ) -> tuple[Callable[[], None], Callable[[], None], list[Any], tuple[int, int, int, int]]:
        """The state ``stmt`` and ``rest`` may change, as it is now: a function that puts it all
        back (names, objects, what was recorded), one that puts back the names and objects only,
        the objects tracked, and how much had been recorded (applications, models, findings, lost)."""
        result = self.ctx.result
        scopes, tracked = self.reachable(stmt, env, rest)
        before_scopes = [dict(sc) for sc in scopes]
        before = [self.save_state(obj) for obj in tracked]
        marks = (len(result.applications), len(result.models), len(result.findings), len(result.lost))

        def restore() -> None:
            for sc, saved in zip(scopes, before_scopes):
                sc.clear()
                sc.update(saved)
            for obj, state in zip(tracked, before):
                self.restore_state(obj, state)

        def undo() -> None:
            restore()
            del result.applications[marks[0] :], result.models[marks[1] :]
            del result.findings[marks[2] :], result.lost[marks[3] :]

        return undo, restore, tracked, marks

    def reachable(self, stmt: cst.If, env: Scope, rest: list[cst.BaseStatement]) -> tuple[list[Scope], list[Any]]:
        """The scopes ``stmt`` and ``rest`` may rebind (a function they call may rebind a
        ``global``) and every object their names reach (such a function may change any)."""
        scopes: list[Scope] = []
        scope: Scope | None = env
        while scope is not None:
            scopes.append(scope)
            scope = scope.parent
        names = self.ctx.names
        visible = set().union(*scopes) | names.mentioned(stmt)
        for later in rest:
            visible |= names.mentioned(later)
        return scopes, self.mutables(stmt, env, visible)

    def join_lost(self, stmt: cst.If, env: Scope, finished: list[dict[str, Any]]) -> bool:
        """Whether joining the sides of ``stmt`` lost the rank of a tensor it rebinds (sizes
        that differ become unknown, the rank stays: the model is followed all the same), or a
        layer it binds (two different layers join to no layer at all)."""
        if len(finished) < 2:
            return False
        shaped, stable = self.ctx.overlays.shaped, self.ctx.overlays.stable
        for name in self.ctx.names.assigned(stmt):
            sides = [f.get(name, _ABSENT) for f in finished]
            joined = env.get(name, _ABSENT)
            if any(stable(v) or _layer_object(v) for v in sides) and not (stable(joined) or _layer_object(joined)):
                return True
            if not any(shaped(v) for v in sides):
                continue
            shape = getattr(joined, "shape", None)
            if not shaped(joined) or not isinstance(shape, Shape) or shape.dims is None:
                # a tensor of known rank on a side, of none after the join
                if any(isinstance(getattr(v, "shape", None), Shape) and v.shape.dims is not None for v in sides):
                    return True
        return False

    def is_generator(self, function: cst.FunctionDef) -> bool:
        """Whether ``function`` has a ``yield``: a generator's ``if``s are not split. Asked only
        of the functions whose ``if``s are (a whole-body walk for every function defined cost
        more), once per function."""
        generator = self._generators.get(id(function))
        if generator is None:
            generator = self._generators[id(function)] = contains_yield(function.body)
        return generator

    def continuation(self, stmt: cst.If) -> tuple[list[cst.BaseStatement], cst.FunctionDef] | None:
        """The statements a function runs after ``stmt`` until it returns, and that function,
        when ``stmt`` lies in its body through ``if`` blocks only (no loop, ``try`` or ``with``
        around it); else None. (Whether the function is a generator: ``is_generator``.)"""
        defined = self.ctx.functions.defined
        while self._indexed < len(defined):
            node = defined[self._indexed].node
            self._indexed += 1
            if id(node) in self._bodies:
                continue  # a nested function defined again at each call of its parent
            self._bodies[id(node)] = node
            if node.asynchronous is None:
                self._index_block(list(_block(node.body)), [], node)
        found = self._rests.get(id(stmt))
        if found is None or found[0] is not stmt:
            return None
        return found[1], found[2]

    def _index_block(
        self, block: list[cst.BaseStatement], after: list[cst.BaseStatement], function: cst.FunctionDef
    ) -> None:
        for j, s in enumerate(block):
            if isinstance(s, cst.If):
                rest = block[j + 1 :] + after
                node: cst.If | cst.Else | None = s
                while isinstance(node, cst.If):
                    self._rests[id(node)] = (node, rest, function)
                    self._index_block(list(_block(node.body)), rest, function)
                    node = node.orelse
                if isinstance(node, cst.Else):
                    self._index_block(list(_block(node.body)), rest, function)

    def split_if(self, stmt: cst.If, env: Scope, rest: list[cst.BaseStatement]) -> bool:
        """An ``if`` whose test cannot be decided, inside a function, whose sides leave a tensor
        or a layer that joining them would lose (``join_lost``: a rank or a size that differs, two
        different layers): each side runs on with the rest of the function to its ``return``
        (the model it builds is made on each path and followed there). Not inside another split,
        a loop summary or a side being joined, and while the budget allows (``splittable``); the
        two paths together may take ``SPLIT_STEPS`` statements, else the split is undone and the
        sides are joined (returns False). On each path the test keeps the truth it had
        (``path_facts``), so a later ``if`` on the same test follows the same side. Every path
        ends the function: this raises ``Returned`` (or ``Raised``)."""
        evaluator, result = self.ctx.evaluator, self.ctx.result
        orelse = stmt.orelse
        frame = self.ctx.functions.frames[-1]
        mark = len(frame.returns)
        # what the rest of the function may change, put back before the second path
        undo, restore, tracked, marks = self.saved(stmt, env, rest)
        spans: list[tuple[int, int]] = []  # the applications each path made
        ends: list[PathEnd] = []
        states: list[list[tuple[Any, ...]]] = []
        functions = self.ctx.functions
        saved_limit, started = self.limit, self.steps
        self.limit = min(saved_limit, started + SPLIT_STEPS, started + SPLIT_BUDGET - self.split_spent)
        first = (started, functions.calls_followed)  # what the first path took: the file's cost
        self.splits += 1
        try:
            for truth in (True, False):
                if not truth:
                    first = (self.steps, functions.calls_followed)
                restore()
                start = len(result.applications)
                self.path_facts.append((stmt.test, self.fact_key(stmt.test, env), truth))
                try:
                    if truth:
                        evaluator.exec_suite(stmt.body, env)
                    elif orelse is not None:
                        self._else(orelse, env)
                    evaluator.exec_block(rest, env)
                    self.ctx.functions.returned(None)  # it falls off the end of the function
                    raise Returned()
                except (Broke, Continued):
                    raise Unfollowable("`break`/`continue` outside a loop") from None
                except PathEnd as end:
                    ends.append(end)
                finally:
                    self.path_facts.pop()
                    spans.append((start, len(result.applications)))
                states.append([self.save_state(obj) for obj in tracked])
                if len(result.models) == marks[1] and len(result.findings) == marks[2]:
                    # the path builds no model and finds nothing: the caller would get the
                    # join of the paths' results anyway, as from the join of the sides
                    raise SplitTooLong()
        except SplitTooLong:
            undo()
            del frame.returns[mark:]
            return False
        finally:
            self.splits -= 1
            self.limit = saved_limit
            # the paths' statements come out of the splits' own budget; the file's budgets
            # (statements, calls) pay for the first path only, as for the join it replaces
            self.split_spent += max(0, self.steps - started)
            self.steps, functions.calls_followed = first
        self.split_runs += 1
        self.record_variants(self.split_runs, spans)
        for k, obj in enumerate(tracked):  # what the caller finds: the join of both ends
            if not all(self.same_state(states[0][k], st[k]) for st in states[1:]):
                self.join_state(obj, [st[k] for st in states], stmt, "differs between the sides of an `if`")
        returns = frame.returns[mark:]
        if len(returns) > 1 and self.join_values(returns, stmt) is UNKNOWN:
            # different values returned on different paths: the caller gets none of them, and a
            # model returned may be changed by the caller out of sight
            why = "returned by one of the paths of an `if` whose test is not known"
            for value in returns:
                self.ctx.lose_value(value, stmt, why)
        raise Returned() if any(isinstance(e, Returned) for e in ends) else Raised()

    def record_variants(self, run: int, spans: list[tuple[int, int]]) -> None:
        """The same layer call made on each path of a split ``if`` (after it, with the same call
        sites) counts once in the coverage figures, known only when every path knows it
        (``Analysis.variants``, as for pytest's parametrizations); models are grouped so already."""
        result = self.ctx.result
        for start, end in spans:
            seen: dict[tuple[int, ...], int] = {}
            for app in result.applications[start:end]:
                base = (3, run, id(app.node), *(id(n) for n in app.context))
                seen[base] = seen.get(base, -1) + 1
                result.variants[app.uid] = (*base, seen[base])

    def fact_key(self, test: cst.BaseExpression, env: Scope) -> tuple[int, ...]:
        """The values a test reads (by identity): a path fact holds while they are the same."""
        return tuple(id(env.find(n, None)) for n in sorted(self.ctx.names.mentioned(test)))

    def path_fact(self, test: cst.BaseExpression, env: Scope) -> Any:
        """What a test is on the current split path (an earlier ``if`` with the same test and
        the same values, or its ``not``), or UNKNOWN."""
        negate = False
        while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            test, negate = test.expression, not negate
        for node, key, truth in reversed(self.path_facts):
            if node.deep_equals(test) and key == self.fact_key(test, env):
                return truth != negate
        return UNKNOWN

    def _else(self, orelse: cst.If | cst.Else, env: Scope) -> None:
        if isinstance(orelse, cst.If):
            self.ctx.evaluator.exec_stmt(orelse, env)
        else:
            self.ctx.evaluator.exec_suite(orelse.body, env)

    def reads_shape(self, test: cst.BaseExpression, env: Scope) -> bool:
        """Whether an undecided test depends on shapes (then a side may be dead because of the
        very shape that would make it fail): it names a shape (``x.shape``, ``ndim``,
        ``input_shape``, ``rank``), asks about a value's structure (``len``, ``isinstance``,
        ``hasattr``, ``type``), or reads a value that has a shape (a tensor, an array)."""
        plan = self._shape_plans.get(id(test))
        if plan is None or plan[0] is not test:
            plan = self._shape_plans[id(test)] = (test, self.shape_plan(test))
        idents = plan[1]
        if idents is None:
            return True  # it names a shape
        shaped = self.ctx.overlays.shaped
        for ident, default, called in idents:
            value = env.find(ident, default)
            if (
                called
                and isinstance(value, Ref)
                and value.qual[9:] in STRUCTURE_BUILTINS
                and value.qual.startswith("builtins.")
            ):
                return True
            if shaped(value):
                return True
        return False

    def shape_plan(self, test: cst.BaseExpression) -> list[tuple[str, Any, bool]] | None:
        """What ``reads_shape`` asks of a test that depends on its node only, worked out once per
        test (a model zoo runs the same ``if`` hundreds of times): None when an identifier names
        a shape; else, for each identifier, the value it stands for when unbound (a structure
        builtin, else None) and whether the test calls it."""
        names = self.ctx.names
        idents: list[tuple[str, Any, bool]] = []
        for ident in names.mentioned(test):
            lower = ident.lower()
            if any(word in lower for word in SHAPE_WORDS) or "rank" in lower.split("_"):
                return None
            default = Ref(f"builtins.{ident}") if ident in STRUCTURE_BUILTINS else None
            idents.append((ident, default, ident in names.called(test)))
        return idents

    # --------------------------------------------------------------- joining
    def run_paths(
        self,
        node: cst.CSTNode,
        paths: list[Callable[[], None]],
        env: Scope,
        *,
        quiet: bool = False,
        why: str = "differs between paths",
        finished: list[dict[str, Any]] | None = None,
    ) -> None:
        """Run each path from the same state, then join the states of those that go on (their
        names are added to ``finished`` when given)."""
        tracked = self.mutables(node, env)
        before_env = dict(env)
        before = [self.save_state(obj) for obj in tracked]
        mark = self.ctx.sink.mark()
        done: list[tuple[dict[str, Any], list[tuple[Any, ...]]]] = []
        ended: list[PathEnd] = []
        for i, path in enumerate(paths):
            if i:
                env.clear()
                env.update(before_env)
                for obj, state in zip(tracked, before):
                    self.restore_state(obj, state)
            try:
                path()
            except (Broke, Continued) as end:
                raise Unfollowable(f"`{end.kind}` under a test the analysis cannot decide") from None
            except PathEnd as end:
                ended.append(end)
                continue
            done.append((dict(env), [self.save_state(obj) for obj in tracked]))
        if quiet:
            self.ctx.sink.drop_since(mark)
        if not done:
            raise Returned() if any(isinstance(e, Returned) for e in ended) else Raised()
        if finished is not None:
            finished.extend(f[0] for f in done)
        env.clear()
        if len(done) == 1:
            env.update(done[0][0])
            for obj, state in zip(tracked, done[0][1]):
                self.restore_state(obj, state)
            return
        envs = [f[0] for f in done]
        first, rest = envs[0], envs[1:]
        for name, value in first.items():
            if value is not UNKNOWN:  # the same object on every path: joined, it is itself
                for e in rest:
                    if e.get(name, _ABSENT) is not value:
                        break
                else:
                    env[name] = value
                    continue
            if all(name in e for e in rest):
                joined = self.join_values([e[name] for e in envs], node, why)
                env[name] = Sym.fresh(name) if joined is UNKNOWN else joined
            else:
                env[name] = Sym.fresh(name)
        for k, obj in enumerate(tracked):
            self.join_state(obj, [f[1][k] for f in done], node, why)

    def same_value(self, a: Any, b: Any) -> bool:
        if a is b:
            return True
        if same_plain(a, b):
            return True
        if isinstance(a, Sym) and isinstance(b, Sym):
            return a == b
        if isinstance(a, Ref) and isinstance(b, Ref):
            return a == b or self.ctx.overlays.same(a, b)
        if isinstance(a, tuple) and isinstance(b, tuple):
            return len(a) == len(b) and all(self.same_value(x, y) for x, y in zip(a, b))
        return False

    def join_values(self, values: list[Any], node: cst.CSTNode | None, why: str = "differs between paths") -> Any:
        first = values[0]
        for v in values[1:]:  # a loop, not ``all()`` over a generator: ~200k calls a run
            if v is not first and not self.same_value(first, v):
                break
        else:
            return first
        if first is None and all(v is None for v in values):
            return None
        joined = self.ctx.overlays.join(values, node, why)
        if joined is not NOT_FOLLOWED:
            return joined
        if all(isinstance(v, list) for v in values) or all(isinstance(v, tuple) for v in values):
            if all(len(v) == len(first) for v in values):
                items = [self.join_values([v[i] for v in values], node, why) for i in range(len(first))]
                return type(first)(items)
            return UNKNOWN
        return UNKNOWN

    # ------------------------------------------------------- mutable objects
    def mutables(self, node: cst.CSTNode, env: Scope, names: Iterable[str] | None = None) -> list[Any]:
        """Objects a statement may change in place: library objects, lists, dicts and instances
        reachable from the names it mentions (followed function calls reach theirs through
        their arguments), or from ``names`` when given."""
        found: dict[int, Any] = {}
        overlays = self.ctx.overlays
        inert = self._inert

        def walk(v: Any, depth: int) -> None:
            # never asked of a value of an ``inert`` type (most values are): the callers skip
            # them, which saves a call per item of a list of numbers or of arrays
            if depth > 4 or id(v) in found:
                return
            if isinstance(v, list):
                found[id(v)] = v
                for x in v[:256]:
                    if type(x) not in inert:
                        walk(x, depth + 1)
            elif isinstance(v, dict):
                found[id(v)] = v
                for x in list(v.values())[:256]:
                    if type(x) not in inert:
                        walk(x, depth + 1)
            elif isinstance(v, tuple):
                for x in v[:256]:
                    if type(x) not in inert:
                        walk(x, depth + 1)
            elif isinstance(v, ObjectValue):
                found[id(v)] = v
                for x in v.attrs.values():
                    if type(x) not in inert:
                        walk(x, depth + 1)
            elif overlays.mutable(v):
                found[id(v)] = v
            else:
                inert.add(type(v))  # no value of this type is ever tracked: not walked again

        for name in self.ctx.names.mentioned(node) if names is None else names:
            value = env.find(name, _ABSENT)  # most identifiers mentioned are attributes or keywords
            if value is not _ABSENT and type(value) not in inert:
                walk(value, 0)
        return list(found.values())

    def save_state(self, obj: Any) -> tuple[Any, ...]:
        """(plain Python state, the overlays' state) of a mutable object."""
        own: tuple[Any, ...] = ()
        if isinstance(obj, list):
            own = (list(obj), not self.ctx.known(obj), self.alike.get(id(obj), (None, None))[1])
        elif isinstance(obj, dict):
            own = (dict(obj), not self.ctx.known(obj))
        elif isinstance(obj, ObjectValue):
            own = (dict(obj.attrs), obj.called)
        return (own, self.ctx.overlays.save_state(obj))

    def restore_state(self, obj: Any, state: tuple[Any, ...]) -> None:
        own, library = state
        if isinstance(obj, (list, dict)):
            if isinstance(obj, list):
                obj[:] = own[0]
            else:
                obj.clear()
                obj.update(own[0])
            if own[1]:
                self.ctx.broken[id(obj)] = obj
            else:
                self.ctx.broken.pop(id(obj), None)
            if isinstance(obj, list) and own[2] is not None:
                self.alike[id(obj)] = (obj, own[2])
            elif isinstance(obj, list):
                self.alike.pop(id(obj), None)
        elif isinstance(obj, ObjectValue):
            attrs, obj.called = own
            obj.attrs.clear()
            obj.attrs.update(attrs)
        if library is not None:
            self.ctx.overlays.restore_state(obj, library)

    def join_state(self, obj: Any, states: list[tuple[Any, ...]], node: cst.CSTNode, why: str) -> None:
        owns = [s[0] for s in states]
        libraries = [s[1] for s in states]
        broken = self.ctx.broken
        if isinstance(obj, list):
            items = [s[0] for s in owns]
            if all(len(i) == len(items[0]) for i in items) and not any(s[1] for s in owns):
                obj[:] = self.join_items(items, node, why)
                broken.pop(id(obj), None)
            else:
                # a list that grows by items alike keeps one of them (its length is unknown);
                # a state already of unknown contents must have had the same kind of items
                every: list[Any] = []
                for own in owns:
                    if own[1] and own[2] is None:
                        every = []
                        break
                    every += ([own[2]] if own[1] else []) + list(own[0])
                obj[:] = []
                broken[id(obj)] = obj
                if every and all(self.alike_items(every[0], x) for x in every[1:]):
                    self.alike[id(obj)] = (obj, every[0])
                else:
                    self.alike.pop(id(obj), None)
        elif isinstance(obj, dict):
            maps = [s[0] for s in owns]
            obj.clear()
            if all(m.keys() == maps[0].keys() for m in maps) and not any(s[1] for s in owns):
                obj.update({k: self.join_values([m[k] for m in maps], node, why) for k in maps[0]})
                broken.pop(id(obj), None)
            else:
                broken[id(obj)] = obj
        elif isinstance(obj, ObjectValue):
            attrs = [s[0] for s in owns]
            keys: set[str] = set().union(*attrs)
            obj.attrs.clear()
            for key in keys:
                if all(key in a for a in attrs):
                    obj.attrs[key] = self.join_values([a[key] for a in attrs], node, why)
                else:
                    obj.attrs[key] = UNKNOWN
            obj.called = any(s[1] for s in owns)
        if libraries[0] is not None:
            self.ctx.overlays.join_state(obj, libraries, node, why)

    def join_items(self, items: list[list[Any]], node: cst.CSTNode, why: str) -> list[Any]:
        """The item-wise join of lists of one length (``join_values`` of each position). An item
        the same object in every list is its own join: taken without the call (a list of data
        or of layers mostly holds the very items it held on each side)."""
        first, rest = items[0], items[1:]
        joined: list[Any] = []
        for k, item in enumerate(first):
            for other in rest:
                if other[k] is not item:
                    joined.append(self.join_values([i[k] for i in items], node, why))
                    break
            else:
                joined.append(item)
        return joined

    # ------------------------------------------------------------ forgetting
    def forgotten(self, before: Any, name: str, node: cst.CSTNode, why: str) -> Any:
        """What a name becomes when a statement not followed may assign it."""
        found = self.ctx.overlays.forgotten(before, name, node, why)
        return Sym.fresh(name) if found is NOT_FOLLOWED else found

    def forget_mutated(self, stmt: cst.CSTNode, env: Scope, why: str) -> None:
        """Lists and instances a statement not followed may change in place become unknown."""
        for obj in self.mutables(stmt, env):
            if isinstance(obj, (list, dict)):
                obj.clear()
                self.ctx.broken[id(obj)] = obj
                self.alike.pop(id(obj), None)
            elif isinstance(obj, ObjectValue):
                for key in list(obj.attrs):
                    v = obj.attrs[key]
                    if not (isinstance(v, FunctionValue) or self.ctx.overlays.stable(v)):
                        obj.attrs[key] = self.forgotten(v, key, stmt, why)
        for scope_name, value in list(env.items()):
            if isinstance(value, (list, dict)) and not self.ctx.known(value):
                env[scope_name] = Sym.fresh(scope_name)

    def forget_objects(self, objects: list[Any], node: cst.CSTNode, why: str) -> None:
        """These objects may have been changed in ways not followed."""
        for obj in objects:
            if isinstance(obj, (list, dict)):
                obj.clear()
                self.ctx.broken[id(obj)] = obj
                self.alike.pop(id(obj), None)
            elif isinstance(obj, ObjectValue):
                for key in list(obj.attrs):
                    v = obj.attrs[key]
                    if not (isinstance(v, FunctionValue) or self.ctx.overlays.stable(v)):
                        obj.attrs[key] = self.forgotten(v, key, node, why)
            else:
                self.ctx.lose_value(obj, node, why)

    def havoc(self, stmt: cst.CSTNode, env: Scope, why: str) -> None:
        """Forget everything ``stmt`` may change: the names it binds and the objects it touches."""
        self.ctx.sink.lose(stmt, why)
        for name in self.ctx.names.assigned(stmt):
            before = env.get(name)
            env[name] = self.forgotten(before, name, stmt, why)
        for name in self.ctx.names.mentioned(stmt):
            value = env.find(name, _ABSENT)
            if value is not _ABSENT:
                self.ctx.lose_value(value, stmt, why)
        self.forget_mutated(stmt, env, why)

    def havoc_quietly(self, node: cst.CSTNode, env: Scope, why: str) -> None:
        """Forget the names ``node`` assigns (no report: the path that follows it is joined)."""
        for name in self.ctx.names.assigned(node):
            if name in env:
                env[name] = self.forgotten(env[name], name, node, why)

    # -------------------------------------------------------------------- loops
    def alike_items(self, a: Any, b: Any, depth: int = 0) -> bool:
        """Whether two items of a list are interchangeable for the shapes: the same value, two
        layers made by the same call with the same arguments (the overlays say), or two
        instances of the program's class made by the same call whose attributes are alike."""
        if a is b or self.same_value(a, b):
            return True
        if isinstance(a, ObjectValue) and isinstance(b, ObjectValue):
            return (
                depth < 3
                and a.cls is b.cls
                and a.node is b.node
                and a.attrs.keys() == b.attrs.keys()
                and all(self.alike_items(a.attrs[k], b.attrs[k], depth + 1) for k in a.attrs)
            )
        return not isinstance(a, (list, dict, tuple)) and self.ctx.overlays.same(a, b)

    def representative(self, value: Any) -> Any:
        """One item of a list of unknown length whose items are all alike (``alike``), every
        item added since included; None otherwise."""
        if not isinstance(value, list) or self.ctx.known(value):
            return None
        owner, rep = self.alike.get(id(value), (None, None))
        if owner is not value or rep is None or not all(self.alike_items(rep, x) for x in value):
            return None
        return rep

    def iteration_items(self, value: Any) -> list[Any] | None:
        if isinstance(value, (list, tuple)) and self.ctx.known(value):
            return list(value)
        if isinstance(value, str):
            return list(value)
        if isinstance(value, dict) and self.ctx.known(value):
            return list(value)
        return None

    def for_(self, stmt: cst.For, env: Scope) -> None:
        evaluator = self.ctx.evaluator
        if stmt.asynchronous is not None:
            self.havoc(stmt, env, "`async for` loop is not followed")
            return
        iterated = self.ctx.eval(stmt.iter, env)
        items = self.iteration_items(iterated)
        if items is None or len(items) > MAX_ITERATIONS:
            what = f"loop over `{self.ctx.source(stmt.iter)}`"
            # the loop variable: what every item has in common (unknown when the items are not
            # known, but one of them when they are all alike: a list of like layers)
            item = self.join_values(items, stmt.iter, what) if items else UNKNOWN
            if items is None:
                rep = self.representative(iterated)
                item = rep if rep is not None else item
            if self.summarize_loop(
                stmt, env, stmt.body, target=stmt.target, nonempty=bool(items), what=what, item=item
            ):
                if items:
                    evaluator.assign(stmt.target, items[-1], env)
                if stmt.orelse is not None:
                    evaluator.exec_suite(stmt.orelse.body, env)
                return
            src = self.ctx.source(stmt.iter)
            if items is None:
                self.havoc(stmt, env, f"loop over `{src}` is not followed: what it iterates over is not known")
            else:
                self.havoc(stmt, env, f"loop over `{src}` is not followed: more than {MAX_ITERATIONS} iterations")
            return
        try:
            broke = False
            for item in items:
                evaluator.assign(stmt.target, item, env)
                try:
                    evaluator.exec_suite(stmt.body, env)
                except Continued:
                    continue
                except Broke:
                    broke = True
                    break
            if not broke and stmt.orelse is not None:
                evaluator.exec_suite(stmt.orelse.body, env)
        except BudgetExceeded:
            raise
        except Unfollowable as e:
            self.havoc(stmt, env, f"loop over `{self.ctx.source(stmt.iter)}` is not followed: {e}")

    def summarize_loop(
        self,
        stmt: cst.For | cst.While,
        env: Scope,
        body: cst.BaseSuite,
        *,
        target: cst.BaseAssignTargetExpression | None,
        nonempty: bool,
        what: str,
        item: Any = UNKNOWN,
    ) -> bool:
        """A loop that cannot be unrolled (``for epoch in range(400): model.fit(...)``, a loop over
        data, ``for _ in range(n_blocks): x = block(x)``): followed as what any number of
        iterations leaves alike. The body runs once from the current state with the loop
        variable ``item`` (what every item has in common: unknown when the items are not known;
        the findings and layers are those of this first iteration). Each name
        it rebinds then holds the join of its values before the loop and after that iteration (a
        tensor keeps its rank and the sizes both agree on; values that do not join become
        unknown), and each object it changed the join of its two states (a list that grows
        becomes unknown, a Sequential model's output the shape both agree on). Further
        iterations run from that state (their findings are dropped: it is widened) until one
        leaves every name and object as it found it, up to the shape: the state is then an
        invariant of the loop. A name that does not settle after ``MAX_WIDENING - 1`` joins
        becomes unknown for a last check. The names that end with less than they held before
        are reported as lost. Returns False when an iteration ends early (``break``,
        ``return``, ``raise``) or nothing settles: everything is as before, except that the
        objects an iteration changed are forgotten, and the caller forgets the rest; a function
        first called by the loop is then checked on its own, as if nobody called it."""
        if self.summarizing >= MAX_SUMMARY_DEPTH or self.steps > STEP_BUDGET // 2:
            return False  # each level runs its body up to 2 + MAX_WIDENING times: nested loops multiply
        self.summarizing += 1
        try:
            return self._summarize_loop(stmt, env, body, target=target, nonempty=nonempty, what=what, item=item)
        finally:
            self.summarizing -= 1

    def _summarize_loop(
        self,
        stmt: cst.For | cst.While,
        env: Scope,
        body: cst.BaseSuite,
        *,
        target: cst.BaseAssignTargetExpression | None,
        nonempty: bool,
        what: str,
        item: Any,
    ) -> bool:
        evaluator, result = self.ctx.evaluator, self.ctx.result
        # the scopes the body can rebind (a function it calls may rebind a ``global``), and every
        # object their names reach (such a function may change any of them)
        scopes: list[Scope] = []
        scope: Scope | None = env
        while scope is not None:
            scopes.append(scope)
            scope = scope.parent
        visible = set().union(*scopes) | self.ctx.names.mentioned(stmt)
        tracked = self.mutables(stmt, env, visible)
        before_scopes = [dict(sc) for sc in scopes]
        before = [self.save_state(obj) for obj in tracked]
        marks = (len(result.applications), len(result.models), len(result.findings), len(result.lost))
        targets = bound_names(target) if target is not None else set()
        functions = self.ctx.functions
        uncalled = [f for f in functions.defined if not f.called]
        len_defined = len(functions.defined)

        def undo(*states: list[tuple[Any, ...]] | None) -> bool:
            # a function first called by the loop is not followed by it after all: it is checked
            # on its own (``check_standalone``), as if nobody called it
            for f in uncalled:
                f.called = False
            for f in functions.defined[len_defined:]:
                f.called = False
            # objects an iteration changed: the caller's ``havoc`` only reaches the names the
            # loop mentions, a function it calls may reach others
            touched = [
                obj
                for k, obj in enumerate(tracked)
                if any(st is not None and not self.same_state(before[k], st[k]) for st in states)
            ]
            for sc, saved in zip(scopes, before_scopes):
                sc.clear()
                sc.update(saved)
            for obj, state in zip(tracked, before):
                self.restore_state(obj, state)
            del result.applications[marks[0] :], result.models[marks[1] :]
            del result.findings[marks[2] :], result.lost[marks[3] :]
            self.forget_objects(touched, stmt, f"{what} changes it and is not followed")
            return False

        stopped: list[list[tuple[Any, ...]]] = []  # the objects' states where an iteration stopped

        def iteration() -> list[tuple[Any, ...]] | None:
            try:
                if target is not None:
                    evaluator.assign(target, item, env)
                try:
                    evaluator.exec_suite(body, env)
                except Continued:
                    pass
            except BudgetExceeded:
                raise
            except (PathEnd, Unfollowable):
                # ``break``, ``return``, ``raise``: the loop's end depends on its data
                stopped.append([self.save_state(obj) for obj in tracked])
                return None
            return [self.save_state(obj) for obj in tracked]

        def changed(old: list[dict[str, Any]]) -> list[tuple[int, str]]:
            return self.rebound(scopes, old)

        def is_target(k: int, name: str) -> bool:
            return name in targets and scopes[k] is env

        def widen(names: list[tuple[int, str]]) -> None:
            for k, name in names:
                why = f"{what}: `{name}` changes from one iteration to the next"
                scopes[k][name] = self.forgotten(scopes[k][name], name, stmt, why)

        first = iteration()
        if first is None:
            return undo(*stopped)
        objects_changed = not all(self.same_state(a, b) for a, b in zip(before, first))
        names = changed(before_scopes)
        moving = [(k, n) for k, n in names if not is_target(k, n)]
        widen([(k, n) for k, n in names if is_target(k, n)])  # the loop variable: unknown
        if not moving and not objects_changed:
            return True
        # what a name held before the loop (or after the first iteration, when it was not bound)
        base = {(k, n): before_scopes[k].get(n, scopes[k][n]) for k, n in moving}
        tops: dict[int, Sym] = {}  # the fresh symbols of names widened to "any value", by id
        why_of = {(k, n): f"{what}: `{n}` changes from one iteration to the next" for k, n in moving}
        # a loop that may not run at all: each name and object holds the join of its states
        # before the loop and after one iteration (a list that grows becomes unknown, a
        # Sequential model's output the shape both agree on); one known to run starts from the
        # state after its first iteration
        changes = f"{what} changes it from one iteration to the next"
        if not nonempty:
            for k, n in moving:
                scopes[k][n] = self.widened(scopes[k][n], base[(k, n)], n, stmt, why_of[(k, n)], tops)
            for j, obj in enumerate(tracked):
                if not self.same_state(before[j], first[j]):
                    self.join_state(obj, [before[j], first[j]], stmt, changes)
        widened = [self.save_state(obj) for obj in tracked]
        # further iterations from the widened state until every name and object holds what it
        # held at the iteration's start (the join is then an invariant: it covers any number of
        # iterations); a name that does not settle after one join holds any value for the last check
        for round_ in range(MAX_WIDENING + 1):
            at_start = [dict(sc) for sc in scopes]
            recorded = (len(result.applications), len(result.models), len(result.findings), len(result.lost))
            state = iteration()
            del result.applications[recorded[0] :], result.models[recorded[1] :]
            del result.findings[recorded[2] :], result.lost[recorded[3] :]
            if state is None:
                return undo(first, *stopped)
            unstable = False
            for j, obj in enumerate(tracked):
                if self.same_state(widened[j], state[j]):
                    continue
                self.join_state(obj, [widened[j], state[j]], stmt, changes)
                joined_state = self.save_state(obj)
                if not self.same_state(widened[j], joined_state, tops):
                    unstable = True
                widened[j] = joined_state
            for k, n in changed(at_start):
                if is_target(k, n):
                    widen([(k, n)])
                    continue
                sc = scopes[k]
                why = why_of.setdefault((k, n), f"{what}: `{n}` changes from one iteration to the next")
                base.setdefault((k, n), sc[n])
                if n not in at_start[k]:
                    unstable = True  # first bound in this iteration: the next one checks it
                    continue
                prev = at_start[k][n]
                joined = self.join_values([prev, sc[n]], stmt, why)
                if self.settled(prev, joined, tops):
                    sc[n] = prev if joined is UNKNOWN else joined
                    continue
                unstable = True
                if round_ < MAX_WIDENING - 1:
                    sc[n] = self.widened(sc[n], prev, n, stmt, why, tops)
                else:
                    sc[n] = self.forgotten(prev, n, stmt, why)
                    if isinstance(sc[n], Sym):
                        tops[id(sc[n])] = sc[n]
            if not unstable:
                break
        else:
            return undo(first, *stopped)
        # the names whose value after the loop says less than before it
        lost = sorted(
            {n for k, n in why_of if n in scopes[k] and not self.settled(base[(k, n)], scopes[k][n], tops, exact=True)}
        )
        if lost:
            listed = ", ".join(f"`{n}`" for n in lost)
            verb = "changes" if len(lost) == 1 else "change"
            self.ctx.sink.lose(stmt, f"{what}: {listed} {verb} from one iteration to the next")
        return True

    def rebound(self, scopes: list[Scope], old: list[dict[str, Any]]) -> list[tuple[int, str]]:
        """(scope index, name) of the names of ``scopes`` rebound since ``old`` (their copies)."""
        found: list[tuple[int, str]] = []
        for k, (sc, saved) in enumerate(zip(scopes, old)):
            for n, value in sc.items():  # every name of every scope, the module's too:
                was = saved.get(n, _ABSENT)  # most hold the very object they held
                if was is not value and (was is _ABSENT or not self.same_value(was, value)):
                    found.append((k, n))
        return found

    def widened(self, new: Any, prev: Any, name: str, node: cst.CSTNode, why: str, tops: dict[int, Sym]) -> Any:
        """What a name holds after any number of iterations, one more having given ``new``: the
        join of ``prev`` and ``new`` (a tensor keeps its rank and the sizes both agree on), or
        any value (a fresh symbol, an unknown tensor) when they do not join."""
        joined = self.join_values([prev, new], node, why)
        if joined is UNKNOWN:
            joined = self.forgotten(prev, name, node, why)
            if isinstance(joined, Sym):
                tops[id(joined)] = joined
        return joined

    def settled(self, prev: Any, joined: Any, tops: dict[int, Sym], *, exact: bool = False) -> bool:
        """Whether ``joined`` (``prev`` joined with what one more iteration gave) says no more
        than ``prev``: the same value, or the same shape (a tensor, an array), or ``prev`` is
        already any value. With ``exact``, a name widened to any value is not settled."""
        if self.same_value(prev, joined):
            return True
        if isinstance(prev, Sym) and id(prev) in tops:
            return not exact and (joined is UNKNOWN or isinstance(joined, Sym))
        if isinstance(prev, (list, tuple)) and type(prev) is type(joined):
            return len(prev) == len(joined) and all(self.settled(a, b, tops, exact=exact) for a, b in zip(prev, joined))
        if prev is None or type(prev) is not type(joined):
            return False
        shape = getattr(prev, "shape", None)
        if isinstance(shape, Shape):
            return shape == getattr(joined, "shape", None)
        dims = getattr(prev, "dims", None)
        if isinstance(dims, tuple):
            return dims == getattr(joined, "dims", None)
        return False

    def same_state(self, a: Any, b: Any, tops: dict[int, Sym] | None = None) -> bool:
        """Whether two saved states of an object (``save_state``) are the same; with ``tops``
        (a loop's widening), whether ``b`` says no more than ``a`` (``settled``)."""
        if a is b:
            return True
        if isinstance(a, (tuple, list)) and type(a) is type(b):
            if len(a) != len(b):
                return False
            for x, y in zip(a, b):  # a loop, not ``all()`` over a generator: called a million times a run
                if x is not y and not self.same_state(x, y, tops):
                    return False
            return True
        if isinstance(a, dict) and isinstance(b, dict):
            if a.keys() != b.keys():
                return False
            for k, x in a.items():
                y = b[k]
                if x is not y and not self.same_state(x, y, tops):
                    return False
            return True
        if tops is not None:
            return self.settled(a, b, tops)
        return self.same_value(a, b)

    def while_(self, stmt: cst.While, env: Scope) -> None:
        """Followed while its test can be decided (``while units > floor:`` with known numbers),
        at most ``MAX_ITERATIONS`` times; otherwise forgotten."""
        evaluator = self.ctx.evaluator
        try:
            for _ in range(MAX_ITERATIONS + 1):
                go = self.truth(self.ctx.eval(stmt.test, env))
                if go is UNKNOWN:
                    if self.summarize_loop(stmt, env, stmt.body, target=None, nonempty=False, what="`while` loop"):
                        if stmt.orelse is not None:  # the summary holds only for loops without ``break``
                            evaluator.exec_suite(stmt.orelse.body, env)
                        return
                    raise Unfollowable("its test cannot be decided")
                if not go:
                    if stmt.orelse is not None:
                        evaluator.exec_suite(stmt.orelse.body, env)
                    return
                try:
                    evaluator.exec_suite(stmt.body, env)
                except Continued:
                    continue
                except Broke:
                    return
            raise Unfollowable(f"more than {MAX_ITERATIONS} iterations")
        except BudgetExceeded:
            raise
        except Unfollowable as e:
            self.havoc(stmt, env, f"`while` loop is not followed: {e}")

    # ---------------------------------------------------------------------- try
    def ends_in_exit(self, suite: cst.BaseSuite, env: Scope) -> bool:
        """Whether ``suite`` ends with a call to a function that never returns (``sys.exit()``,
        ``pytest.skip()``: ``except ImportError: pytest.skip(..., allow_module_level=True)``)."""
        if isinstance(suite, cst.SimpleStatementSuite):
            body = list(suite.body)
        else:
            block = list(suite.body) if isinstance(suite, cst.IndentedBlock) else []
            if not block or not isinstance(block[-1], cst.SimpleStatementLine):
                return False
            body = list(block[-1].body)
        last = body[-1] if body else None
        if not isinstance(last, cst.Expr) or not isinstance(last.value, cst.Call):
            return False
        func = last.value.func
        root: cst.BaseExpression = func
        while isinstance(root, cst.Attribute):
            root = root.value
        if not isinstance(root, cst.Name) or not isinstance(self.ctx.eval(root, env), Ref):
            return False  # only a module's function (an attribute of an object may run a property)
        found = self.ctx.eval(func, env)
        return isinstance(found, Ref) and found.qual in NEVER_RETURN

    def try_(self, stmt: cst.Try, env: Scope) -> None:
        evaluator = self.ctx.evaluator

        def body() -> None:
            evaluator.exec_suite(stmt.body, env)
            if stmt.orelse is not None:
                evaluator.exec_suite(stmt.orelse.body, env)

        paths: list[Callable[[], None]] = [body]
        for handler in stmt.handlers:
            if ends_in_raise(handler.body) or self.ends_in_exit(handler.body, env):
                continue
            if handler_cannot_run(handler, stmt.body):
                continue

            def run_handler(h: cst.ExceptHandler = handler) -> None:
                self.havoc_quietly(stmt.body, env, "may be changed by the `try` body before the exception")
                if h.name is not None:
                    evaluator.assign(h.name.name, UNKNOWN, env)
                evaluator.exec_suite(h.body, env)

            paths.append(run_handler)
        if len(paths) == 1:
            body()
        else:
            self.run_paths(stmt, paths, env, why="differs between a `try` body and its `except`")
        if stmt.finalbody is not None:
            evaluator.exec_suite(stmt.finalbody.body, env)

    # ------------------------------------------------------------ comprehensions
    def comprehension(
        self, node: cst.ListComp | cst.GeneratorExp | cst.DictComp, env: Scope, emit: Callable[[Scope], None]
    ) -> bool:
        scope = Scope(parent=env)
        count = [0]
        evaluator = self.ctx.evaluator

        def run(for_in: cst.CompFor, scope: Scope) -> bool:
            if for_in.asynchronous is not None:
                return False
            items = self.iteration_items(evaluator.eval(for_in.iter, scope))
            if items is None or len(items) > MAX_ITERATIONS:
                return False
            for item in items:
                evaluator.assign(for_in.target, item, scope)
                keep = True
                for cond in for_in.ifs:
                    t = self.truth(evaluator.eval(cond.test, scope))
                    if t is UNKNOWN:
                        return False
                    keep = keep and bool(t)
                if not keep:
                    continue
                if for_in.inner_for_in is not None:
                    if not run(for_in.inner_for_in, scope):
                        return False
                else:
                    count[0] += 1
                    if count[0] > MAX_ITERATIONS:
                        return False
                    emit(scope)
            return True

        return run(node.for_in, scope)

    def list_comp(self, node: cst.ListComp, env: Scope) -> Any:
        out: list[Any] = []
        ok = self.comprehension(node, env, lambda s: out.append(self.ctx.eval(node.elt, s)))
        return out if ok else self.alike_list(node, env)

    def alike_list(self, node: cst.ListComp, env: Scope) -> Any:
        """``[Dense(64) for _ in range(n)]`` over ``range`` of an unknown count, no condition: a
        list of unknown length of layers alike, their element evaluated once with the loop
        variable unknown (what every item has in common); UNKNOWN for anything else."""
        for_in = node.for_in
        it = for_in.iter
        if for_in.inner_for_in is not None or for_in.ifs or for_in.asynchronous is not None:
            return UNKNOWN
        if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range"):
            return UNKNOWN
        scope = Scope(parent=env)
        self.ctx.evaluator.assign(for_in.target, UNKNOWN, scope)
        item = self.ctx.eval(node.elt, scope)
        layer_like = isinstance(item, ObjectValue) and item.cls.library_base == "Layer"
        if not (layer_like or self.ctx.overlays.stable(item)):
            return UNKNOWN
        out: list[Any] = []
        self.ctx.broken[id(out)] = out
        self.alike[id(out)] = (out, item)
        return out

    def dict_comp(self, node: cst.DictComp, env: Scope) -> Any:
        """``{k: v for ...}`` over items the analysis knows, each key a constant (as in a dict
        display; the key is evaluated before its value, as Python does); UNKNOWN otherwise."""
        out: dict[Any, Any] = {}
        keys_ok = [True]

        def emit(scope: Scope) -> None:
            key = self.ctx.eval(node.key, scope)
            if not isinstance(key, (str, int, bool)):
                keys_ok[0] = False
                return
            out[key] = self.ctx.eval(node.value, scope)

        ok = self.comprehension(node, env, emit)
        return out if ok and keys_ok[0] else UNKNOWN

    def generator_exp(self, node: cst.GeneratorExp, env: Scope) -> Any:
        out: list[Any] = []
        ok = self.comprehension(node, env, lambda s: out.append(self.ctx.eval(node.elt, s)))
        return tuple(out) if ok else UNKNOWN
