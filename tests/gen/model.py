"""A generated Keras layer graph, independent of lstmlint: the description both the source
renderers and the in-process Keras builder work from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lstmlint.layers.spec import spec_for


@dataclass(frozen=True)
class LayerSpec:
    """A layer constructor: Keras class name and its keyword arguments, in Keras' order."""

    kind: str
    params: tuple[tuple[str, Any], ...] = ()

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)


@dataclass(frozen=True)
class Ref:
    node: int
    index: int = 0


@dataclass
class Node:
    id: int
    layer: LayerSpec | None  # None: an Input
    inputs: tuple[Ref, ...] = ()
    is_list: bool = False  # called on a list (merges)
    n_out: int = 1  # > 1: the call returns a list of tensors
    shape: tuple | None = None  # Input only: shape without batch
    dtype: str | None = None  # Input only
    batch: int | None = None  # Input only: a fixed batch_size
    shared_from: int | None = None  # the same layer object as this earlier node's
    spread: bool = False  # called with several tensors as arguments: mha(q, v)


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    chain: bool = False  # a plain chain: can be rendered as a Sequential model
    mistake: str | None = None  # the mistake injected on purpose, if any

    def outputs(self) -> list[Ref]:
        used = {(r.node, r.index) for n in self.nodes for r in n.inputs}
        return [
            Ref(n.id, i) for n in self.nodes if n.layer is not None for i in range(n.n_out) if (n.id, i) not in used
        ]


def positional(kind: str) -> tuple[str, ...]:
    """Positional parameters (Keras' order) the renderer may write without their keyword:
    lstmlint's layer registry records them (``LayerSpec.params``)."""
    found = spec_for(kind)
    return found.params if found is not None else ()


def takes_input_shape(kind: str) -> bool:
    """Whether Keras 3 accepts ``input_shape=`` on this layer class (``SpatialDropout1D/2D/3D``
    do not): the keyword table generated from the installed Keras (``layers/accepted.py``)."""
    found = spec_for(kind)
    return found is None or found.accepts("input_shape") is not False


@dataclass
class KerasResult:
    shapes: dict[int, list[tuple]]  # node id -> output shapes, for the nodes Keras built
    error_node: int | None = None  # the first node Keras refused
    message: str | None = None
    error_phase: str | None = None  # "construct" (the layer's constructor) or "call"


def instantiate(value: Any, keras: Any) -> Any:
    if isinstance(value, LayerSpec):
        cls = getattr(keras.layers, value.kind)
        return cls(**{k: instantiate(v, keras) for k, v in value.params})
    if isinstance(value, list):
        return [instantiate(v, keras) for v in value]
    return value


def build_keras(graph: Graph, keras: Any) -> KerasResult:
    """Build the graph with Keras, node by node, stopping at the first node Keras refuses."""
    tensors: dict[tuple[int, int], Any] = {}
    instances: dict[int, Any] = {}
    result = KerasResult({})
    for node in graph.nodes:
        phase = "call"
        try:
            if node.layer is None:
                kw = {"dtype": node.dtype} if node.dtype else {}
                if node.batch is not None:
                    kw["batch_size"] = node.batch
                out = keras.Input(shape=node.shape, **kw)
            else:
                phase = "construct"
                if node.shared_from is not None:
                    layer = instances[node.shared_from]
                else:
                    layer = instances[node.id] = instantiate(node.layer, keras)
                phase = "call"
                xs = [tensors[(r.node, r.index)] for r in node.inputs]
                out = layer(*xs) if node.spread else layer(xs if node.is_list else xs[0])
        except Exception as e:  # noqa: BLE001 - Keras refusing the graph is a verdict
            result.error_node = node.id
            result.error_phase = phase
            result.message = f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"
            return result
        flat = list(out) if isinstance(out, (list, tuple)) else [out]
        assert len(flat) == node.n_out, (node, len(flat))
        result.shapes[node.id] = [tuple(t.shape) for t in flat]
        for i, t in enumerate(flat):
            tensors[(node.id, i)] = t
    return result
