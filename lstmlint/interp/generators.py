"""The program's own generator functions: what they yield first.

Calling a generator function makes a generator object; nothing of its body runs until it is
iterated. The analysis follows the body of a generator with exactly one ``yield`` (a data
generator: ``while True: ... yield x_batch, y_batch``) from its start to that ``yield``, and
keeps the value yielded there (``GeneratorValue.first``): the first element, which is what a
consumer such as a training loop sees first. A generator with several ``yield``s, a
``yield from``, or whose ``yield`` is not reached, is not followed (unknown, as before).

Python only: what a library does with the generator is its overlay's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.interp.functions import MAX_CALLS, MAX_DEPTH
from lstmlint.interp.names import own_yields
from lstmlint.interp.values import (
    Arg,
    Frame,
    FunctionValue,
    ObjectValue,
    PathEnd,
    Scope,
    Unfollowable,
)
from lstmlint.shapes import UNKNOWN

if TYPE_CHECKING:
    from lstmlint.interp.context import Context
    from lstmlint.interp.evaluator import Handler


@dataclass(eq=False)
class GeneratorValue:
    """A generator object of the program whose first yielded value the analysis followed."""

    func: FunctionValue
    first: Any


class _Yielded(Exception):
    """The followed generator reached its ``yield``: stop there with the value."""

    def __init__(self, value: Any) -> None:
        super().__init__("yield")
        self.value = value


def single_yield(func: cst.FunctionDef) -> bool:
    """Whether ``func``'s own body (not the functions, classes or lambdas inside it) has exactly
    one ``yield`` and no ``yield from``."""
    plain = delegating = 0
    for node in own_yields(func.body):
        if isinstance(node.value, cst.From):
            delegating += 1
        else:
            plain += 1
    return plain == 1 and delegating == 0 and func.asynchronous is None


class Generators:
    """Generator functions of the program, followed to their first ``yield``; owned by the context."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.running: list[FunctionValue] = []
        self.single: dict[int, bool] = {}  # id of a FunctionDef -> single_yield(it)

    def handlers(self) -> dict[type, Handler]:
        return {cst.Yield: self.yield_}

    def yield_(self, node: cst.Yield, env: Scope) -> Any:
        value = node.value
        if isinstance(value, cst.From) or not self.running:
            return UNKNOWN
        found = None if value is None else self.ctx.eval(value, env)
        raise _Yielded(found)

    def start(
        self, func: FunctionValue, args: list[Arg] | None, node: cst.CSTNode, self_obj: ObjectValue | None = None
    ) -> GeneratorValue | None:
        """``gen(...)`` of a generator function: its body followed to the ``yield``; None when
        that is not done (the caller then treats the call as not followed)."""
        ctx = self.ctx
        functions = ctx.functions
        if args is None or func in self.running:
            return None
        if id(func.node) not in self.single:
            self.single[id(func.node)] = single_yield(func.node)
        if not self.single[id(func.node)]:
            return None
        if len(functions.frames) >= MAX_DEPTH or functions.calls_followed >= MAX_CALLS:
            return None  # the budgets of followed calls hold for generators too
        functions.calls_followed += 1
        scope = Scope(parent=func.env)
        functions.bind_arguments(func, args, scope, self_obj)
        frame = Frame(f"`{func.qualname}()`")
        functions.frames.append(frame)
        self.running.append(func)
        saved_context, saved_scope = ctx.call_context, ctx.current_scope
        ctx.call_context = saved_context + (node,)
        try:
            ctx.evaluator.exec_suite(func.node.body, scope)
        except _Yielded as y:
            return GeneratorValue(func, y.value)
        except (PathEnd, Unfollowable) as e:
            if type(e).__name__ == "BudgetExceeded":
                raise
            return None
        finally:
            ctx.call_context, ctx.current_scope = saved_context, saved_scope
            self.running.pop()
            functions.frames.pop()
        return None  # the body ended without reaching its ``yield``
