"""The model graph the frontend extracts: layers, their applications, tensors and models.

Every object keeps its libcst node so that reports, fixes and ``--confirm`` can point back
at the source. Positions are computed later, only for the nodes that end up in a report.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Union

import libcst as cst

from lstmlint.shapes import UNKNOWN_SHAPE, Outcome, Shape, ShapeProblem

from lstmlint.layers import LayerConfig

_ids = itertools.count(1)


@dataclass(eq=False)
class Layer:
    """One layer instance: ``LSTM(32, return_sequences=True)``."""

    cfg: LayerConfig
    node: cst.Call                     # the constructor call
    var: str | None = None             # the variable it was first bound to, if any
    uid: int = field(default_factory=lambda: next(_ids))

    @property
    def kind(self) -> str:
        return self.cfg.kind


@dataclass(eq=False)
class InputNode:
    """Where a model's data comes in: ``Input(shape=...)`` or a first layer's ``input_shape``."""

    shape: Shape
    node: cst.CSTNode
    source: str = "Input"              # "Input", "input_shape", "batch_input_shape", "input_dim", ...
    uid: int = field(default_factory=lambda: next(_ids))


@dataclass(eq=False)
class Tensor:
    shape: Shape
    producer: Union["Application", InputNode, None] = None
    index: int = 0
    poisoned: bool = False             # downstream of a reported error: never report again
    lost: tuple[cst.CSTNode | None, str] | None = None   # why its shape is unknown, when known

    @staticmethod
    def unknown(poisoned: bool = False, lost: "tuple[cst.CSTNode | None, str] | None" = None) -> "Tensor":
        return Tensor(UNKNOWN_SHAPE, None, 0, poisoned, lost)


@dataclass(eq=False)
class Application:
    """A layer applied to tensors: ``LSTM(4)(x)``, ``model.add(LSTM(4))``."""

    layer: Layer
    inputs: list[Tensor]
    is_list: bool
    node: cst.CSTNode                  # the call (functional) or the layer expression (Sequential)
    outputs: list[Tensor] = field(default_factory=list)
    outcome: Outcome | None = None
    problem: ShapeProblem | None = None
    call_kwargs: dict[str, Any] = field(default_factory=dict)
    context: tuple[cst.CSTNode, ...] = ()   # call sites that led here (helper functions)
    uid: int = field(default_factory=lambda: next(_ids))


@dataclass(eq=False)
class Model:
    kind: str                          # "sequential" or "functional"
    node: cst.CSTNode
    var: str | None = None
    inputs: list[Tensor] = field(default_factory=list)
    outputs: list[Tensor] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    lost: list[tuple[cst.CSTNode | None, str]] = field(default_factory=list)
    uid: int = field(default_factory=lambda: next(_ids))


@dataclass(eq=False)
class Finding:
    """A problem the analysis proved, before it is rendered (positions not yet known)."""

    problem: ShapeProblem
    node: cst.CSTNode
    app: Application | None = None
    layer: Layer | None = None
    severity: str = "error"
    context: tuple[cst.CSTNode, ...] = ()


@dataclass
class Analysis:
    """Everything extracted from one file."""

    applications: list[Application] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    lost: list[tuple[cst.CSTNode | None, str]] = field(default_factory=list)
    # how to name each call site of ``Finding.context`` / ``Application.context``:
    # "`residual_block()`", "`MyModel.call()`"; a FunctionDef/ClassDef means "checked on its own"
    call_names: dict[cst.CSTNode, str] = field(default_factory=dict)


def upstream(models_outputs: list[Tensor]) -> list[Application]:
    """Applications that feed ``outputs``, in topological order."""
    seen: set[int] = set()
    order: list[Application] = []

    def visit(t: Tensor) -> None:
        p = t.producer
        if not isinstance(p, Application) or p.uid in seen:
            return
        seen.add(p.uid)
        for i in p.inputs:
            visit(i)
        order.append(p)

    for t in models_outputs:
        visit(t)
    return order
