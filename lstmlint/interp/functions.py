"""The program's own functions: followed at each call with the arguments' values and shapes.

A call is followed like inlined code: a new scope whose parent is the scope the ``def`` ran in,
parameters bound to the arguments (defaults evaluated where the ``def`` ran), every
``return`` path joined. Findings inside carry the call sites that led there
(``Finding.context``), so a report can say "in `residual_block()` called at line 30".

Limits: calls nest at most ``MAX_DEPTH`` deep, a function does not call itself (recursion is
not followed), at most ``MAX_CALLS`` calls are followed per file; beyond that the call's result
is unknown and what it was given is forgotten. Generators and ``async`` functions are not
followed.

Functions nobody calls (typical ``build_model(n_steps, n_features, units=64)`` factories) are
checked once more on their own after the module, with each parameter a named symbol (its
default when it has one), so what is provable whatever the arguments is still reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import libcst as cst

from lstmlint.interp.names import decorator_name, node_kinds
from lstmlint.interp.pytest_params import _expected, _raises_nodes, check_parametrized
from lstmlint.interp.test_classes import check_test_classes
from lstmlint.interp.values import (
    Arg,
    Frame,
    FunctionValue,
    ObjectValue,
    PathEnd,
    Returned,
    Scope,
    Unfollowable,
)
from lstmlint.shapes import UNKNOWN, Sym

if TYPE_CHECKING:
    from lstmlint.interp.context import Context
    from lstmlint.interp.evaluator import Handler

MAX_DEPTH = 12
MAX_CALLS = 2000
# a function followed inside itself (recursion over a nested list, a tree of known depth): at most
# this many times at once; deeper, its call is not followed (an unknown end test would go on)
MAX_RECURSION = 6


def _params(node: cst.FunctionDef) -> tuple[list[cst.Param], cst.Param | None, list[cst.Param], cst.Param | None]:
    p = node.params
    star = p.star_arg if isinstance(p.star_arg, cst.Param) else None
    return list(p.posonly_params) + list(p.params), star, list(p.kwonly_params), p.star_kwarg


class _DefFacts(NamedTuple):
    """What a ``def`` node says, whatever the values it is called with: found at its first call
    and kept for the others (a block of a model zoo is called thousands of times per file)."""

    node: cst.FunctionDef  # the ``def`` (kept alive: the facts are found by ``id`` of the node)
    yields: bool  # its body has a ``yield``
    outside: frozenset[str]  # the names it declares ``global``/``nonlocal``
    positional: tuple[str, ...]  # the names of ``_params``' four parts
    star: str | None
    kwonly: tuple[str, ...]
    star_kwarg: str | None


def _def_facts(node: cst.FunctionDef) -> _DefFacts:
    positional, star, kwonly, star_kwarg = _params(node)
    return _DefFacts(
        node,
        _yields(node.body),
        frozenset(_declared_outside(node.body)),
        tuple(p.name.value for p in positional),
        None if star is None else star.name.value,
        tuple(p.name.value for p in kwonly),
        None if star_kwarg is None else star_kwarg.name.value,
    )


# the node kinds the two walks below ask about (``type(x) in`` a set: ``isinstance`` without the
# cost of libcst's abstract base classes; these walks run once per ``def`` of every file)
_SUITE = node_kinds(cst.BaseSuite)
_DEF_OR_CLASS = node_kinds(cst.FunctionDef, cst.ClassDef)
_LINE = node_kinds(cst.SimpleStatementLine)
_SMALL = node_kinds(cst.BaseSmallStatement)
_YIELD = node_kinds(cst.Yield)
_EXPR = node_kinds(cst.Expr)
_DECLARATION = node_kinds(cst.Global, cst.Nonlocal)


def _statements(suite: cst.CSTNode) -> Iterator[cst.BaseSmallStatement]:
    """Every small statement of a function body, looking through compound statements but not
    into nested functions or classes (a cheap walk instead of a libcst visitor)."""
    body = getattr(suite, "body", ())
    if type(body) in _SUITE:
        yield from _statements(cast(cst.BaseSuite, body))
        return
    for stmt in body if isinstance(body, (list, tuple)) else ():
        kind = type(stmt)
        if kind in _DEF_OR_CLASS:
            continue
        if kind in _LINE:
            yield from stmt.body
            continue
        if kind in _SMALL:
            yield stmt
            continue
        for part in ("body", "orelse", "finalbody"):
            child = getattr(stmt, part, None)
            if child is not None:
                yield from _statements(child)
        for handler in getattr(stmt, "handlers", ()):
            yield from _statements(handler.body)


def _declared_outside(suite: cst.CSTNode) -> set[str]:
    """Names a function declares ``global`` or ``nonlocal``."""
    names: set[str] = set()
    for small in _statements(suite):
        if type(small) in _DECLARATION:
            names.update(n.name.value for n in cast(cst.Global | cst.Nonlocal, small).names)
    return names


def _yields(suite: cst.CSTNode) -> bool:
    """Whether a function body has a ``yield`` statement (``yield x``, ``y = yield x``), looking
    through compound statements but not into nested functions or classes; a cheap statement
    walk instead of a libcst visitor."""
    body = getattr(suite, "body", ())
    if type(body) in _SUITE:
        return _yields(cast(cst.BaseSuite, body))
    for stmt in body if isinstance(body, (list, tuple)) else ():
        kind = type(stmt)
        if kind in _DEF_OR_CLASS:
            continue
        if kind in _LINE or kind in _SMALL:
            smalls = stmt.body if kind in _LINE else [stmt]
            for small in smalls:
                value = getattr(small, "value", None)
                if type(value) in _YIELD or (type(small) in _EXPR and type(small.value) in _YIELD):
                    return True
            continue
        for part in ("body", "orelse", "finalbody"):
            child = getattr(stmt, part, None)
            if child is not None and _yields(child):
                return True
        for handler in getattr(stmt, "handlers", ()):
            if _yields(handler.body):
                return True
    return False


class Functions:
    """User functions: definitions, calls (inlined, with budgets), the standalone checks."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.frames: list[Frame] = []
        self.active: dict[int, int] = {}  # id(function) -> how many of its calls are running
        self.calls_followed = 0
        self.defined: list[FunctionValue] = []
        self._lambda_defs: dict[cst.Lambda, cst.FunctionDef] = {}  # each ``lambda`` as a ``def``
        # per ``def`` node (a nested ``def`` makes a new FunctionValue each time it runs): does its
        # body ``yield``, the names it declares ``global``/``nonlocal``, its parameters' names
        self._body_facts: dict[int, _DefFacts] = {}
        # True while the standalone checks run: nobody called what is checked, so a parameter
        # left at its default ``None`` stands for a value a real caller passes (unknown), not None
        self.standalone = False

    def handlers(self) -> dict[type, Handler]:
        return {cst.FunctionDef: self.define, cst.Lambda: self.lambda_}

    def lambda_(self, node: cst.Lambda, env: Scope) -> FunctionValue:
        """``lambda x: body``: a function whose body returns ``body`` (called like a ``def``;
        never checked on its own)."""
        defn = self._lambda_defs.get(node)
        if defn is None:
            ret = cst.SimpleStatementLine(body=[cst.Return(value=node.body)])
            defn = cst.FunctionDef(name=cst.Name("lambda_"), params=node.params, body=cst.IndentedBlock(body=[ret]))
            self._lambda_defs[node] = defn
        defaults: dict[str, Any] = {}
        positional, _, kwonly, _ = _params(defn)
        for p in positional + kwonly:
            if p.default is not None:
                defaults[p.name.value] = self.ctx.eval(p.default, env)
        return FunctionValue(defn, env, defaults, "<lambda>")

    def define(self, stmt: cst.FunctionDef, env: Scope) -> None:
        env[stmt.name.value] = self.define_function(stmt, env)

    def define_function(self, stmt: cst.FunctionDef, env: Scope) -> FunctionValue:
        defaults: dict[str, Any] = {}
        positional, _, kwonly, _ = _params(stmt)
        for p in positional + kwonly:
            if p.default is not None:
                defaults[p.name.value] = self.ctx.eval(p.default, env)
        fv = FunctionValue(stmt, env, defaults, stmt.name.value)
        fv.generator = stmt.asynchronous is not None  # ``yield`` is looked for at the first call
        self.defined.append(fv)
        return fv

    def returned(self, value: Any) -> None:
        """A ``return`` in the function being followed (at module level: nothing to record)."""
        if self.frames:
            self.frames[-1].returns.append(value)

    def facts(self, node: cst.FunctionDef) -> _DefFacts:
        """``node``'s facts, found once per analysis."""
        facts = self._body_facts.get(id(node))
        if facts is None or facts.node is not node:
            facts = self._body_facts[id(node)] = _def_facts(node)
        return facts

    def bind_arguments(self, func: FunctionValue, args: list[Arg] | None, scope: Scope, self_obj: Any = None) -> None:
        facts = self.facts(func.node)
        positional, star, kwonly, star_kwarg = facts.positional, facts.star, facts.kwonly, facts.star_kwarg
        bind = self.ctx.evaluator.bind
        if args is None:  # *args / **kwargs the analysis cannot expand
            for name in positional + kwonly + tuple(x for x in (star, star_kwarg) if x is not None):
                scope[name] = Sym.fresh(name)
            if self_obj is not None and positional:
                scope[positional[0]] = self_obj
            return
        pos: list[Any] = [] if self_obj is None else [self_obj]
        kws: dict[Any, Any] = {}
        for a in args:  # one pass instead of a list and a dict comprehension
            if a.keyword is None:
                pos.append(a.value)
            else:
                kws[a.keyword] = a.value
        given = len(pos)
        for i, name in enumerate(positional):
            if i < given:
                value = pos[i]
            elif name in kws:
                value = kws.pop(name)
            else:
                value = self._default(func, name)
            bind(name, value, scope)
        if star is not None:
            scope[star] = tuple(pos[len(positional) :])
        for name in kwonly:
            bind(name, kws.pop(name) if name in kws else self._default(func, name), scope)
        if star_kwarg is not None:
            # checked on its own with the defaults: no extra keyword, as ``*args`` is ``()``
            # (``EfficientNetB0(**kwargs)`` passes ``include_top`` on as it was given)
            standalone = self.standalone and not self.frames and not args
            if standalone:
                scope[star_kwarg] = {}
            elif all(isinstance(k, str) for k in kws):
                # a call whose keywords are all known: ``**kwargs`` holds exactly the ones no
                # parameter took (``run(batch_dims=1)`` -> ``GatherIndices(**kwargs)``)
                scope[star_kwarg] = dict(kws)
            else:
                scope[star_kwarg] = Sym.fresh(star_kwarg)

    def _default(self, func: FunctionValue, name: str) -> Any:
        value = func.defaults.get(name, UNKNOWN)
        if value is None and self.standalone and not self.frames:
            return UNKNOWN
        return value

    def call_function(
        self,
        func: FunctionValue,
        args: list[Arg] | None,
        node: cst.CSTNode,
        self_obj: ObjectValue | None = None,
        label: str | None = None,
    ) -> Any:
        ctx = self.ctx
        facts = self.facts(func.node)
        if not func.called and facts.yields:
            func.generator = True
        func.called = True
        name = label or f"`{func.qualname}()`"
        why = None
        if func.outside is None:
            func.outside = set(facts.outside)
        started = ctx.generators.start(func, args, node, self_obj) if func.generator else None
        if started is not None:
            return started  # a generator object: its body followed to its one ``yield``
        if func.generator:
            why = f"{name} is a generator or `async`: not followed"
        elif self.active.get(id(func), 0) >= MAX_RECURSION:
            why = f"{name} calls itself more than {MAX_RECURSION} deep: not followed"
        elif len(self.frames) >= MAX_DEPTH:
            why = f"{name}: calls nested more than {MAX_DEPTH} deep are not followed"
        elif self.calls_followed >= MAX_CALLS:
            why = f"{name}: more than {MAX_CALLS} calls in this file, not followed"
        if why is not None:
            for a in args or ():
                ctx.lose_value(a.value, node, why)
            ctx.sink.lose(node, why)
            for outer in func.outside:  # what it may assign outside itself is forgotten
                self._write_outside(func, outer, UNKNOWN)
            return UNKNOWN
        self.calls_followed += 1
        scope = Scope(parent=func.env)
        self.bind_arguments(func, args, scope, self_obj)
        frame = Frame(name)
        self.frames.append(frame)
        self.active[id(func)] = self.active.get(id(func), 0) + 1
        saved = ctx.call_context
        saved_scope = ctx.current_scope
        ctx.call_context = saved + (node,)
        ctx.result.call_names.setdefault(node, name)
        fell_off = False
        try:
            ctx.evaluator.exec_suite(func.node.body, scope)
            fell_off = True
        except Returned:
            pass
        except PathEnd:
            pass
        except Unfollowable as e:
            if type(e).__name__ == "BudgetExceeded":
                raise
            ctx.sink.lose(node, f"{name}: {e}")
            frame.returns.append(UNKNOWN)
        finally:
            ctx.call_context = saved
            ctx.current_scope = saved_scope
            running = self.active.pop(id(func)) - 1
            if running:
                self.active[id(func)] = running
            self.frames.pop()
            for outer in func.outside:  # ``global X``: X was assigned in the local scope
                if outer in scope:
                    self._write_outside(func, outer, scope[outer])
        values = frame.returns
        if fell_off:
            values.append(None)
        if not values:
            return UNKNOWN
        if len(values) == 1:
            result = values[0]  # what ``join_values`` answers for one value, without its message
        else:
            result = ctx.flow.join_values(values, node, f"{name} returns different things on different paths")
        if type(result) is tuple and len(result) == 2 and _custom_gradient(func):
            return result[0]  # ``@tf.custom_gradient``: the function returns (value, grad); callers get value
        return result

    def _write_outside(self, func: FunctionValue, name: str, value: Any) -> None:
        target = func.env
        while target.parent is not None and name not in target:
            target = target.parent
        if isinstance(value, Scope) or value is UNKNOWN:
            value = Sym.fresh(name)
        target[name] = value

    # ------------------------------------------------------- standalone checks
    def check_standalone(self) -> None:
        """Check the module-level functions nobody called, with symbolic parameters."""
        ctx = self.ctx
        # pytest's parametrized tests first, once per parametrization (whoever else calls them):
        # the helpers they call are then followed with the values, not on their own
        done = {id(f) for f in list(self.defined) if f.env is ctx.globals and check_parametrized(ctx, f)}
        # the test methods of test classes, as unittest/pytest run them (``interp/test_classes.py``)
        check_test_classes(ctx)
        # pytest's tests first: a helper a test calls (``make_model(input_shape)``) is then
        # followed with the values it is given, and checked on its own only if no test reached it
        for func in callers_first(tests_first([f for f in self.defined if f.env is ctx.globals]), ctx.module_text()):
            if id(func) in done:
                continue
            if func.called or func.env is not ctx.globals or func.generator:
                continue
            if any(decorator_name(d) in ("property", "staticmethod", "classmethod") for d in func.node.decorators):
                continue
            label = f"`{func.qualname}()`"
            ctx.result.call_names[func.node] = f"{label}, checked on its own with symbolic parameters"
            mark = len(ctx.result.findings)
            self.call_function(func, [], func.node, label=label)
            raises = _raises_nodes(ctx, func.node)  # ``with pytest.raises(...)``: expected failures
            if raises:
                findings = ctx.result.findings
                findings[mark:] = [f for f in findings[mark:] if not _expected(f, raises)]


_CALLED = re.compile(r"\b(\w+)\s*\(")


def _takes_nothing(node: cst.FunctionDef) -> bool:
    p = node.params
    return (
        not (p.params or p.posonly_params or p.kwonly_params)
        and not isinstance(p.star_arg, cst.Param)
        and (p.star_kwarg is None)
    )


def callers_first(funcs: list[FunctionValue], text: str) -> list[FunctionValue]:
    """``funcs`` with each function of no parameters whose name the module's ``text`` calls
    somewhere besides its ``def`` moved after the others: a ``def small_cnn():`` that ``main()``
    calls is then followed inside ``main`` (built from the data ``main`` fits it on), not first
    on its own with nothing more known; checked on its own afterwards if no caller reached it
    (so a call found in a comment or a string only changes the order). A function taking
    parameters keeps its place (checked on its own it may know more than through a caller)."""
    idle = [f for f in funcs if not f.called and _takes_nothing(f.node)]
    if not idle:
        return funcs
    named = Counter(_CALLED.findall(text))
    late = {id(f) for f in idle if named[f.node.name.value] > 1}  # ``def name(`` is one
    if not late:
        return funcs
    return [f for f in funcs if id(f) not in late] + [f for f in funcs if id(f) in late]


def tests_first(funcs: list[FunctionValue]) -> list[FunctionValue]:
    """``funcs`` (module-level functions), the ones pytest collects (``test*``) first, order kept."""
    return sorted(funcs, key=lambda f: not f.node.name.value.startswith("test"))


def _custom_gradient(func: FunctionValue) -> bool:
    """Whether ``func`` is decorated with ``tf.custom_gradient`` (it returns ``(value, grad)``,
    the decorated function ``value``)."""
    return any(decorator_name(d) == "custom_gradient" for d in getattr(func.node, "decorators", ()))
