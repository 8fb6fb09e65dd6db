"""Control flow: ``if``/``else``, ``for`` over what the analysis can list, ``while``, ``try``,
``return``/``raise``/``break``/``continue``, and comprehensions.

The rule is the same everywhere: follow a path only when the analysis knows it is taken,
otherwise follow every side and keep, after they join, only what all sides agree on.

* ``if`` with a test the analysis can decide takes that side only; otherwise both sides run
  from the same state and are joined: a value that differs becomes unknown, a tensor keeps
  the dims both sides agree on. Findings inside a side whose test looks at shapes
  (``if x.shape[-1] != units``, ``if len(x.shape) == 2``) are dropped: that side may be dead
  exactly because of the shape.
* ``for`` over a literal list/tuple, ``range``, ``enumerate``, ``zip``, ``reversed`` of those is
  unrolled, at most ``MAX_ITERATIONS`` times; anything else (and ``while``) is forgotten
  (``havoc``): the names it assigns and the models it touches become unknown.
* ``try``: the body (and ``else``) is one path, each handler that does not re-raise another,
  starting from a state where whatever the body may change is unknown.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import libcst as cst

from lstmlint.shapes import UNKNOWN, UNKNOWN_SHAPE, Shape, Sym, is_int
from lstmlint.graph.model import Layer, Tensor
from lstmlint.source.imports import Ref, keras_path
from lstmlint.interp.values import (
    ArrayValue,
    Broke,
    ClassValue,
    Continued,
    FunctionalModel,
    FunctionValue,
    ObjectValue,
    PathEnd,
    Raised,
    Returned,
    Scope,
    SequentialModel,
    ShapeOf,
    Unfollowable,
)

MAX_ITERATIONS = 64          # a loop longer than this is forgotten, not unrolled
STEP_BUDGET = 20_000         # statements followed per file before the analysis gives up


class BudgetExceeded(Unfollowable):
    pass


def truth(v: Any) -> Any:
    """What ``bool(v)`` would be, or UNKNOWN."""
    if v is None or isinstance(v, (bool, int, float, str, tuple, list, dict)):
        return bool(v)
    if isinstance(v, (Layer, SequentialModel, FunctionalModel, FunctionValue, ClassValue, Ref)):
        return True
    return UNKNOWN


def same_dim(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if is_int(a) and is_int(b):
        return a == b
    if isinstance(a, Sym) and isinstance(b, Sym):
        return a == b
    return False


def join_shapes(shapes: list[Shape]) -> Shape:
    first = shapes[0]
    if first.dims is None or any(s.dims is None or len(s.dims) != len(first.dims) for s in shapes):
        return UNKNOWN_SHAPE
    dims = []
    for i, d in enumerate(first.dims):
        dims.append(d if all(same_dim(d, s.dims[i]) for s in shapes) else UNKNOWN)  # type: ignore[index]
    return Shape(tuple(dims))


def same_value(a: Any, b: Any) -> bool:
    if a is b:
        return True
    plain = (bool, int, float, str)
    if isinstance(a, plain) and isinstance(b, plain):
        return type(a) is type(b) and a == b
    if isinstance(a, Sym) and isinstance(b, Sym):
        return a == b
    if isinstance(a, Ref) and isinstance(b, Ref):
        return a == b or (keras_path(a.qual) is not None and keras_path(a.qual) == keras_path(b.qual))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return False


class ControlMixin:
    """Statement handlers for control flow; mixed into ``Interpreter``."""

    def init_followers(self) -> None:
        self.steps = 0
        self.frames: list = []
        self.active: set[int] = set()
        self.calls_followed = 0
        self.functions: list[FunctionValue] = []
        self.classes: list[ClassValue] = []
        self.instances: list[ObjectValue] = []

    def truth_of(self, v: Any) -> Any:
        if isinstance(v, (list, dict)) and id(v) in self.broken_lists:
            return UNKNOWN
        return truth(v)

    def tick(self, stmt: cst.CSTNode, env: Scope) -> None:
        self.current_scope = env
        self.steps += 1
        if self.steps > STEP_BUDGET:
            raise BudgetExceeded(f"the analysis stopped after {STEP_BUDGET} statements (per-file budget)")

    def exec_suite(self, suite: cst.BaseSuite | cst.CSTNode, env: Scope) -> None:
        if isinstance(suite, cst.SimpleStatementSuite):
            for small in suite.body:
                self.exec_small(small, env)
        else:
            self.exec_block(suite.body, env)  # type: ignore[attr-defined]

    # ------------------------------------------------------ simple statements
    def exec_flow(self, small: cst.CSTNode, env: Scope) -> None:
        if isinstance(small, cst.Return):
            value = self.eval(small.value, env) if small.value is not None else None
            if self.frames:
                self.frames[-1].returns.append(value)
            raise Returned()
        if isinstance(small, cst.Raise):
            raise Raised()
        if isinstance(small, cst.Break):
            raise Broke()
        if isinstance(small, cst.Continue):
            raise Continued()
        # pass, global, nonlocal, assert: nothing the shapes depend on

    # ------------------------------------------------------------------- if
    def stmt_If(self, stmt: cst.If, env: Scope) -> None:
        decided = self.truth_of(self.eval(stmt.test, env))
        orelse = stmt.orelse
        if decided is not UNKNOWN:
            if decided:
                self.exec_suite(stmt.body, env)
            elif orelse is not None:
                self._exec_else(orelse, env)
            return
        quiet = self.looks_at_shapes(stmt.test, env)
        paths: list[Callable[[], None]] = [lambda: self.exec_suite(stmt.body, env)]
        paths.append((lambda: self._exec_else(orelse, env)) if orelse is not None else (lambda: None))
        self.run_paths(stmt, paths, env, quiet=quiet, why="differs between the sides of an `if`")

    def _exec_else(self, orelse: cst.CSTNode, env: Scope) -> None:
        if isinstance(orelse, cst.If):
            self.exec_stmt(orelse, env)
        else:
            self.exec_suite(orelse.body, env)  # type: ignore[attr-defined]

    def looks_at_shapes(self, test: cst.BaseExpression, env: Scope) -> bool:
        """Whether a test the analysis cannot decide depends on shapes (then a side may be dead
        because of the very shape that would make it fail)."""
        text = self.source(test)
        if any(word in text for word in ("shape", "ndim", "rank", "len(", "isinstance", "hasattr", "type(")):
            return True
        for name in self.referenced_names(test):
            try:
                value = env.lookup(name)
            except KeyError:
                continue
            if isinstance(value, (Tensor, ArrayValue, ShapeOf)):
                return True
        return False

    # --------------------------------------------------------------- joining
    def run_paths(
        self,
        node: cst.CSTNode,
        paths: list[Callable[[], None]],
        env: Scope,
        *,
        quiet: bool = False,
        why: str = "differs between paths",
    ) -> None:
        """Run each path from the same state, then join the states of those that go on."""
        tracked = self.mutables(node, env)
        before_env = dict(env)
        before = [self.save_state(obj) for obj in tracked]
        n_findings = len(self.result.findings)
        finished: list[tuple[dict, list]] = []
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
            finished.append((dict(env), [self.save_state(obj) for obj in tracked]))
        if quiet:
            del self.result.findings[n_findings:]
        if not finished:
            raise Returned() if any(isinstance(e, Returned) for e in ended) else Raised()
        env.clear()
        line_why = why
        if len(finished) == 1:
            env.update(finished[0][0])
            for obj, state in zip(tracked, finished[0][1]):
                self.restore_state(obj, state)
            return
        envs = [f[0] for f in finished]
        for name in envs[0]:
            if all(name in e for e in envs[1:]):
                joined = self.join_values([e[name] for e in envs], node, line_why)
                env[name] = Sym.fresh(name) if joined is UNKNOWN else joined
            else:
                env[name] = Sym.fresh(name)
        for k, obj in enumerate(tracked):
            self.join_state(obj, [f[1][k] for f in finished], node, line_why)

    def join_values(self, values: list[Any], node: cst.CSTNode | None, why: str = "differs between paths") -> Any:
        first = values[0]
        if all(same_value(first, v) for v in values[1:]):
            return first
        if first is None and all(v is None for v in values):
            return None
        if all(isinstance(v, Tensor) for v in values):
            shape = join_shapes([v.shape for v in values])
            poisoned = any(v.poisoned for v in values)
            return Tensor(shape, None, 0, poisoned, (node, why) if shape.dims is None else None)
        if all(isinstance(v, list) for v in values) or all(isinstance(v, tuple) for v in values):
            if all(len(v) == len(first) for v in values):
                items = [self.join_values([v[i] for v in values], node, why) for i in range(len(first))]
                return type(first)(items)
            return UNKNOWN
        if all(isinstance(v, ArrayValue) for v in values):
            if all(len(v.dims) == len(first.dims) for v in values):
                dims = tuple(d if all(same_dim(d, v.dims[i]) for v in values) else UNKNOWN
                             for i, d in enumerate(first.dims))
                return ArrayValue(dims, first.node)
            return UNKNOWN
        return UNKNOWN

    # ------------------------------------------------------- mutable objects
    def mutables(self, node: cst.CSTNode, env: Scope) -> list[Any]:
        """Objects a statement may change in place: models, lists and instances reachable from
        the names it mentions (followed function calls reach theirs through their arguments)."""
        found: dict[int, Any] = {}

        def walk(v: Any, depth: int) -> None:
            if depth > 4 or id(v) in found:
                return
            if isinstance(v, (SequentialModel, FunctionalModel)):
                found[id(v)] = v
            elif isinstance(v, list):
                found[id(v)] = v
                for x in v[:256]:
                    walk(x, depth + 1)
            elif isinstance(v, dict):
                found[id(v)] = v
                for x in list(v.values())[:256]:
                    walk(x, depth + 1)
            elif isinstance(v, tuple):
                for x in v[:256]:
                    walk(x, depth + 1)
            elif isinstance(v, ObjectValue):
                found[id(v)] = v
                for x in v.attrs.values():
                    walk(x, depth + 1)

        for name in self.referenced_names(node):
            try:
                walk(env.lookup(name), 0)
            except KeyError:
                continue
        return list(found.values())

    def save_state(self, obj: Any) -> tuple:
        if isinstance(obj, SequentialModel):
            m = obj.model
            return (obj.current, list(obj.layers), obj.lost, obj.partial, obj.loss,
                    list(m.inputs), list(m.outputs), len(m.applications), list(m.lost))
        if isinstance(obj, FunctionalModel):
            return (obj.loss,)
        if isinstance(obj, list):
            return (list(obj), id(obj) in self.broken_lists)
        if isinstance(obj, dict):
            return (dict(obj), id(obj) in self.broken_lists)
        if isinstance(obj, ObjectValue):
            return (dict(obj.attrs), obj.called, obj.loss)
        return ()

    def restore_state(self, obj: Any, state: tuple) -> None:
        if isinstance(obj, SequentialModel):
            m = obj.model
            obj.current, layers, obj.lost, obj.partial, obj.loss, inputs, outputs, n_apps, lost = state
            obj.layers[:] = layers
            m.inputs[:] = inputs
            m.outputs[:] = outputs
            del m.applications[n_apps:]
            m.lost[:] = lost
        elif isinstance(obj, FunctionalModel):
            (obj.loss,) = state
        elif isinstance(obj, (list, dict)):
            if isinstance(obj, list):
                obj[:] = state[0]
            else:
                obj.clear()
                obj.update(state[0])
            if state[1]:
                self.broken_lists.add(id(obj))
            else:
                self.broken_lists.discard(id(obj))
        elif isinstance(obj, ObjectValue):
            attrs, obj.called, obj.loss = state
            obj.attrs.clear()
            obj.attrs.update(attrs)

    def join_state(self, obj: Any, states: list[tuple], node: cst.CSTNode, why: str) -> None:
        first = states[0]
        if isinstance(obj, SequentialModel):
            self.restore_state(obj, first)
            same_layers = all(len(s[1]) == len(first[1]) and all(a is b for a, b in zip(s[1], first[1])) for s in states)
            if same_layers and all(s[0] is first[0] and s[2] == first[2] for s in states):
                return
            if any(s[2] for s in states):
                self.lose_value(obj, node, f"model {why}")
                return
            currents = [s[0] for s in states]
            if all(isinstance(c, Tensor) for c in currents):
                joined = self.join_values(currents, node, why)
                obj.current = joined if isinstance(joined, Tensor) else Tensor.unknown(lost=(node, why))
            else:
                obj.current = None if all(c is None for c in currents) else Tensor.unknown(lost=(node, why))
            obj.partial = True      # its layers differ by path: calling it on a tensor is not followed
            if obj.current is not None:
                obj.model.outputs[:] = [obj.current]
            if obj.current is not None and obj.current.shape.dims is None:
                obj.model.lost.append((node, f"model output {why}"))
            if not all(len(s[5]) == len(first[5]) and all(a is b for a, b in zip(s[5], first[5])) for s in states):
                obj.model.inputs[:] = []
            return
        if isinstance(obj, FunctionalModel):
            obj.loss = first[0] if all(same_value(s[0], first[0]) for s in states) else UNKNOWN
            return
        if isinstance(obj, list):
            items = [s[0] for s in states]
            if all(len(i) == len(items[0]) for i in items) and not any(s[1] for s in states):
                obj[:] = [self.join_values([i[k] for i in items], node, why) for k in range(len(items[0]))]
                self.broken_lists.discard(id(obj))
            else:
                obj[:] = []
                self.broken_lists.add(id(obj))
            return
        if isinstance(obj, dict):
            maps = [s[0] for s in states]
            obj.clear()
            if all(m.keys() == maps[0].keys() for m in maps) and not any(s[1] for s in states):
                obj.update({k: self.join_values([m[k] for m in maps], node, why) for k in maps[0]})
                self.broken_lists.discard(id(obj))
            else:
                self.broken_lists.add(id(obj))
            return
        if isinstance(obj, ObjectValue):
            attrs = [s[0] for s in states]
            keys = set().union(*attrs)
            obj.attrs.clear()
            for key in keys:
                if all(key in a for a in attrs):
                    obj.attrs[key] = self.join_values([a[key] for a in attrs], node, why)
                else:
                    obj.attrs[key] = UNKNOWN
            obj.called = any(s[1] for s in states)
            obj.loss = first[2] if all(same_value(s[2], first[2]) for s in states) else UNKNOWN

    @property
    def broken_lists(self) -> set[int]:
        """Lists whose length differs by path: their contents cannot be listed any more."""
        if not hasattr(self, "_broken_lists"):
            self._broken_lists: set[int] = set()
        return self._broken_lists

    def forgotten(self, before: Any, name: str, node: cst.CSTNode, why: str) -> Any:
        """What a name becomes when a statement not followed may assign it."""
        if isinstance(before, Tensor):
            return Tensor.unknown(lost=(node, why))
        return Sym.fresh(name)

    def forget_mutated(self, stmt: cst.CSTNode, env: Scope, why: str) -> None:
        """Lists and instances a statement not followed may change in place become unknown."""
        for obj in self.mutables(stmt, env):
            if isinstance(obj, (list, dict)):
                obj.clear()
                self.broken_lists.add(id(obj))
            elif isinstance(obj, ObjectValue):
                for key in list(obj.attrs):
                    v = obj.attrs[key]
                    if isinstance(v, (list, Tensor)) or not isinstance(v, (Layer, FunctionValue)):
                        obj.attrs[key] = self.forgotten(v, key, stmt, why)
        for scope_name, value in list(env.items()):
            if isinstance(value, (list, dict)) and id(value) in self.broken_lists:
                env[scope_name] = Sym.fresh(scope_name)

    # -------------------------------------------------------------------- loops
    def iteration_items(self, value: Any) -> list[Any] | None:
        if isinstance(value, (list, tuple)) and id(value) not in self.broken_lists:
            return list(value)
        if isinstance(value, str):
            return list(value)
        if isinstance(value, dict) and id(value) not in self.broken_lists:
            return list(value)
        return None

    def stmt_For(self, stmt: cst.For, env: Scope) -> None:
        src = self.source(stmt.iter)
        if stmt.asynchronous is not None:
            self.havoc(stmt, env, "`async for` loop is not followed")
            return
        items = self.iteration_items(self.eval(stmt.iter, env))
        if items is None:
            self.havoc(stmt, env, f"loop over `{src}` is not followed: what it iterates over is not known")
            return
        if len(items) > MAX_ITERATIONS:
            self.havoc(stmt, env, f"loop over `{src}` is not followed: more than {MAX_ITERATIONS} iterations")
            return
        try:
            broke = False
            for item in items:
                self.assign(stmt.target, item, env)
                try:
                    self.exec_suite(stmt.body, env)
                except Continued:
                    continue
                except Broke:
                    broke = True
                    break
            if not broke and stmt.orelse is not None:
                self.exec_suite(stmt.orelse.body, env)
        except BudgetExceeded:
            raise
        except Unfollowable as e:
            self.havoc(stmt, env, f"loop over `{src}` is not followed: {e}")

    def stmt_While(self, stmt: cst.While, env: Scope) -> None:
        """Followed while its test can be decided (``while units > floor:`` with known numbers),
        at most ``MAX_ITERATIONS`` times; otherwise forgotten."""
        try:
            for _ in range(MAX_ITERATIONS + 1):
                go = self.truth_of(self.eval(stmt.test, env))
                if go is UNKNOWN:
                    raise Unfollowable("its test cannot be decided")
                if not go:
                    if stmt.orelse is not None:
                        self.exec_suite(stmt.orelse.body, env)
                    return
                try:
                    self.exec_suite(stmt.body, env)
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
    def stmt_Try(self, stmt: cst.Try, env: Scope) -> None:
        def body() -> None:
            self.exec_suite(stmt.body, env)
            if stmt.orelse is not None:
                self.exec_suite(stmt.orelse.body, env)

        paths: list[Callable[[], None]] = [body]
        for handler in stmt.handlers:
            if _ends_in_raise(handler.body):
                continue

            def run_handler(h: cst.ExceptHandler = handler) -> None:
                self.havoc_quietly(stmt.body, env, "may be changed by the `try` body before the exception")
                if h.name is not None:
                    self.assign(h.name.name, UNKNOWN, env)
                self.exec_suite(h.body, env)

            paths.append(run_handler)
        if len(paths) == 1:
            body()
        else:
            self.run_paths(stmt, paths, env, why="differs between a `try` body and its `except`")
        if stmt.finalbody is not None:
            self.exec_suite(stmt.finalbody.body, env)

    def havoc_quietly(self, node: cst.CSTNode, env: Scope, why: str) -> None:
        """Forget the names ``node`` assigns (no report: the path that follows it is joined)."""
        for name in self.assigned_names(node):
            if name in env:
                env[name] = self.forgotten(env[name], name, node, why)

    # ------------------------------------------------------------ comprehensions
    def _comprehension(self, node: cst.BaseComp | cst.DictComp, env: Scope, emit: Callable[[Scope], None]) -> bool:
        scope = Scope(parent=env)
        count = [0]

        def run(for_in: cst.CompFor, scope: Scope) -> bool:
            if for_in.asynchronous is not None:
                return False
            items = self.iteration_items(self.eval(for_in.iter, scope))
            if items is None or len(items) > MAX_ITERATIONS:
                return False
            for item in items:
                self.assign(for_in.target, item, scope)
                keep = True
                for cond in for_in.ifs:
                    t = self.truth_of(self.eval(cond.test, scope))
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

    def expr_ListComp(self, node: cst.ListComp, env: Scope) -> Any:
        out: list[Any] = []
        ok = self._comprehension(node, env, lambda s: out.append(self.eval(node.elt, s)))
        return out if ok else UNKNOWN

    def expr_GeneratorExp(self, node: cst.GeneratorExp, env: Scope) -> Any:
        out: list[Any] = []
        ok = self._comprehension(node, env, lambda s: out.append(self.eval(node.elt, s)))
        return tuple(out) if ok else UNKNOWN


def _ends_in_raise(suite: cst.BaseSuite) -> bool:
    body: Iterable[cst.CSTNode]
    if isinstance(suite, cst.SimpleStatementSuite):
        body = suite.body
    else:
        body = suite.body  # type: ignore[attr-defined]
        body = list(body)
        if not body:
            return False
        last = body[-1]
        if not isinstance(last, cst.SimpleStatementLine):
            return False
        body = last.body
    body = list(body)
    return bool(body) and isinstance(body[-1], cst.Raise)
