"""The program's own classes: definitions, instances, attributes, methods, ``__call__``.

Creating an instance follows ``__init__`` with ``self`` bound; attributes set on ``self`` are
remembered; methods are called with ``self`` bound, properties are followed when read, and
calling an instance follows ``__call__``. A class deriving from a library class (``keras.Model``)
is marked by the overlay that knows the library (``ClassValue.library_base``); that overlay
then says what calling it means (a Keras model's ``call``) and which methods it inherits.

Creating an instance always gives an instance, never ``None``: when ``__init__`` is not followed
(another module's call budget), the instance is ``opaque``: its attributes are unknown and its
``call`` is not followed. ``never_none`` tells ``x is None`` which values cannot be ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.interp.names import decorator_name
from lstmlint.interp.values import (
    NOT_FOLLOWED,
    Arg,
    BoundMethod,
    ClassValue,
    FunctionValue,
    ObjectValue,
    PartialValue,
    Scope,
    UserMethod,
)
from lstmlint.shapes import UNKNOWN

if TYPE_CHECKING:
    from lstmlint.interp.context import Context
    from lstmlint.interp.evaluator import Handler

# values that exist once computed and are never ``None``: an instance of a class of the program
# (its ``__init__`` followed or not), a function, a class, a bound method or partial, a container.
# An unknown value (UNKNOWN, a symbol, a library call's result) may be None.
_NEVER_NONE = (ObjectValue, FunctionValue, ClassValue, UserMethod, PartialValue, list, dict, set, frozenset)


class Classes:
    """User classes and their instances; owned by the context."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.defined: list[ClassValue] = []
        self.instances: list[ObjectValue] = []

    def handlers(self) -> dict[type, Handler]:
        return {cst.ClassDef: self.define}

    def define(self, stmt: cst.ClassDef, env: Scope) -> None:
        ctx = self.ctx
        bases = [ctx.eval(a.value, env) for a in stmt.bases if a.keyword is None]
        if ctx.modules is not None:  # ``class C(layers_module.Base)``: the project's own class
            bases = ctx.modules.bases(bases, env)
        scope = Scope(parent=env)
        ctx.evaluator.exec_suite(stmt.body, scope)
        attrs = dict(scope)
        cls = ClassValue(stmt, attrs, bases, ctx.overlays.class_base(bases))
        for value in attrs.values():
            if isinstance(value, FunctionValue):
                value.qualname = f"{cls.name}.{value.node.name.value}"
        env[stmt.name.value] = cls
        self.defined.append(cls)

    # ------------------------------------------------------------ instances
    def never_none(self, value: Any) -> bool:
        """Whether ``value`` is known not to be ``None`` (``value is None`` is then False): a
        value of the program (``_NEVER_NONE``) or a library object that is always true (a Keras
        layer or model); never a value the analysis does not know."""
        if value is None:
            return False
        if isinstance(value, _NEVER_NONE):
            return True
        return self.ctx.overlays.truth(value) is True

    def unfollowed(self, cls: ClassValue, args: list[Arg] | None, node: cst.CSTNode) -> ObjectValue:
        """``cls(...)`` whose ``__init__`` was not followed (another module's budget spent, or it
        took too long): still an instance of ``cls``, never ``None``, its attributes unknown."""
        obj = ObjectValue(cls, {}, node, opaque=True)
        if cls.library_base:
            self.ctx.overlays.instantiated(obj, args)
        self.instances.append(obj)
        return obj

    def instantiate(self, cls: ClassValue, args: list[Arg] | None, node: cst.CSTNode) -> ObjectValue:
        obj = ObjectValue(cls, {}, node)
        if cls.library_base:
            self.ctx.overlays.instantiated(obj, args)
        self.instances.append(obj)
        try:
            init = cls.lookup("__init__")
        except KeyError:
            init = None
        if isinstance(init, FunctionValue):
            self.ctx.functions.call_function(init, args, node, self_obj=obj, label=f"`{cls.name}.__init__()`")
        return obj

    def method(self, obj: ObjectValue, name: str) -> FunctionValue | None:
        try:
            method = obj.cls.lookup(name)
        except KeyError:
            return None
        return method if isinstance(method, FunctionValue) else None

    def no_method(self, obj: ObjectValue, name: str, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        """Calling an instance whose class has no ``name`` the analysis can follow."""
        why = f"`{obj.cls.name}` has no `{name}` the analysis can follow"
        if obj.opaque:
            why = f"`{obj.cls.name}.__init__()` was not followed, so neither is its `{name}`"
        for a in args or ():
            self.ctx.lose_value(a.value, node, why)
        found = self.ctx.overlays.opaque_result(args, node, why, report=False)
        return UNKNOWN if found is NOT_FOLLOWED else found

    def call_object(self, obj: ObjectValue, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        """``obj(...)`` on an instance of a plain class: follow ``__call__``."""
        method = self.method(obj, "__call__")
        if method is None:
            return self.no_method(obj, "__call__", args, node)
        obj.called = True
        label = f"`{obj.cls.name}.__call__()`"
        out = self.ctx.functions.call_function(method, args, node, self_obj=obj, label=label)
        if out is UNKNOWN:
            found = self.ctx.overlays.opaque_result(
                args, node, f"the result of `{obj.cls.name}.__call__()` is not followed", report=False
            )
            return UNKNOWN if found is NOT_FOLLOWED else found
        return out

    # ------------------------------------------------------------ attributes
    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        if isinstance(base, ObjectValue):
            if attr in base.attrs:
                return base.attrs[attr]
            try:
                value = base.cls.lookup(attr)
            except KeyError:
                if base.cls.library_base:
                    return BoundMethod(base, attr)  # inherited from the library: its overlay knows
                return UNKNOWN
            if base.opaque and not isinstance(value, FunctionValue):
                return UNKNOWN  # a class attribute ``__init__`` (not followed) may have overridden
            if isinstance(value, FunctionValue):
                names = {decorator_name(d) for d in value.node.decorators}
                if "property" in names:
                    return self.ctx.functions.call_function(value, [], node, self_obj=base)
                if "staticmethod" in names:
                    return value
                return UserMethod(value, base)
            return value
        if isinstance(base, ClassValue):
            try:
                return base.lookup(attr)
            except KeyError:
                return UNKNOWN
        return NOT_FOLLOWED
