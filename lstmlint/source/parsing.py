"""libcst's parse, without its per-node re-validation where lstmlint owns the process.

libcst builds every node of a parse through the node's dataclass constructor, whose
``__post_init__`` runs the node's ``_validate``: about a sixth of a parse, and useless for a tree
the parser itself made from valid source (a syntax error is raised by the parser, before any
node is built). Skipping it means replacing ``CSTNode.__post_init__``, which every libcst user in
the process shares, so it is done only

* in a process lstmlint owns: the ``lstmlint`` command (``cli.py`` claims the process while a
  command runs), its ``--jobs`` worker processes (``run.py``) and the language server: never
  when lstmlint is imported as a library (``lstmlint.api``) or loaded as the flake8 plugin;
* in the thread that parses, for the duration of ``parse_module`` only: the class attribute is
  swapped while at least one such parse runs (a count under a lock, restored by the last one),
  and the replacement validates as before in every other thread and outside the parse (a node
  built by the fixes, by another libcst user, by a thread that is not parsing).

The trees are the same with and without it (``tests/unit/test_parsing.py`` compares them with
``deep_equals``), and so are the errors of a source that does not parse.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (libcst is imported by the first parse: `lstmlint --version` needs none)
    import libcst as cst
    from libcst._nodes.base import CSTNode

__all__ = ["owned", "owns_process", "parse_module"]

_HOOK = "__post_init__"  # the method of libcst's CSTNode that validates each node built
_lock = threading.Lock()
_local = threading.local()  # .parsing: how many of our parses run in this thread
_owners = 0  # > 0 while lstmlint owns the process (the CLI, a worker, the server)
_active = 0  # our parses running in any thread with the class attribute swapped
_saved: Callable[[CSTNode], None] | None = None  # the __post_init__ replaced while _active > 0


def _post_init(self: CSTNode) -> None:
    """``CSTNode.__post_init__`` while one of our parses runs: no validation in a thread inside
    that parse, the replaced one anywhere else."""
    if getattr(_local, "parsing", 0):
        return
    saved = _saved
    if saved is not None:
        saved(self)
    else:  # (swapped back between the lookup and the call): validate as libcst does
        self._validate()


@contextlib.contextmanager
def owned() -> Iterator[None]:
    """While this runs, lstmlint owns the process: its parses skip libcst's re-validation.
    Re-entrant; ``claim`` for a process that is lstmlint's for good (a pool worker)."""
    global _owners
    with _lock:
        _owners += 1
    try:
        yield
    finally:
        with _lock:
            _owners -= 1


def claim() -> None:
    """This whole process is lstmlint's (a ``--jobs`` worker): the pool's initializer."""
    global _owners
    with _lock:
        _owners += 1


def owns_process() -> bool:
    return _owners > 0


@contextlib.contextmanager
def _unvalidated() -> Iterator[None]:
    global _active, _saved
    from libcst._nodes.base import CSTNode

    with _lock:
        if _active == 0:
            current = CSTNode.__dict__[_HOOK]
            _saved = current
            setattr(CSTNode, _HOOK, _post_init)  # every libcst user sees it: see _post_init
        _active += 1
    _local.parsing = getattr(_local, "parsing", 0) + 1
    try:
        yield
    finally:
        _local.parsing -= 1
        with _lock:
            _active -= 1
            if _active == 0:
                if CSTNode.__dict__.get(_HOOK) is _post_init and _saved is not None:
                    setattr(CSTNode, _HOOK, _saved)
                _saved = None


def parse_module(source: str | bytes) -> cst.Module:
    """``libcst.parse_module(source)``: the same tree or the same exception; faster in a process
    lstmlint owns."""
    import libcst as cst

    if _owners <= 0:
        return cst.parse_module(source)
    with _unvalidated():
        return cst.parse_module(source)
