"""The values the Python evaluator computes with, besides constants: functions, classes and
instances of the program, bound methods, ``functools.partial``, call arguments, scopes, and the
exceptions that end a path. The values of libraries live in ``overlays/values.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import libcst as cst


@dataclass(eq=False)
class BoundMethod:
    obj: Any
    name: str


@dataclass(eq=False)
class FunctionValue:
    node: cst.FunctionDef
    env: Scope
    defaults: dict[str, Any] = field(default_factory=dict)  # evaluated where the def ran
    qualname: str = ""
    called: bool = False
    generator: bool = False  # generators and async functions are not followed
    outside: set[str] | None = None  # names declared ``global``/``nonlocal`` (found at the first call)


@dataclass(eq=False)
class ClassValue:
    """A class the program defines: its methods and class attributes, and whether it derives
    from a library class (``class M(keras.Model)``: ``library_base`` is "Model")."""

    node: cst.ClassDef
    attrs: dict[str, Any]
    bases: list[Any]
    library_base: str | None  # the library class it derives from ("Model", "Layer"), if any

    @property
    def name(self) -> str:
        return self.node.name.value

    def lookup(self, name: str) -> Any:
        """The attribute ``name`` following the bases defined in the same file; KeyError if absent."""
        if name in self.attrs:
            return self.attrs[name]
        for base in self.bases:
            if isinstance(base, ClassValue):
                try:
                    return base.lookup(name)
                except KeyError:
                    pass
        raise KeyError(name)


@dataclass(eq=False)
class ObjectValue:
    """An instance of a class the program defines."""

    cls: ClassValue
    attrs: dict[str, Any]
    node: cst.CSTNode  # where it was created
    # slots the overlay of a library class fills (``library_base``): the model record of a Keras
    # model, what ``compile(loss=...)`` was given
    model: Any = None
    called: bool = False  # its ``call`` has been followed
    loss: Any = None
    opaque: bool = False  # its ``__init__`` was not followed: its attributes are unknown


@dataclass(eq=False)
class UserMethod:
    """A method of a user class bound to its instance."""

    func: FunctionValue
    obj: ObjectValue


@dataclass(eq=False)
class PartialValue:
    """``functools.partial(f, *args, **kwargs)``."""

    func: Any
    args: list[Arg]


@dataclass(frozen=True, init=False)
class Arg:
    keyword: str | None
    value: Any
    star: str = ""

    def __init__(self, keyword: str | None, value: Any, star: str = "") -> None:
        # a frozen dataclass' own ``__init__`` sets each field through ``object.__setattr__``: twice
        # as slow, and hundreds of thousands of arguments are made per run
        fields = self.__dict__
        fields["keyword"] = keyword
        fields["value"] = value
        fields["star"] = star


class Scope(dict[str, Any]):
    """A name -> value mapping; the module scope has no parent."""

    def __init__(self, parent: Scope | None = None) -> None:
        # no ``super().__init__()``: ``dict.__init__`` without arguments does nothing, and a
        # scope is made at every followed call
        self.parent = parent

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope:
                return scope[name]
            scope = scope.parent
        raise KeyError(name)

    def find(self, name: str, default: Any = None) -> Any:
        """``lookup`` without the exception (costly when asked of many unbound names): ``default``
        when no scope binds ``name``."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope:
                return scope[name]
            scope = scope.parent
        return default


# ------------------------------------------------------------ control flow
class Unfollowable(Exception):
    """Raised inside a statement the analysis started to follow but cannot finish
    (e.g. ``break`` under a test it cannot decide); the enclosing loop forgets instead."""


class PathEnd(Exception):
    """The current path of execution ends here (``return``, ``raise``, ``break``, ``continue``)."""

    kind = "end"


class Returned(PathEnd):
    kind = "return"


class Raised(PathEnd):
    kind = "raise"


class Broke(PathEnd):
    kind = "break"


class Continued(PathEnd):
    kind = "continue"


@dataclass(eq=False)
class Frame:
    """One followed function call: what its paths returned."""

    name: str
    returns: list[Any] = field(default_factory=list)


class _NotFollowed:
    """Returned by a hook that does not handle the value it was given."""

    def __repr__(self) -> str:
        return "NOT_FOLLOWED"


NOT_FOLLOWED: Any = _NotFollowed()


def bind_arguments(params: tuple[str, ...], args: list[Arg]) -> dict[str, Any] | None:
    """A call's arguments by parameter name, for a library function whose signature is
    ``params`` (positional then keyword); None when one cannot be placed."""
    bound: dict[str, Any] = {}
    positional = [a.value for a in args if a.keyword is None]
    if len(positional) > len(params):
        return None
    bound.update(zip(params, positional))
    for a in args:
        if a.keyword is not None:
            if a.keyword not in params:
                return None
            bound[a.keyword] = a.value
    return bound
