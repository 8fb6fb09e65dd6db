"""A static ``model.summary()``: every model in a file, its layers, output shapes and weights.

Built from the graph the frontend extracted (``FileResult.analysis``), never by running
Keras. Layer names follow Keras' own naming (``lstm``, ``lstm_1``, ... in the order the
layers are constructed, or the ``name=`` given), so a row can be matched with what Keras
would print. Whatever is not known is ``None`` here and shown as ``?`` by the reporters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import libcst as cst

from lstmlint.diagnostics import Span
from lstmlint.graph.model import Analysis, Application, InputNode, Layer, Model, Tensor
from lstmlint.graph.walk import Producers, feeds, producer_of, producers, walk_upstream
from lstmlint.layers import LayerConfig
from lstmlint.layers.params import ParamCount, count_params, is_weightless
from lstmlint.shapes import Shape

UNKNOWN_TEXT = "?"


def snake_case(class_name: str) -> str:
    """Keras' automatic layer-name prefix for a class: ``GlobalMaxPooling1D`` -> ``global_max_pooling1d``."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub(r"(?<=.)([A-Z][a-z]+)", r"_\1", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


def format_shape(shape: Shape) -> str:
    return UNKNOWN_TEXT if shape.dims is None else str(shape)


def format_outputs(tensors: list[Tensor]) -> str:
    if not tensors:
        return UNKNOWN_TEXT
    if len(tensors) == 1:
        return format_shape(tensors[0].shape)
    return "[" + ", ".join(format_shape(t.shape) for t in tensors) + "]"


def format_count(count: ParamCount | None) -> str:
    return UNKNOWN_TEXT if count is None else f"{count.total:,}"


@dataclass
class Row:
    """One layer (or model input) of a model, as ``model.summary()`` lists it."""

    name: str
    kind: str  # Keras class name (a layer spec's name, or InputLayer)
    display: str  # "Bidirectional(GRU)"
    output: str  # "(None, 20, 32)", "?" or "[(None, 4), (None, 4)]"
    params: ParamCount | None
    connected: list[str]
    node: cst.CSTNode
    span: Span | None = None
    apps: list[Application] = field(default_factory=list)

    @property
    def params_text(self) -> str:
        return format_count(self.params)

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None


@dataclass
class ModelSummary:
    model: Model
    name: str  # the variable it is bound to, or Keras' default name
    span: Span | None
    rows: list[Row]
    applications: list[Application]  # in the order data flows
    inputs: list[InputNode]
    branched: bool  # not a simple chain: Keras adds a "Connected to" column
    unfollowed: int = 0  # tensors in its graph made by something not followed

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def known(self) -> ParamCount:
        out = ParamCount(0, 0)
        for row in self.rows:
            if row.params is not None:
                out = out + row.params
        return out

    @property
    def unknown_rows(self) -> list[Row]:
        return [r for r in self.rows if r.params is None]

    @property
    def total(self) -> ParamCount | None:
        """The model's parameter count, when every layer of its graph is known and counted."""
        return None if self.unknown_rows or self.unfollowed else self.known


# ------------------------------------------------------------------ naming
class Namer:
    """Keras-style names for every layer and input of a file, in construction order."""

    def __init__(self, analysis: Analysis) -> None:
        self.names: dict[int, str] = {}
        self._counters: dict[str, int] = {}
        objects: dict[int, Layer | InputNode] = {}
        for app in analysis.applications:
            objects.setdefault(app.layer.uid, app.layer)
            for t in app.inputs:
                if isinstance(t.producer, InputNode):
                    objects.setdefault(t.producer.uid, t.producer)
        for model in analysis.models:
            for t in model.inputs:
                if isinstance(t.producer, InputNode):
                    objects.setdefault(t.producer.uid, t.producer)
        for uid in sorted(objects):
            obj = objects[uid]
            if isinstance(obj, Layer):
                self._name_config(obj.cfg)
                self.names[uid] = self.names[id(obj.cfg)]
            else:
                self.names[uid] = self._auto("InputLayer", _call_name(obj.node))

    def _auto(self, kind: str, explicit: object) -> str:
        if isinstance(explicit, str) and explicit:
            return explicit
        prefix = snake_case(kind)
        n = self._counters.get(prefix, 0)
        self._counters[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"

    def _name_config(self, cfg: LayerConfig) -> None:
        if id(cfg) in self.names:
            return
        for key in ("layer", "backward_layer", "cell", "cells"):  # built before their wrapper
            for inner in _configs(cfg.params.get(key)):
                self._name_config(inner)
        self.names[id(cfg)] = self._auto(cfg.kind, cfg.params.get("name"))

    def __call__(self, obj: Layer | InputNode) -> str:
        return self.names.get(obj.uid, UNKNOWN_TEXT)


def _configs(value: object) -> Iterable[LayerConfig]:
    if isinstance(value, LayerConfig):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _configs(v)


def _call_name(node: cst.CSTNode) -> str | None:
    """``name="..."`` of an ``Input(...)`` call, when it is a plain string literal."""
    if isinstance(node, cst.Call):
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "name" and isinstance(arg.value, cst.SimpleString):
                value = arg.value.evaluated_value
                return value if isinstance(value, str) else None
    return None


# ------------------------------------------------------------------ graph walking
Made = Producers  # id(tensor) -> (application, output index)


def _producers(analysis: Analysis) -> Made:
    return producers(analysis.applications)


def _producer(t: Tensor, made: Made) -> tuple[Application | InputNode | None, int]:
    return producer_of(t, made)


def model_applications(model: Model, made: Made) -> tuple[list[Application], list[InputNode]]:
    """Applications feeding the model's outputs (data-flow order, tensors passed as
    ``initial_state`` included, as Keras counts them) and the inputs they start from."""
    apps, inputs, _ = _model_graph(model, made)
    return apps, inputs


def _model_graph(model: Model, made: Made) -> tuple[list[Application], list[InputNode], int]:
    """``model_applications`` and how many tensors on the way the analysis does not follow."""
    declared: list[InputNode] = []
    for t in model.inputs:
        if isinstance(t.producer, InputNode) and t.producer not in declared:
            declared.append(t.producer)
    order, reached, unfollowed = walk_upstream(model.outputs, made)
    inputs = declared + [i for i in reached if i not in declared]
    if not order and model.applications:  # outputs not followed: fall back on what was added
        return list(model.applications), inputs, 0
    return order, inputs, len(unfollowed)


def _source_order(
    apps: list[Application], made: Made, where: Callable[[cst.CSTNode], Span | None]
) -> list[Application]:
    """A data-flow order that follows the source text wherever data flow allows."""
    index = {app.uid: i for i, app in enumerate(apps)}
    waiting: dict[int, int] = {}
    users: dict[int, list[Application]] = {}
    for app in apps:
        deps = {
            p.uid
            for p, _ in (_producer(t, made) for t in feeds(app))
            if isinstance(p, Application) and p.uid in index and p.uid != app.uid
        }
        waiting[app.uid] = len(deps)
        for d in deps:
            users.setdefault(d, []).append(app)

    def key(app: Application) -> tuple[tuple[int, int], int]:
        span = where(app.node)
        return (span.line, span.column) if span else (0, 0), index[app.uid]

    ready = sorted((a for a in apps if waiting[a.uid] == 0), key=key)
    order: list[Application] = []
    while ready:
        app = ready.pop(0)
        order.append(app)
        for user in users.get(app.uid, ()):
            waiting[user.uid] -= 1
            if waiting[user.uid] == 0:
                ready.append(user)
                ready.sort(key=key)
    return order if len(order) == len(apps) else apps


# ------------------------------------------------------------------ summaries
def summarize(analysis: Analysis | None, locate: Callable[[cst.CSTNode], Span] | None = None) -> list[ModelSummary]:
    """One summary per model the frontend found in a file."""
    if analysis is None:
        return []
    made = _producers(analysis)
    names = Namer(analysis)
    layer_apps: dict[int, list[Application]] = {}
    for app in analysis.applications:
        layer_apps.setdefault(app.layer.uid, []).append(app)

    def where(node: cst.CSTNode) -> Span | None:
        return locate(node) if locate is not None else None

    def source_of(t: Tensor) -> str:
        producer, index = _producer(t, made)
        if isinstance(producer, InputNode):
            return f"{names(producer)}[0][0]"
        if isinstance(producer, Application):
            # An application made inside another module's code is not in this file's list.
            seen = layer_apps.setdefault(producer.layer.uid, [producer])
            node_index = seen.index(producer) if producer in seen else 0
            return f"{names(producer.layer)}[{node_index}][{index}]"
        return UNKNOWN_TEXT

    out: list[ModelSummary] = []
    model_names: dict[str, int] = {}
    for model in analysis.models:
        apps, inputs, unfollowed = _model_graph(model, made)
        if locate is not None:
            apps = _source_order(apps, made, where)
        rows: list[Row] = []
        if model.kind != "sequential":
            for node in inputs:
                rows.append(
                    Row(
                        names(node),
                        "InputLayer",
                        "InputLayer",
                        format_shape(node.shape),
                        ParamCount(0, 0),
                        [],
                        node.node,
                        where(node.node),
                    )
                )
        by_layer: dict[int, Row] = {}
        consumers: dict[int, int] = {}
        for app in apps:
            for t in app.inputs:
                consumers[id(t)] = consumers.get(id(t), 0) + 1
            row = by_layer.get(app.layer.uid)
            if row is None:
                first = layer_apps.setdefault(app.layer.uid, [app])[0]
                params = count_params(app.layer.cfg, [t.shape for t in first.inputs])
                if first.problem is not None and not is_weightless(app.layer.cfg.kind):
                    params = None  # Keras cannot build it on that input
                row = Row(
                    names(app.layer),
                    app.layer.cfg.kind,
                    app.layer.cfg.display,
                    UNKNOWN_TEXT,
                    params,
                    [],
                    app.layer.node,
                    where(app.layer.node),
                )
                by_layer[app.layer.uid] = row
                rows.append(row)
            row.apps.append(app)
            row.output = format_outputs(app.outputs)  # Keras shows the layer's last call
            row.connected += [source_of(t) for t in app.inputs]
        branched = model.kind != "sequential" and (
            any(len(a.inputs) > 1 for a in apps)
            or any(n > 1 for n in consumers.values())
            or any(len(r.apps) > 1 for r in rows)
            or len(inputs) > 1
        )
        name = model.var or _numbered(_default_model_name(model), model_names)
        out.append(ModelSummary(model, name, where(model.node), rows, apps, inputs, branched, unfollowed))
    return out


def _default_model_name(model: Model) -> str:
    """Keras' name for an unnamed model: ``sequential``, ``functional``, or its class in snake case."""
    if model.kind in ("sequential", "functional"):
        return model.kind
    node = model.node
    if isinstance(node, cst.Call):
        func = node.func
        if isinstance(func, cst.Attribute):
            func = func.attr
        if isinstance(func, cst.Name):
            return snake_case(func.value)
    return model.kind


def _numbered(prefix: str, counters: dict[str, int]) -> str:
    n = counters.get(prefix, 0)
    counters[prefix] = n + 1
    return prefix if n == 0 else f"{prefix}_{n}"
