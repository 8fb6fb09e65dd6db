"""The hooks through which the Python evaluator asks a library overlay what a value means.

Every hook answers ``NOT_FOLLOWED`` (or False / None where stated) when the overlay has nothing
to say about the value it is given; the evaluator then asks the next overlay, and in the end
falls back on plain Python semantics ("not followed": unknown, never wrong).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import libcst as cst

from lstmlint.interp.values import NOT_FOLLOWED, Arg, ObjectValue, Scope
from lstmlint.source.imports import Ref

if TYPE_CHECKING:
    from lstmlint.interp.context import Context


class Overlay:
    """What one library means. Subclasses override the hooks they need."""

    name: ClassVar[str] = ""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ names
    def star_name(self, module: str, name: str) -> Any:
        """``name`` after ``from module import *``: a Ref when the library defines it."""
        return NOT_FOLLOWED

    # ------------------------------------------------------------------ calls
    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        """A call of something imported (``keras.layers.LSTM(4)``, ``np.zeros(...)``)."""
        return NOT_FOLLOWED

    def builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        """A Python builtin (``len``, ``isinstance``) given one of the library's values."""
        return NOT_FOLLOWED

    def claims(self, qual: str) -> bool:
        """Whether the imported name ``qual`` is what this overlay models, even where the project
        holds the library's own source (ART's sdist ships ``art/utils.py``): its loaders read
        files the analysis never sees, so the overlay's answer is the one to follow."""
        return False

    def template(self, node: cst.BaseExpression, env: Scope) -> Any:
        """``{{node}}``, a template a library fills in before the program runs (hyperas)."""
        return NOT_FOLLOWED

    def call_value(self, func: Any, args: list[Arg] | None, node: cst.Call, env: Scope) -> Any:
        """A call of one of the library's values (a layer, a model, an instance of a subclass)."""
        return NOT_FOLLOWED

    def call_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        """``obj.name(...)`` where ``obj`` is one of the library's values."""
        return NOT_FOLLOWED

    def opaque_result(self, args: list[Arg] | None, node: cst.CSTNode, why: str, report: bool = True) -> Any:
        """What a call the analysis does not follow returns, given these arguments (``report``:
        also note in the analysis that it was not followed)."""
        return NOT_FOLLOWED

    # -------------------------------------------------------- attributes, items
    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        return NOT_FOLLOWED

    def subscript(self, base: Any, node: cst.Subscript, env: Scope) -> Any:
        return NOT_FOLLOWED

    def set_attribute(self, base: Any, target: cst.Attribute, value: Any) -> bool:
        """``base.attr = value``; True when handled."""
        return False

    def binop(self, op: str, left: Any, right: Any) -> Any:
        return NOT_FOLLOWED

    def check_operator(self, op: str, left: Any, right: Any, node: cst.CSTNode) -> None:
        """Report what the library refuses in ``left op right`` written at ``node``."""

    # ---------------------------------------------------------------- values
    def bound(self, name: str, value: Any, attribute: bool = False) -> None:
        """``value`` was bound to the variable ``name`` (or to the attribute ``.name``)."""

    def truth(self, value: Any) -> Any:
        return NOT_FOLLOWED

    def same(self, a: Any, b: Any) -> bool:
        """Whether two values that are not plain constants are the same thing."""
        return False

    def shaped(self, value: Any) -> bool:
        """Whether ``value`` has a shape (a test that reads it may depend on shapes)."""
        return False

    def unpack(self, value: Any, n: int) -> Any:
        """``a, b = value``: the n values, None when they cannot be listed, or NOT_FOLLOWED."""
        return NOT_FOLLOWED

    def check_unpack(self, target: cst.BaseExpression, value: Any, n: int, starred: bool) -> bool:
        """Report an unpacking the library would refuse; True when reported."""
        return False

    def lose_value(self, value: Any, node: cst.CSTNode | None, why: str) -> bool:
        """``value`` may be changed in ways not followed; True when handled.

        Whether it answers False must depend on the value's type only, and a False answer must
        change nothing: ``Context.lose_value`` skips every later value of a type once all the
        overlays answered False for one (``Context._unchanged``)."""
        return False

    def passed_out(self, value: Any, node: cst.CSTNode, why: str) -> bool:
        """``value`` was given to a function from outside the file (an import) that the analysis
        does not follow; True when it is assumed unchanged by it (else it is lost as by
        ``lose_value``). As for ``lose_value``: answered by the value's type, with no effect."""
        return False

    def forgotten(self, before: Any, name: str, node: cst.CSTNode, why: str) -> Any:
        """What a name holding ``before`` becomes when a statement not followed may assign it."""
        return NOT_FOLLOWED

    def join(self, values: list[Any], node: cst.CSTNode | None, why: str) -> Any:
        """The join of values from different paths (all of the library's kind), or NOT_FOLLOWED."""
        return NOT_FOLLOWED

    def stable(self, value: Any) -> bool:
        """Whether a statement not followed can change ``value`` only by rebinding it (an
        instance attribute holding it is then kept)."""
        return False

    # -------------------------------------------------------- mutable objects
    def mutable(self, value: Any) -> bool:
        """Whether ``value`` is a library object that statements may change in place.

        Answered by the value's type only: ``Flow.mutables`` never asks again about a type all
        the overlays answered False for (``Flow._inert``)."""
        return False

    def save_state(self, obj: Any) -> tuple[Any, ...] | None:
        return None

    def restore_state(self, obj: Any, state: tuple[Any, ...]) -> bool:
        return False

    def join_state(self, obj: Any, states: list[tuple[Any, ...]], node: cst.CSTNode, why: str) -> bool:
        return False

    # ------------------------------------------------------------------ classes
    def class_base(self, bases: list[Any]) -> str | None:
        """What library class a user class derives from ("Model", "Layer"), or None."""
        return None

    def instantiated(self, obj: ObjectValue, args: list[Arg] | None = None) -> None:
        """A user class deriving from the library was instantiated."""

    # ------------------------------------------------------------------ driver
    def finish_standalone(self) -> None:
        """After the module: check what nobody called (may follow more code)."""

    def finish(self) -> None:
        """After the module and its standalone checks."""
