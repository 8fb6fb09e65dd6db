"""What the analysis proved, before it is rendered: the ``Finding`` the interpreter raises and
the rules turn into diagnostics (positions not yet known).

It lives between the graph and the rules: it names the application or layer a problem is about
(``lstmlint.graph``) and the typed problem (``lstmlint.shapes``), and nothing depends back on it
but ``Analysis``' annotation.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from lstmlint.graph.model import Application, Layer
from lstmlint.shapes import ShapeProblem


@dataclass(eq=False)
class Finding:
    """A problem the analysis proved, before it is rendered (positions not yet known)."""

    problem: ShapeProblem
    node: cst.CSTNode
    app: Application | None = None
    layer: Layer | None = None
    severity: str = "error"
    context: tuple[cst.CSTNode, ...] = ()


__all__ = ["Finding"]
