"""libcst's parse, with lighter node constructors where lstmlint owns the process.

libcst's native parser builds every node of a parse by calling the node's class, so each node
goes through its frozen dataclass ``__init__`` (one ``object.__setattr__`` per field) and its
``__post_init__``, which re-validates the node: together about a quarter of a parse (measured
on the library corpus: 5.2 s stock, 3.9 s without either), and useless for a tree the parser
itself made from valid source (a syntax error is raised by the parser, before any node is built).

Replacing a constructor changes a class that every libcst user in the process shares, so it is
done only

* in a process lstmlint owns: the ``lstmlint`` command (``cli.py`` claims the process while a
  command runs), its ``--jobs`` worker processes (``run.py``) and the language server: never
  when lstmlint is imported as a library (``lstmlint.api``) or loaded as the flake8 plugin;
* for the nodes the parsing thread builds during ``parse_module``: the light constructor is
  installed on libcst's node classes while the process is owned (and restored when it stops
  being owned), and it runs libcst's own ``__init__`` (with its validation) for every other
  node: one built by the fixes, by another libcst user, or by a thread that is not parsing;
* once the process has parsed enough source for them to pay (``LIGHT_AFTER``): making them
  costs more than one small file's parse gains.

The light constructor of a class takes the same parameters with the same defaults as the
dataclass' own, assigns the fields in the same order through the same slots and skips only
``__post_init__``: the trees are the same with and without it (``tests/unit/test_parsing.py``
compares them with ``deep_equals``), and so are the errors of a source that does not parse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import keyword
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (libcst is imported by the first parse: `lstmlint --version` needs none)
    import libcst as cst

__all__ = ["owned", "owns_process", "parse_module"]

_lock = threading.Lock()
_owners = 0  # > 0 while lstmlint owns the process (the CLI, a worker, the server)
_parsing: dict[int, int] = {}  # thread id -> how many of our parses run in it (light nodes)
_installed: dict[type, Callable[..., None]] = {}  # node class -> its own __init__, while replaced
_light: dict[type, Callable[..., None]] = {}  # node class -> its light __init__ (made once)
# Making the light constructors compiles one small function per node class, about 24 ms once
# per process; they save about 0.43 µs per node (13 nodes a line), so they pay for themselves
# after some 150 KB of source. A process starts using them once it has parsed this much (the
# parse at hand included): a run of one small file (pre-commit, a single path) never pays.
LIGHT_AFTER = 128 * 1024  # characters (or bytes) of source parsed in an owned process
_parsed = 0  # characters of source the owned parses of this process were given


def _node_classes() -> list[type]:
    """Every concrete libcst node class a parse can build: the slotted dataclasses below
    ``CSTNode`` (libcst's ``add_slots`` leaves the slot-less original behind, which nothing builds)."""
    from libcst._nodes.base import CSTNode

    seen: set[type] = set()
    todo: list[type] = [CSTNode]
    while todo:
        sub: type
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    found = [c for c in seen if dataclasses.is_dataclass(c) and "__slots__" in c.__dict__ and "__init__" in c.__dict__]
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def _slot_setter(cls: type, name: str) -> Callable[[object, object], None] | None:
    for klass in cls.__mro__:
        member = klass.__dict__.get(name)
        if member is not None and type(member).__name__ == "member_descriptor":
            setter: Callable[[object, object], None] = member.__set__
            return setter
    return None


def _light_init(cls: type) -> Callable[..., None] | None:
    """A constructor for ``cls`` with its dataclass ``__init__``'s parameters and defaults that,
    in a thread inside one of our parses, assigns the fields in order and skips
    ``__post_init__``; anywhere else it is ``cls``'s own ``__init__``. None when ``cls`` has a
    field this cannot mirror (then ``cls`` keeps its own constructor)."""
    own = cls.__dict__["__init__"]
    defaults = {p.name: p.default for p in inspect.signature(own, follow_wrapped=False).parameters.values()}
    env: dict[str, Any] = {"_own": own, "_parsing": _parsing, "_ident": threading.get_ident}
    params: list[str] = []
    kw_only: list[str] = []
    body: list[str] = []
    for i, f in enumerate(dataclasses.fields(cls)):
        if not f.init:
            return None
        name = f.name
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
            return None
        setter = _slot_setter(cls, name)
        if setter is None:
            return None
        env[f"_set{i}"] = setter
        if f.default is not dataclasses.MISSING:
            env[f"_d{i}"] = f.default
            param = f"{name}=_d{i}"
            body.append(f"        _set{i}(self, {name})")
        elif f.default_factory is not dataclasses.MISSING:
            # the dataclass' own marker for "not given" (so that `_own` sees it as its own)
            env[f"_f{i}"] = f.default_factory
            env[f"_d{i}"] = defaults[name]
            param = f"{name}=_d{i}"
            body.append(f"        _set{i}(self, _f{i}() if {name} is _d{i} else {name})")
        else:
            param = name
            body.append(f"        _set{i}(self, {name})")
        (kw_only if f.kw_only else params).append(param)
    names = [p.split("=")[0] for p in params]
    keywords = [p.split("=")[0] for p in kw_only]
    signature = ", ".join(["self", *params, *(["*", *kw_only] if kw_only else [])])
    call = ", ".join(["self", *names, *(f"{k}={k}" for k in keywords)])
    source = "\n".join(
        [
            f"def __init__({signature}):",
            "    if _ident() in _parsing:",
            *(body or ["        pass"]),
            "    else:",
            f"        _own({call})",
        ]
    )
    exec(compile(source, f"<lstmlint light __init__ of {cls.__qualname__}>", "exec"), env)  # noqa: S102 (generated above from the dataclass' own fields, as dataclasses does)
    made: Callable[..., None] = env["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    made.__annotations__ = dict(own.__annotations__)
    return made


def _install() -> None:
    """Put the light constructors in place (under ``_lock``, while the process is owned)."""
    if _installed:
        return
    if not _light:
        for cls in _node_classes():
            made = _light_init(cls)
            if made is not None:
                _light[cls] = made
    for cls, made in _light.items():
        _installed[cls] = cls.__dict__["__init__"]
        type.__setattr__(cls, "__init__", made)


def _uninstall() -> None:
    """libcst's own constructors back (under ``_lock``, once the process is no longer owned)."""
    for cls, own in _installed.items():
        if cls.__dict__.get("__init__") is _light.get(cls):
            type.__setattr__(cls, "__init__", own)
    _installed.clear()


@contextlib.contextmanager
def owned() -> Iterator[None]:
    """While this runs, lstmlint owns the process: its parses build light nodes. Re-entrant;
    ``claim`` for a process that is lstmlint's for good (a pool worker)."""
    global _owners
    with _lock:
        _owners += 1
    try:
        yield
    finally:
        with _lock:
            _owners -= 1
            if _owners == 0:
                _uninstall()


def claim() -> None:
    """This whole process is lstmlint's (a ``--jobs`` worker): the pool's initializer."""
    global _owners
    with _lock:
        _owners += 1


def owns_process() -> bool:
    return _owners > 0


@contextlib.contextmanager
def _light_nodes() -> Iterator[None]:
    """The nodes this thread builds until the block ends are built by the light constructors."""
    ident = threading.get_ident()
    with _lock:
        if _owners > 0:
            _install()
        _parsing[ident] = _parsing.get(ident, 0) + 1
    try:
        yield
    finally:
        with _lock:
            left = _parsing[ident] - 1
            if left:
                _parsing[ident] = left
            else:
                del _parsing[ident]


def parse_module(source: str | bytes) -> cst.Module:
    """``libcst.parse_module(source)``: the same tree or the same exception; faster in a process
    lstmlint owns, once it has parsed ``LIGHT_AFTER`` of source."""
    global _parsed
    import libcst as cst

    if _owners <= 0:
        return cst.parse_module(source)
    _parsed += len(source)
    if _parsed < LIGHT_AFTER and not _light:
        return cst.parse_module(source)
    with _light_nodes():
        return cst.parse_module(source)
