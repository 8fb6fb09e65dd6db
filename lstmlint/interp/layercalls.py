"""How a layer instance is called: which arguments are its inputs, which call keywords its
shape depends on, and the checks Keras leaves to run time (``initial_state`` widths)."""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.shapes import ShapeProblem, is_int

from lstmlint.layers import LayerConfig
from lstmlint.layers.recurrent import units_and_states
from lstmlint.graph.model import Application, Finding, InputNode, Layer, Tensor
from lstmlint.interp.values import Arg, ArrayValue

ATTENTION = frozenset({"Attention", "AdditiveAttention", "MultiHeadAttention"})
# call keywords that change what a layer returns
SHAPE_KWARGS = ("return_attention_scores",)


class LayerCallsMixin:
    def layer_call_args(self, layer: Layer, args: list[Arg]) -> tuple[Any, dict[str, Any]]:
        """(the input value, the call's keywords) of ``layer(...)``."""
        if layer.kind == "MultiHeadAttention":
            pos = [a.value for a in args if a.keyword is None]
            kw = {a.keyword: a.value for a in args if a.keyword is not None}
            query = pos[0] if pos else kw.pop("query", None)
            value = pos[1] if len(pos) > 1 else kw.pop("value", None)
            key = pos[2] if len(pos) > 2 else kw.pop("key", None)
            if query is None or value is None:
                return None, kw        # Keras needs both: not followed
            inputs = [query, value] + ([key] if key is not None else [])
            return inputs, kw
        first = self.as_tensor(args[0].value)
        return first, {a.keyword: a.value for a in args[1:] if a.keyword}

    def check_unpack(self, target: cst.BaseExpression, value: Any, n: int, starred: bool) -> bool:
        """``a, b = layer(x)`` where the layer returns one symbolic tensor, or a different number
        of tensors (``return_state``): Keras/Python raise on this line (LST209)."""
        problem = None
        if isinstance(value, Tensor) and not value.poisoned and _symbolic(value):
            producer = value.producer
            what = f"`{producer.layer.cfg.display}`" if isinstance(producer, Application) else "`Input`"
            problem = ShapeProblem(
                "LST209",
                f"cannot unpack one tensor into {n} names: {what} returns a single tensor {value.shape}",
                kind="unpack_single", data={"n": n, "tensor": value, "count": 1},
            )
        elif isinstance(value, list) and value and all(isinstance(t, Tensor) for t in value) and not starred:
            app = value[0].producer
            if (isinstance(app, Application) and app.outcome is not None and app.outcome.multi
                    and len(value) == len(app.outputs) and all(a is b for a, b in zip(value, app.outputs))
                    and len(value) != n):
                detail = f"its output and {len(value) - 1} state{'s' if len(value) != 2 else ''}" \
                    if app.layer.cfg.flag("return_state") is True else "its outputs"
                problem = ShapeProblem(
                    "LST209",
                    f"`{app.layer.cfg.display}` returns {len(value)} tensors ({detail}), unpacked into {n} names",
                    kind="unpack_count", data={"n": n, "count": len(value), "app": app},
                )
        if problem is None:
            return False
        self.result.findings.append(Finding(problem, target, severity="error", context=self.context))
        return True

    def as_tensor(self, value: Any) -> Any:
        """A NumPy array given to a layer or model: a tensor of the array's shape."""
        if isinstance(value, ArrayValue):
            from lstmlint.shapes import Shape

            shape = Shape(tuple(value.dims))
            return Tensor(shape, InputNode(shape, value.node, "array"))
        if isinstance(value, (list, tuple)) and any(isinstance(v, ArrayValue) for v in value):
            return type(value)(self.as_tensor(v) for v in value)
        return value

    def call_config(self, layer: Layer, kwargs: dict[str, Any]) -> LayerConfig:
        if layer.kind in ATTENTION and any(k in kwargs for k in SHAPE_KWARGS):
            from lstmlint.interp.interpreter import as_shape_value

            extra = {k: as_shape_value(kwargs[k]) for k in SHAPE_KWARGS if k in kwargs}
            return LayerConfig(layer.cfg.kind, {**layer.cfg.params, **extra})
        return layer.cfg

    def check_call(self, app: Application) -> list[ShapeProblem]:
        """Warnings Keras only raises when the model runs."""
        states = app.call_kwargs.get("initial_state")
        if states is None:
            return []
        return initial_state_problems(app, states)


def initial_state_problems(app: Application, states: Any) -> list[ShapeProblem]:
    cfg = app.layer.cfg
    if isinstance(states, Tensor):
        states = [states]
    if not isinstance(states, (list, tuple)) or not all(isinstance(s, Tensor) for s in states):
        return []
    if cfg.kind == "Bidirectional":
        fwd = cfg.get("layer")
        bwd = cfg.get("backward_layer") or fwd
        if not isinstance(fwd, LayerConfig) or not isinstance(bwd, LayerConfig) or len(states) % 2:
            return []
        half = len(states) // 2
        widths = [units_and_states(fwd)[0]] * half + [units_and_states(bwd)[0]] * half
    elif cfg.kind == "RNN" and not isinstance(cfg.get("cell"), LayerConfig):
        return []              # stacked cells: one state width per cell
    elif cfg.kind in ("LSTM", "GRU", "SimpleRNN", "RNN"):
        widths = [units_and_states(cfg)[0]] * len(states)
    else:
        return []
    out: list[ShapeProblem] = []
    for i, (state, units) in enumerate(zip(states, widths)):
        width = state.shape.last if state.shape.dims else None
        if is_int(width) and is_int(units) and width != units:
            out.append(ShapeProblem(
                "LST201",
                f"`{cfg.display}` has {units} units but initial state {i + 1} is {width} wide: "
                f"it builds, but fails when the model runs",
                kind="initial_state_width",
                expected=f"(batch, {units})",
                data={"index": i, "units": units, "width": width, "state": state},
            ))
    return out


def _symbolic(t: Tensor) -> bool:
    """Whether ``t`` is a symbolic Keras tensor: it comes from ``keras.Input`` / ``input_shape``
    (not from arrays, where Keras may run eagerly and a tensor can be iterated)."""
    for _ in range(10000):
        p = t.producer
        if isinstance(p, InputNode):
            return p.source in ("Input", "InputLayer", "input_shape", "batch_input_shape", "input_dim")
        if not isinstance(p, Application) or not p.inputs:
            return False
        t = p.inputs[0]
    return False
