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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.interp.names import decorator_name
from lstmlint.interp.pybuiltins import builtin_isinstance
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
from lstmlint.shapes import UNKNOWN, Sym
from lstmlint.source.imports import Ref
from lstmlint.source.modules import is_library

if TYPE_CHECKING:
    from lstmlint.interp.context import Context
    from lstmlint.interp.evaluator import Handler

# values that exist once computed and are never ``None``: an instance of a class of the program
# (its ``__init__`` followed or not), a function, a class, a bound method or partial, a container.
# An unknown value (UNKNOWN, a symbol, a library call's result) may be None.
_NEVER_NONE = (ObjectValue, FunctionValue, ClassValue, UserMethod, PartialValue, list, dict, set, frozenset)
# values the analysis does not know (an unknown result, a symbol, a name of a module it does not
# follow): they may be anything, an instance of the program's classes too. Every other value is
# either an instance of a program class (``ObjectValue``) or a value no program class makes: a
# literal, a container, a function, a class, a library's object (a Keras layer, a tensor).
_MAY_BE_ANYTHING = (Sym, Ref, type(UNKNOWN), type(NOT_FOLLOWED))


def _same_class(a: Any, b: Any) -> Any:
    """Whether ``a`` and ``b`` are the same object, one of them a class of the program: decided
    when the other is a class or function of the program, a library's class, a module-level
    constant or a container; UNKNOWN when it may be anything."""
    if a is b:
        return True
    other = b if isinstance(a, ClassValue) else a
    if isinstance(other, (ClassValue, FunctionValue, Ref, list, tuple, dict)):
        return False
    if other is None or (isinstance(other, (bool, int, float, str)) and not isinstance(other, Sym)):
        return False
    return UNKNOWN


def _derives(cls: ClassValue, target: ClassValue, depth: int = 0) -> Any:
    """Whether ``cls`` is ``target`` or derives from it: True, False, or UNKNOWN when a base of
    ``cls`` is a class the analysis does not know (a module not followed may derive from it).
    A library's class (``keras.layers.Layer``) never derives from a class of the program."""
    if cls is target:
        return True
    if depth > 32:
        return UNKNOWN
    found: Any = False
    for base in cls.bases:
        if isinstance(base, ClassValue):
            below = _derives(base, target, depth + 1)
            if below is True:
                return True
            if below is UNKNOWN:
                found = UNKNOWN
        elif not (type(base) is Ref and is_library(base.qual.split(".", 1)[0])):
            found = UNKNOWN
    return found


def _mro(cls: ClassValue) -> list[Any] | None:
    """``cls.__mro__`` as Python computes it (C3), with a base that is not a class of the
    program (a library's class, an unknown value) as one entry whose own bases are not known;
    None when C3 finds no order (Python would refuse the class) or the chain is too deep."""

    def linear(c: Any, depth: int) -> list[Any] | None:
        if not isinstance(c, ClassValue):
            return [c]
        if depth > 32:
            return None
        parts: list[list[Any]] = []
        for base in c.bases:
            found = linear(base, depth + 1)
            if found is None:
                return None
            parts.append(found)
        parts.append(list(c.bases))
        out: list[Any] = [c]
        while any(parts):
            for part in parts:
                if not part:
                    continue
                head = part[0]
                if not any(any(head is x for x in other[1:]) for other in parts):
                    break
            else:
                return None
            out.append(head)
            parts = [p[1:] if p and p[0] is head else p for p in parts]
        return out

    return linear(cls, 0)


@dataclass(eq=False)
class ProgramSuper:
    """``super()`` (or ``super(C, self)``) in a method of the program's class ``C``: attributes
    are looked up in ``type(obj).__mro__`` after ``C``, methods bound to ``obj``."""

    obj: ObjectValue
    after: ClassValue


class Classes:
    """User classes and their instances; owned by the context."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.defined: list[ClassValue] = []
        self.instances: list[ObjectValue] = []
        # id(a class body's scope) -> (that scope, its class): the class a method's ``super()``
        # belongs to (Python's ``__class__`` cell); the scope is kept so that no id is reused
        self.bodies: dict[int, tuple[Scope, ClassValue]] = {}

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
        self.bodies[id(scope)] = (scope, cls)

    # ------------------------------------------------------------ super()
    def super_of(self, pos: list[Any], scope: Scope) -> Any:
        """``super(C, obj)``, or ``super()`` evaluated in ``scope``: inside a method of the
        program's class ``C`` (the class whose body defined it), bound to the method's first
        argument. NOT_FOLLOWED when that is not an instance of a class deriving from ``C`` or
        the call is of another form (the overlays and the builtins decide those)."""
        if len(pos) == 2 and isinstance(pos[0], ClassValue) and isinstance(pos[1], ObjectValue):
            cls, obj = pos[0], pos[1]
        elif not pos:
            below: Scope | None = None
            current: Scope | None = scope
            found = None
            while current is not None:
                found = self.bodies.get(id(current))
                if found is not None and found[0] is current:
                    break
                below, current = current, current.parent
            if current is None or found is None or below is None or not below:
                return NOT_FOLLOWED
            cls = found[1]
            obj = next(iter(below.values()))  # the method's first argument (bound first)
            if not isinstance(obj, ObjectValue):
                return NOT_FOLLOWED
        else:
            return NOT_FOLLOWED
        if _derives(obj.cls, cls) is not True:
            return NOT_FOLLOWED
        return ProgramSuper(obj, cls)

    def super_attribute(self, sup: ProgramSuper, attr: str, node: cst.CSTNode) -> Any:
        """``super().attr``: the first class after ``sup.after`` in the instance's MRO that
        defines it; UNKNOWN when a class not of the program comes first (a library's class may
        define it) or none defines it."""
        mro = _mro(sup.obj.cls)
        if mro is None:
            return UNKNOWN
        start = next((i for i, c in enumerate(mro) if c is sup.after), None)
        if start is None:
            return UNKNOWN
        for klass in mro[start + 1 :]:
            if not isinstance(klass, ClassValue):
                return UNKNOWN
            if attr not in klass.attrs:
                continue
            value = klass.attrs[attr]
            if isinstance(value, FunctionValue):
                names = {decorator_name(d) for d in value.node.decorators}
                if "property" in names:
                    return self.ctx.functions.call_function(value, [], node, self_obj=sup.obj)
                if "staticmethod" in names:
                    return value
                if "classmethod" in names:
                    return UNKNOWN
                return UserMethod(value, sup.obj)
            return value
        return UNKNOWN

    # ------------------------------------------------------------ instances
    def never_none(self, value: Any) -> bool:
        """Whether ``value`` is known not to be ``None`` (``value is None`` is then False): a
        value of the program (``_NEVER_NONE``) or a library object that is always true (a Keras
        layer or model); never a value the analysis does not know."""
        if value is None:
            return False
        if isinstance(value, _NEVER_NONE):
            return True
        if not isinstance(value, Sym) and self.ctx.overlays.shaped(value):
            return True  # a tensor (``self.kernel`` once ``build`` made it), an array: never None
        return self.ctx.overlays.truth(value) is True

    def isinstance_of(self, value: Any, types: Any) -> Any:
        """``isinstance(value, C)`` where ``C`` (or an item of a tuple of types) is a class of
        the program: True when ``value`` is an instance of ``C`` or of a class deriving from it,
        False when it is an instance of a class shown not to derive from it or any value not in
        ``_MAY_BE_ANYTHING``; UNKNOWN otherwise. NOT_FOLLOWED when no item of ``types`` is a class
        of the program (the builtins and overlays decide those)."""
        kinds = types if type(types) is tuple else (types,)
        if not any(isinstance(k, ClassValue) for k in kinds):
            return NOT_FOLLOWED
        answer: Any = False
        for kind in kinds:
            if isinstance(kind, ClassValue):
                if isinstance(value, ObjectValue):
                    found = _derives(value.cls, kind)
                else:
                    found = UNKNOWN if isinstance(value, _MAY_BE_ANYTHING) else False
            else:
                found = builtin_isinstance(value, kind)
            if found is True:
                return True
            if found is not False:
                answer = UNKNOWN
        return answer

    def compare(self, op: type, left: Any, right: Any) -> Any:
        """``a is C``, ``a == C``, ``a in (C, D)`` (and their negations) where ``C`` is a class
        of the program (a class is only equal to itself): True/False, UNKNOWN when a side may be
        anything (an unknown value, a name the analysis does not follow)."""
        if op in (cst.In, cst.NotIn):
            if not isinstance(right, (tuple, list)) or not self.ctx.known(right):
                return UNKNOWN
            found: Any = False
            for item in right:
                same = _same_class(left, item)
                if same is True:
                    found = True
                    break
                if same is UNKNOWN:
                    found = UNKNOWN
            if found is UNKNOWN:
                return UNKNOWN
            return found if op is cst.In else not found
        same = _same_class(left, right)
        if same is UNKNOWN:
            return UNKNOWN
        return same if op in (cst.Is, cst.Equal) else not same

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
        if type(base) is ProgramSuper:
            return self.super_attribute(base, attr, node)
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
