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

from typing import Any

import libcst as cst

from ..shapes import UNKNOWN, Sym
from .values import (
    Arg,
    Frame,
    FunctionValue,
    ObjectValue,
    PathEnd,
    Returned,
    Scope,
    Unfollowable,
)

MAX_DEPTH = 12
MAX_CALLS = 2000


def _params(node: cst.FunctionDef) -> tuple[list[cst.Param], cst.Param | None, list[cst.Param], cst.Param | None]:
    p = node.params
    star = p.star_arg if isinstance(p.star_arg, cst.Param) else None
    return list(p.posonly_params) + list(p.params), star, list(p.kwonly_params), p.star_kwarg


def _is_generator(node: cst.FunctionDef) -> bool:
    found = [False]

    class V(cst.CSTVisitor):
        def visit_Yield(self, n: cst.Yield) -> bool:
            found[0] = True
            return False

        def visit_FunctionDef(self, n: cst.FunctionDef) -> bool:
            return n is node

        def visit_ClassDef(self, n: cst.ClassDef) -> bool:
            return False

        def visit_Lambda(self, n: cst.Lambda) -> bool:
            return False

    node.visit(V())
    return found[0]


class FunctionsMixin:
    def define_function(self, stmt: cst.FunctionDef, env: Scope) -> FunctionValue:
        defaults: dict[str, Any] = {}
        positional, _, kwonly, _ = _params(stmt)
        for p in positional + kwonly:
            if p.default is not None:
                defaults[p.name.value] = self.eval(p.default, env)
        fv = FunctionValue(stmt, env, defaults, stmt.name.value)
        fv.generator = _is_generator(stmt) or stmt.asynchronous is not None
        self.functions.append(fv)
        return fv

    def bind_arguments(self, func: FunctionValue, args: list[Arg] | None, scope: Scope, self_obj: Any = None) -> None:
        positional, star, kwonly, star_kwarg = _params(func.node)
        if args is None:       # *args / **kwargs the analysis cannot expand
            for p in positional + kwonly + [x for x in (star, star_kwarg) if x is not None]:
                scope[p.name.value] = Sym.fresh(p.name.value)
            if self_obj is not None and positional:
                scope[positional[0].name.value] = self_obj
            return
        pos = [a.value for a in args if a.keyword is None]
        kws = {a.keyword: a.value for a in args if a.keyword is not None}
        if self_obj is not None:
            pos = [self_obj] + pos
        for i, p in enumerate(positional):
            name = p.name.value
            if i < len(pos):
                value = pos[i]
            elif name in kws:
                value = kws.pop(name)
            else:
                value = func.defaults.get(name, UNKNOWN)
            self.bind(name, value, scope)
        if star is not None:
            scope[star.name.value] = tuple(pos[len(positional):])
        for p in kwonly:
            name = p.name.value
            self.bind(name, kws.pop(name) if name in kws else func.defaults.get(name, UNKNOWN), scope)
        if star_kwarg is not None:
            scope[star_kwarg.name.value] = Sym.fresh(star_kwarg.name.value)

    def call_function(
        self,
        func: FunctionValue,
        args: list[Arg] | None,
        node: cst.CSTNode,
        env: Scope | None = None,
        self_obj: ObjectValue | None = None,
        label: str | None = None,
    ) -> Any:
        func.called = True
        name = label or f"`{func.qualname}()`"
        why = None
        if getattr(func, "generator", False):
            why = f"{name} is a generator or `async`: not followed"
        elif id(func) in self.active:
            why = f"{name} calls itself: recursion is not followed"
        elif len(self.frames) >= MAX_DEPTH:
            why = f"{name}: calls nested more than {MAX_DEPTH} deep are not followed"
        elif self.calls_followed >= MAX_CALLS:
            why = f"{name}: more than {MAX_CALLS} calls in this file, not followed"
        if why is not None:
            for a in args or ():
                self.lose_value(a.value, node, why)
            self.lose(node, why)
            return UNKNOWN
        self.calls_followed += 1
        scope = Scope(parent=func.env)
        self.bind_arguments(func, args, scope, self_obj)
        frame = Frame(name)
        self.frames.append(frame)
        self.active.add(id(func))
        saved = self.context
        self.context = saved + (node,)
        self.result.call_names.setdefault(node, name)
        fell_off = False
        try:
            self.exec_suite(func.node.body, scope)
            fell_off = True
        except Returned:
            pass
        except PathEnd:
            pass
        except Unfollowable as e:
            if type(e).__name__ == "BudgetExceeded":
                raise
            self.lose(node, f"{name}: {e}")
            frame.returns.append(UNKNOWN)
        finally:
            self.context = saved
            self.active.discard(id(func))
            self.frames.pop()
        values = frame.returns + ([None] if fell_off else [])
        if not values:
            return UNKNOWN
        return self.join_values(values, node, f"{name} returns different things on different paths")

    # ------------------------------------------------------- standalone checks
    def check_standalone(self) -> None:
        """Check what nobody called: module-level functions with symbolic parameters, and the
        program's Keras model/layer classes with an input whose shape is unknown."""
        try:
            for func in list(self.functions):
                if func.called or func.env is not self.globals or getattr(func, "generator", False):
                    continue
                if any(self._decorator_name(d) in ("property", "staticmethod", "classmethod") for d in func.node.decorators):
                    continue
                label = f"`{func.qualname}()`"
                self.result.call_names[func.node] = f"{label}, checked on its own with symbolic parameters"
                self.call_function(func, [], func.node, self.globals, label=label)
            self.check_classes_standalone()
        except Unfollowable:
            pass

    @staticmethod
    def _decorator_name(d: cst.Decorator) -> str:
        expr = d.decorator
        if isinstance(expr, cst.Call):
            expr = expr.func
        if isinstance(expr, cst.Attribute):
            return expr.attr.value
        if isinstance(expr, cst.Name):
            return expr.value
        return ""
