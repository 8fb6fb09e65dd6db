"""libcst -> model graph."""

from __future__ import annotations

import libcst as cst

from lstmlint.graph.model import Analysis, Application, Finding, InputNode, Layer, Model, Tensor
from lstmlint.interp.interpreter import Interpreter


def analyze(module: cst.Module) -> Analysis:
    """Rebuild every Keras model built by ``module`` and infer its shapes."""
    return Interpreter(module).run()


__all__ = ["Analysis", "Application", "Finding", "InputNode", "Layer", "Model", "Tensor", "analyze"]
