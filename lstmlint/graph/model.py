"""The model graph the frontend extracts: layers, their applications, tensors and models.

Every object keeps its libcst node so that reports, fixes and ``--confirm`` can point back
at the source. Positions are computed later, only for the nodes that end up in a report.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.layers import LayerConfig
from lstmlint.shapes import UNKNOWN_SHAPE, Outcome, Shape, ShapeProblem

if TYPE_CHECKING:
    from lstmlint.findings import Finding

_ids = itertools.count(1)


@dataclass(eq=False)
class Layer:
    """One layer instance: ``LSTM(32, return_sequences=True)``."""

    cfg: LayerConfig
    node: cst.Call  # the constructor call
    var: str | None = None  # the variable it was first bound to, if any
    uid: int = field(default_factory=lambda: next(_ids))
    # the function a layer calls on its input (``traits.calls``: Lambda's ``function``,
    # ``output_shape``, ``arguments``), as the interpreter holds them
    code: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.cfg.kind


@dataclass(eq=False)
class InputNode:
    """Where a model's data comes in: ``Input(shape=...)`` or a first layer's ``input_shape``."""

    shape: Shape
    node: cst.CSTNode
    source: str = "Input"  # "Input", "input_shape", "batch_input_shape", "input_dim", ...
    uid: int = field(default_factory=lambda: next(_ids))


@dataclass(eq=False)
class Tensor:
    shape: Shape
    producer: Application | InputNode | None = None
    index: int = 0
    poisoned: bool = False  # downstream of a reported error: never report again
    lost: tuple[cst.CSTNode | None, str] | None = None  # why its shape is unknown, when known

    @staticmethod
    def unknown(poisoned: bool = False, lost: tuple[cst.CSTNode | None, str] | None = None) -> Tensor:
        return Tensor(UNKNOWN_SHAPE, None, 0, poisoned, lost)


@dataclass(eq=False)
class Application:
    """A layer applied to tensors: ``LSTM(4)(x)``, ``model.add(LSTM(4))``."""

    layer: Layer
    inputs: list[Tensor]
    is_list: bool
    node: cst.CSTNode  # the call (functional) or the layer expression (Sequential)
    outputs: list[Tensor] = field(default_factory=list)
    outcome: Outcome | None = None
    problem: ShapeProblem | None = None
    call_kwargs: dict[str, Any] = field(default_factory=dict)
    context: tuple[cst.CSTNode, ...] = ()  # call sites that led here (helper functions)
    uid: int = field(default_factory=lambda: next(_ids))


@dataclass(eq=False)
class Model:
    kind: str  # "sequential" or "functional"
    node: cst.CSTNode
    var: str | None = None
    inputs: list[Tensor] = field(default_factory=list)
    outputs: list[Tensor] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    lost: list[tuple[cst.CSTNode | None, str]] = field(default_factory=list)
    uid: int = field(default_factory=lambda: next(_ids))
    # call sites of followed user functions when it was made: a model one loop makes at each
    # iteration has the same node and context, and counts once (``report/coverage.py``)
    context: tuple[cst.CSTNode, ...] = ()
    # a ``keras.Model`` subclass none of whose classes defines ``call``: Keras cannot call it
    # (a container of other models, trained by its own ``fit``), so it has no forward pass and
    # ``report/coverage.py`` does not count it as a model
    no_forward: bool = False


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
    # uid of an application/model made under one pytest parametrization -> the key it shares with
    # the same construct under the others (interp/pytest_params.py); coverage counts a key once
    variants: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # the project modules the analysis followed (interp/modules.py): path -> SHA-256 of the content
    # it read ("" for a path looked for that did not exist), for the result cache
    followed: dict[str, str] = field(default_factory=dict)
    # for a node of a followed module: the analysed file's call that reached it (positions), or None
    elsewhere: Callable[[cst.CSTNode], cst.CSTNode | None] | None = None
    # for a node of a followed module: "other/file.py:LINE", for ``--verbose``; else None
    places: Callable[[cst.CSTNode], str | None] | None = None
