"""Resolve what a name refers to, ourselves (libcst's QualifiedNameProvider is too slow)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import libcst as cst

_KERAS_ROOTS = ("keras", "tf_keras")


@dataclass(frozen=True, init=False)
class Ref:
    """A reference to something imported: a module, a class or a function, by dotted name."""

    qual: str

    def __init__(self, qual: str) -> None:
        self.__dict__["qual"] = qual  # not ``object.__setattr__`` (a frozen dataclass' own ``__init__``)

    def attr(self, name: str) -> Ref:
        return Ref(f"{self.qual}.{name}")


def dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


@functools.lru_cache(maxsize=8192)  # asked for the same few names again and again
def keras_path(qual: str) -> tuple[str, ...] | None:
    """The path inside Keras (``("layers", "Dense")``) or None when ``qual`` is not Keras.

    ``tensorflow.keras.layers.LSTM``, ``tensorflow.python.keras.layers.LSTM``,
    ``keras.layers.LSTM``, ``keras.src.layers.rnn.lstm.LSTM``, ``tf_keras.layers.LSTM`` all
    give ``("layers", "Dense")`` or at least end in the same name.
    """
    parts = qual.split(".")
    if parts[0] == "tensorflow":
        parts = parts[1:]
        if parts[:1] == ["python"]:
            parts = parts[1:]
        if parts[:1] == ["compat"] and len(parts) > 2:  # tf.compat.v1.keras / v2.keras
            parts = parts[2:]
    if not parts or parts[0] not in _KERAS_ROOTS:
        return None
    rest = tuple(p for p in parts[1:] if p not in ("src", "api", "_v2"))
    return rest


def keras_name(qual: str) -> str | None:
    """The object's own name when ``qual`` lives inside Keras, else None."""
    path = keras_path(qual)
    if path is None:
        return None
    return path[-1] if path else "keras"


def bind_import(stmt: cst.Import, env: dict[str, Any]) -> None:
    for alias in stmt.names:
        full = dotted(alias.name)
        if full is None:
            continue
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            env[alias.asname.name.value] = Ref(full)
        else:
            top = full.split(".")[0]
            env[top] = Ref(top)


def bind_import_from(stmt: cst.ImportFrom, env: dict[str, Any], star_modules: list[str]) -> None:
    module: str | None
    if stmt.relative:  # ``from .. import x``: "..x"; ``from .a import x``: ".a.x"
        dots = "." * len(stmt.relative)
        module = dots + (dotted(stmt.module) or "") if stmt.module else dots
    else:
        module = dotted(stmt.module) if stmt.module is not None else None
    if module is None:
        return
    if isinstance(stmt.names, cst.ImportStar):
        star_modules.append(module)
        return
    for alias in stmt.names:
        name = dotted(alias.name)
        if name is None:
            continue
        local = name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            local = alias.asname.name.value
        env[local] = Ref(f"{module}{name}" if module.endswith(".") else f"{module}.{name}")


@dataclass(frozen=True)
class Binding:
    """A name an import statement binds: what it refers to, and the statement (for edits)."""

    ref: Ref
    stmt: cst.Import | cst.ImportFrom


def import_bindings(module: cst.Module) -> dict[str, Binding]:
    """Every name bound by an import anywhere in ``module``, resolved as the interpreter resolves
    it (``bind_import``/``bind_import_from``); a name imported twice keeps its last import."""
    out: dict[str, Binding] = {}
    stack: list[cst.CSTNode] = [module]
    found: list[cst.Import | cst.ImportFrom] = []
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            found.append(node)
            continue
        stack.extend(reversed(node.children))
    for stmt in found:  # in source order
        env: dict[str, Ref] = {}
        if isinstance(stmt, cst.Import):
            bind_import(stmt, env)
        else:
            bind_import_from(stmt, env, [])
        for name, ref in env.items():
            out[name] = Binding(ref, stmt)
    return out
