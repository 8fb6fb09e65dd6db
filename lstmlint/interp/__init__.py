"""Python -> abstract values -> the model graph, without running anything.

``Context`` (``context.py``) owns the collaborators: the evaluator (``evaluator.py``: one
dispatch table for expressions and statements), ``flow.py`` (branches, loops, joins, budgets),
``functions.py`` and ``classes.py`` (the program's own functions and classes), and the library
overlays (``overlays/``: what Keras, NumPy, ``keras.ops``, TensorFlow and scikit-learn mean).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import libcst as cst

from lstmlint.findings import Finding
from lstmlint.graph.model import Analysis, Application, InputNode, Layer, Model, Tensor
from lstmlint.interp.context import Context, Interpreter
from lstmlint.interp.modules import Modules, may_import_local
from lstmlint.shapes.dims import forget_sizes
from lstmlint.source.keras_target import Target


def analyze(
    module: cst.Module,
    target: Target | None = None,
    text: str | None = None,
    path: str | None = None,
    keras_setting: str = "auto",
) -> Analysis:
    """Rebuild every Keras model built by ``module`` and infer its shapes, judged by the Keras
    of ``target`` (Keras 3 when None); ``text`` is the module's source when the caller has it.
    ``path``: the file ``module`` was read from, whose project modules are then followed where
    it imports them (``interp/modules.py``; their Keras target under ``keras_setting``)."""
    forget_sizes()  # a file's result never depends on the files analysed before it
    ctx = Context(module, target, text)
    if path is not None and may_import_local(ctx.module_text()):
        ctx.modules = Modules(ctx, Path(path), keras_setting)
    try:
        result = ctx.run()
        if ctx.modules is not None:
            ctx.modules.settle(result)
            result.followed = dict(ctx.modules.followed)
            result.elsewhere = ctx.modules.relocator()
            result.places = ctx.modules.places()
        result.elsewhere = _chained(ctx.evaluator.builtins.relocator(), result.elsewhere)
        return result
    finally:
        ctx.close()


def _chained(
    first: Callable[[cst.CSTNode], cst.CSTNode | None] | None,
    then: Callable[[cst.CSTNode], cst.CSTNode | None] | None,
) -> Callable[[cst.CSTNode], cst.CSTNode | None] | None:
    """A node parsed from an ``eval`` string goes to its ``eval`` call (``first``), and a node of a
    followed module to the analysed file's call that reached it (``then``)."""
    if first is None or then is None:
        return then if first is None else first

    def both(node: cst.CSTNode) -> cst.CSTNode | None:
        moved = first(node)
        further = then(node if moved is None else moved)
        return moved if further is None else further

    return both


__all__ = [
    "Analysis",
    "Application",
    "Context",
    "Finding",
    "InputNode",
    "Interpreter",
    "Layer",
    "Model",
    "Tensor",
    "analyze",
]
