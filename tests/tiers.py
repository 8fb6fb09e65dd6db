"""The two test tiers: which tests need TensorFlow/Keras.

* **fast tier** (``pytest -m "not keras"``): needs no TensorFlow; must pass, with skips, in a
  virtual environment where TensorFlow is not installed.
* **Keras tier** (``pytest -m keras``): builds graphs in real Keras (the ground truth).

A test belongs to the Keras tier when it is marked ``@pytest.mark.keras`` (or its module sets
``pytestmark = pytest.mark.keras``), or when ``tests/conftest.py`` finds, by reading its code
(never by running it), that it reaches Keras:

* it imports ``keras``/``tensorflow``/``tf_keras`` (or ``pytest.importorskip``-s them), in its
  own body, in a helper function or class of the test modules it calls, or in a fixture it uses;
* it calls a helper decorated with :func:`needs_keras` (the oracle helpers in
  ``tests/frontend_keras.py`` and ``tests/keras_oracle.py``);
* its module imported Keras at import time.

A test that still imports TensorFlow without being in the Keras tier fails (see
``tests/conftest.py``), so the fast tier stays free of TensorFlow.
"""

from __future__ import annotations

import ast
import dis
import importlib
import importlib.util
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

HEAVY = frozenset({"tensorflow", "keras", "tf_keras"})

F = TypeVar("F", bound=Callable[..., Any])


def needs_keras(fn: F) -> F:
    """Declare that a test helper runs real Keras: every test that calls it is in the Keras tier."""
    fn.__needs_keras__ = True  # type: ignore[attr-defined]
    return fn


def keras_installed() -> bool:
    """TensorFlow and Keras can be imported (checked without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in ("tensorflow", "keras"))


def heavy_loaded() -> set[str]:
    return {name for name in HEAVY if name in sys.modules}


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _is_heavy(module: str) -> bool:
    return module.split(".")[0] in HEAVY


def _is_test_code(obj: object) -> bool:
    """A function or class written in the test suite (helpers are followed; libraries are not)."""
    file = getattr(getattr(obj, "__code__", None), "co_filename", None)
    if file is None and isinstance(obj, type):
        module = sys.modules.get(obj.__module__)
        file = getattr(module, "__file__", None)
    return file is not None and _TESTS_DIR in str(file)


_TESTS_DIR = __file__.rsplit("/", 1)[0] + "/"


def reaches_keras(obj: object, seen: set[int] | None = None) -> bool:
    """Whether calling ``obj`` (a test, fixture or helper function, or a helper class) may run Keras."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return False
    seen.add(id(obj))
    if getattr(obj, "__needs_keras__", False):
        return True
    if isinstance(obj, type):
        return _is_test_code(obj) and any(
            reaches_keras(member, seen) for member in vars(obj).values() if isinstance(member, types.FunctionType)
        )
    fn = getattr(obj, "__wrapped__", obj)
    if not isinstance(fn, types.FunctionType):
        return False
    namespace = fn.__globals__
    for code in _codes(fn.__code__):
        if "importorskip" in code.co_names and any(isinstance(c, str) and _is_heavy(c) for c in code.co_consts):
            return True
        imported: str | None = None
        for ins in dis.get_instructions(code):
            if ins.opname == "IMPORT_NAME":
                imported = str(ins.argval)
                if _is_heavy(imported):
                    return True
            elif ins.opname == "IMPORT_FROM" and imported is not None:
                try:
                    module = importlib.import_module(imported)
                except ImportError:
                    continue
                if reaches_keras(getattr(module, str(ins.argval), None), seen):
                    return True
        for name in code.co_names:
            target = namespace.get(name)
            if isinstance(target, types.ModuleType):
                if _is_heavy(target.__name__):
                    return True
                continue
            if getattr(target, "__needs_keras__", False):
                return True
            if _is_test_code(target) and reaches_keras(target, seen):
                return True
    return False


def module_imported_keras(module: types.ModuleType | None) -> bool:
    """The test module holds Keras/TensorFlow at module level (imported, or importorskip-ed)."""
    if module is None:
        return False
    return any(isinstance(v, types.ModuleType) and _is_heavy(v.__name__) for v in vars(module).values())


def _heavy_import_statement(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return any(_is_heavy(alias.name) for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and node.module is not None and _is_heavy(node.module)
    value = node.value if isinstance(node, (ast.Assign, ast.Expr)) else None
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "importorskip"
        and bool(value.args)
        and isinstance(value.args[0], ast.Constant)
        and isinstance(value.args[0].value, str)
        and _is_heavy(value.args[0].value)
    )


def imports_keras_at_top(path: Path) -> bool:
    """The test module imports Keras/TensorFlow when it is imported (so all of it is Keras tier).

    Read from the source, so that the fast tier can leave such a module uncollected instead of
    importing TensorFlow only to deselect every test in it.
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return False
    return any(_heavy_import_statement(node) for node in tree.body)
