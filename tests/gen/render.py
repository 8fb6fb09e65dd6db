"""Render a generated graph as Python source, in several import and code styles.

``render`` returns the source and, for every node, the line of its layer call (functional),
``.add`` call or list element (Sequential): where Keras raises when it refuses that node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from .model import Graph, LayerSpec, Node, positional, takes_input_shape

IMPORTS = ("tf", "tf_keras_module", "keras_layers", "from_keras_layers", "tf_layers_alias", "keras_layers_alias")
MODES = ("functional", "sequential_add", "sequential_list")


@dataclass(frozen=True)
class Style:
    imports: str = "keras_layers"
    mode: str = "functional"
    constants: bool = False  # sizes bound to variables first
    keywords: bool = False  # write positional parameters as keywords
    unpack: bool = True  # multi-output calls unpacked into names (else indexed)
    input_kwarg: bool = False  # Sequential: input_shape= on the first layer instead of an Input
    predefine: bool = False  # functional: `layer_3 = LSTM(...)` first, then `x3 = layer_3(x2)`


def styles(graph: Graph) -> st.SearchStrategy[Style]:
    modes = list(MODES) if graph.chain and not _has_int_input(graph) else ["functional"]
    if graph.chain and _has_int_input(graph):
        modes = ["functional", "sequential_add", "sequential_list"]
    return st.builds(
        Style,
        imports=st.sampled_from(IMPORTS),
        mode=st.sampled_from(modes),
        constants=st.booleans(),
        keywords=st.booleans(),
        unpack=st.booleans(),
        input_kwarg=st.booleans() if not _has_int_input(graph) else st.just(False),
        predefine=st.booleans(),
    )


def _has_int_input(graph: Graph) -> bool:
    return any(n.layer is None and n.dtype for n in graph.nodes)


class _Names:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.used: set[str] = set()

    def header(self, kinds: set[str]) -> list[str]:
        imp = self.style.imports
        if imp == "tf":
            return ["import tensorflow as tf"]
        if imp == "tf_keras_module":
            return ["from tensorflow import keras"]
        if imp == "keras_layers":
            return ["import keras", "from keras import layers"]
        if imp == "from_keras_layers":
            first = [f"from keras.layers import {', '.join(sorted(kinds))}"] if kinds else []
            return first + ["from keras.models import Model, Sequential", "from keras import Input"]
        if imp == "tf_layers_alias":
            return ["from tensorflow.keras import layers as L", "from tensorflow.keras import Input, Model, Sequential"]
        return ["import keras.layers as KL", "from keras import Input, Model, Sequential"]

    def layer(self, kind: str) -> str:
        return {
            "tf": "tf.keras.layers.",
            "tf_keras_module": "keras.layers.",
            "keras_layers": "layers.",
            "from_keras_layers": "",
            "tf_layers_alias": "L.",
            "keras_layers_alias": "KL.",
        }[self.style.imports] + kind

    def top(self, name: str) -> str:  # Input, Model, Sequential
        return {
            "tf": "tf.keras.",
            "tf_keras_module": "keras.",
            "keras_layers": "keras.",
        }.get(self.style.imports, "") + name


def _kinds(value: Any, out: set[str]) -> None:
    if isinstance(value, LayerSpec):
        out.add(value.kind)
        for _, v in value.params:
            _kinds(v, out)
    elif isinstance(value, list):
        for v in value:
            _kinds(v, out)


class Renderer:
    def __init__(self, graph: Graph, style: Style) -> None:
        self.graph = graph
        self.style = style
        self.names = _Names(style)
        self.consts: list[str] = []
        self.tensor: dict[tuple[int, int], str] = {}
        self.ctor_line: dict[int, int] = {}  # node id -> line of its layer's constructor

    def const(self, hint: str, value: Any) -> str:
        if not self.style.constants or isinstance(value, bool) or value is None:
            return repr(value) if not isinstance(value, tuple) else self.tuple_(hint, value)
        if isinstance(value, int):
            name = f"{hint}_{len(self.consts)}"
            self.consts.append(f"{name} = {value}")
            return name
        if isinstance(value, tuple):
            return self.tuple_(hint, value)
        return repr(value)

    def tuple_(self, hint: str, value: tuple) -> str:
        items = [self.const(hint, v) if isinstance(v, int) and v != -1 else repr(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"

    def value(self, name: str, v: Any) -> str:
        if isinstance(v, LayerSpec):
            return self.call(v)
        if isinstance(v, list):
            return "[" + ", ".join(self.value(name, x) for x in v) + "]"
        return self.const(name, v)

    def call(self, spec: LayerSpec, extra: str = "") -> str:
        params = list(spec.params)
        pos = positional(spec.kind)
        parts: list[str] = []
        i = 0
        if not self.style.keywords:
            while i < len(params) and i < len(pos) and params[i][0] == pos[i]:
                parts.append(self.value(params[i][0], params[i][1]))
                i += 1
        parts += [f"{k}={self.value(k, v)}" for k, v in params[i:]]
        if extra:
            parts.append(extra)
        return f"{self.names.layer(spec.kind)}({', '.join(parts)})"

    def input_call(self, node: Node) -> str:
        shape = self.tuple_("n_steps" if len(node.shape or ()) > 1 else "n_features", node.shape or ())
        dtype = f", dtype={node.dtype!r}" if node.dtype else ""
        if node.batch is not None:
            dtype += f", batch_size={self.const('batch', node.batch)}"
        return f"{self.names.top('Input')}(shape={shape}{dtype})"

    # ------------------------------------------------------------- modes
    def render(self) -> tuple[str, dict[int, int]]:
        kinds: set[str] = set()
        for n in self.graph.nodes:
            _kinds(n.layer, kinds)
        body: list[str | tuple[int, str]] = []
        if self.style.mode == "functional":
            body = self.functional()
        else:
            body = self.sequential()
        header = self.names.header(kinds) + [""]
        lines: list[str] = list(header)
        pre = self.consts + ([""] if self.consts else [])
        lines += pre
        where: dict[int, int] = {}
        for item in body:
            if isinstance(item, tuple) and len(item) == 3:  # (node id, "ctor", text)
                lines.append(item[2])
                self.ctor_line[item[0]] = len(lines)
            elif isinstance(item, tuple):
                node_id, text = item
                lines.append(text)
                where[node_id] = len(lines)
                self.ctor_line.setdefault(node_id, len(lines))
            else:
                lines.append(item)
        return "\n".join(lines) + "\n", where

    def functional(self) -> list:
        body: list = []
        shared = {n.shared_from for n in self.graph.nodes if n.shared_from is not None}
        for node in self.graph.nodes:
            if node.layer is None:
                name = f"inputs_{node.id}"
                body.append((node.id, f"{name} = {self.input_call(node)}"))
                self.tensor[(node.id, 0)] = name
                continue
            args = [self.tensor[(r.node, r.index)] for r in node.inputs]
            arg = ", ".join(args) if node.spread else "[" + ", ".join(args) + "]" if node.is_list else args[0]
            if node.shared_from is not None:  # the same layer object again
                expr = f"layer_{node.shared_from}({arg})"
            elif self.style.predefine or node.id in shared:
                body.append((node.id, "ctor", f"layer_{node.id} = {self.call(node.layer)}"))
                expr = f"layer_{node.id}({arg})"
            else:
                expr = f"{self.call(node.layer)}({arg})"
            if node.n_out == 1:
                name = f"x{node.id}"
                body.append((node.id, f"{name} = {expr}"))
                self.tensor[(node.id, 0)] = name
            elif self.style.unpack:
                names = [f"x{node.id}_{i}" for i in range(node.n_out)]
                body.append((node.id, f"{', '.join(names)} = {expr}"))
                for i, n in enumerate(names):
                    self.tensor[(node.id, i)] = n
            else:
                name = f"outs{node.id}"
                body.append((node.id, f"{name} = {expr}"))
                for i in range(node.n_out):
                    self.tensor[(node.id, i)] = f"{name}[{i}]"
        inputs = [self.tensor[(n.id, 0)] for n in self.graph.nodes if n.layer is None]
        outs = [self.tensor[(r.node, r.index)] for r in self.graph.outputs()] or inputs
        ins = inputs[0] if len(inputs) == 1 else "[" + ", ".join(inputs) + "]"
        body.append(f"model = {self.names.top('Model')}({ins}, [{', '.join(outs)}])")
        return body

    def sequential(self) -> list:
        nodes = self.graph.nodes
        first = nodes[0]
        layers = nodes[1:]
        in_kwarg = (
            self.style.input_kwarg
            and layers
            and first.dtype is None
            and first.batch is None
            and layers[0].layer is not None
            and takes_input_shape(layers[0].layer.kind)
        )
        items: list[tuple[int, str]] = []
        if not in_kwarg:
            items.append((first.id, self.input_call(first)))
        for k, node in enumerate(layers):
            assert node.layer is not None
            extra = ""
            if k == 0 and in_kwarg:
                extra = f"input_shape={self.tuple_('n_steps', first.shape or ())}"
            items.append((node.id, self.call(node.layer, extra)))
        seq = self.names.top("Sequential")
        if self.style.mode == "sequential_add":
            body: list = [f"model = {seq}()"]
            body += [(nid, f"model.add({text})") for nid, text in items]
            return body
        body = [f"model = {seq}("]
        body.append("    [")
        body += [(nid, f"        {text},") for nid, text in items]
        body += ["    ]", ")"]
        return body


def render(graph: Graph, style: Style) -> tuple[str, dict[int, int]]:
    return Renderer(graph, style).render()


def render_with_constructors(graph: Graph, style: Style) -> tuple[str, dict[int, int], dict[int, int]]:
    """Source, the line of each node's call, and the line of each node's layer constructor."""
    r = Renderer(graph, style)
    source, where = r.render()
    return source, where, r.ctor_line
