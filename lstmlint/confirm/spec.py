"""lstmlint's extracted layer graph, as plain JSON the ``--confirm`` worker can rebuild in Keras.

Only what the analysis extracted travels: layer kinds, their evaluated arguments, which tensor
feeds which layer, and the input shapes. Nothing of the user's file is imported or executed.

Symbolic sizes (``Sym``: ``n_steps``, ``X.shape[1]``, ``2 * units``) get concrete stand-in
values, the same value for the same symbol, so that Keras can build the graph; the stand-ins
are reported with the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from lstmlint.graph.model import Analysis, Application, InputNode, Model, Tensor
from lstmlint.graph.walk import downstream, upstream
from lstmlint.layers import LayerConfig
from lstmlint.layers.spec import INPUT_KWARGS, may_rebuild, spec_for, traits_of
from lstmlint.shapes import UNKNOWN, Shape, Sym, is_int
from lstmlint.source.keras_target import KerasVersion

# distinct sizes, divisible by small factors, large enough for typical kernels and pools
STANDIN_VALUES = (24, 20, 28, 18, 30, 36, 16, 40, 12, 42, 48, 32, 54, 60, 64, 72)

# keyword arguments that declare a Sequential model's input (``layers.spec.INPUT_KWARGS``) are
# left out of the layer: the input is rebuilt separately

# arguments that never change a layer's output shape: dropped when their value is not known
_SHAPE_IRRELEVANT = frozenset(
    {
        "activation",
        "recurrent_activation",
        "name",
        "dtype",
        "trainable",
        "dropout",
        "recurrent_dropout",
        "rate",
        "seed",
        "use_bias",
        "unit_forget_bias",
        "implementation",
        "stddev",
        "mask_value",
        "momentum",
        "epsilon",
        "center",
        "scale",
        "weights",
        "l1",
        "l2",
        "alpha",
        "negative_slope",
        "max_value",
        "threshold",
        "mask_zero",
        "reset_after",
        "use_cudnn",
        "unroll",
        "stateful",
        "go_backwards",
        "noise_shape",
        "synchronized",
        "lora_rank",
        "lora_alpha",
        "sparse",
        "autocast",
        "axis_name",
        "renorm",
    }
)
_SHAPE_IRRELEVANT_SUFFIXES = ("_initializer", "_regularizer", "_constraint")
_OPS = {"+", "-", "*", "//", "%"}
# arguments that are sizes: only these may hold a symbolic size (given a stand-in value)
_SIZE_PARAMS = frozenset(
    {
        "units",
        "filters",
        "kernel_size",
        "strides",
        "pool_size",
        "n",
        "target_shape",
        "dims",
        "input_dim",
        "output_dim",
        "size",
        "padding",
        "cropping",
        "dilation_rate",
        "axis",
        "axes",
        "input_shape",
        "batch_input_shape",
        "batch_size",
        "input_length",
    }
)


class NotRebuildable(Exception):
    """A part of the graph that cannot be handed to Keras, with the reason."""


class StandIns:
    """Concrete values for symbolic sizes: one value per symbol, reported by name."""

    def __init__(self) -> None:
        self.values: dict[object, int] = {}
        self.names: dict[object, str] = {}
        self.used = 0  # how many symbolic sizes were given a stand-in value

    def _leaf(self, key: object, name: str) -> int:
        if key not in self.values:
            self.values[key] = STANDIN_VALUES[len(self.values) % len(STANDIN_VALUES)] + 2 * (
                len(self.values) // len(STANDIN_VALUES)
            )
            self.names[key] = name
        return self.values[key]

    def _eval(self, key: object, name: str) -> Any:
        if key is None:
            return None
        if is_int(key):
            return key
        if isinstance(key, tuple) and len(key) == 3 and key[0] in _OPS:
            a, b = self._eval(key[1], "?"), self._eval(key[2], "?")
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            if a is None or b is None:
                return None
            op = key[0]
            if op in ("//", "%") and b == 0:
                return UNKNOWN
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return a // b if op == "//" else a % b
        if isinstance(key, tuple) and len(key) >= 2 and isinstance(key[1], str):
            return self._leaf(key, key[1])
        return self._leaf(key, name)

    def dim(self, d: Any) -> Any:
        """An int, None, or UNKNOWN (never a Sym)."""
        if d is None or is_int(d):
            return d
        if isinstance(d, Sym):
            self.used += 1
            return self._eval(d.key, d.name)
        return UNKNOWN

    def describe(self) -> list[str]:
        return [f"{self.names[k]}={v}" for k, v in self.values.items()]


def concrete_shape(shape: Shape, standins: StandIns) -> list[Any] | None:
    """JSON dims (ints, None for undefined, "?" for unknown) or None when the rank is unknown."""
    if shape.dims is None:
        return None
    out: list[Any] = []
    for d in shape.dims:
        v = standins.dim(d)
        out.append("?" if v is UNKNOWN else v)
    return out


def lint_outputs(app: Application) -> tuple[Shape, ...] | None:
    """The output shapes lstmlint gives an application (its recovered ones when it failed)."""
    if app.outcome is not None and app.outcome.outputs is not None:
        return tuple(app.outcome.outputs)
    if app.problem is not None and app.problem.recovered is not None:
        return app.problem.recovered.outputs
    return None


def _irrelevant(name: str) -> bool:
    return name in _SHAPE_IRRELEVANT or name.endswith(_SHAPE_IRRELEVANT_SUFFIXES)


# the only strings handed to Keras: option words (``"same"``, ``"relu"``, ``"concat"``), never a
# path, a module path or anything Keras would look up beyond its own names
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _value(v: Any, standins: StandIns, what: str, size: bool = True, keras: str = "3") -> Any:
    if isinstance(v, str):
        if not _WORD.fullmatch(v):
            raise NotRebuildable(f"{what} is a string --confirm does not hand to Keras")
        return v
    if v is None or isinstance(v, (bool, float)) or is_int(v):
        return v
    if isinstance(v, Sym):
        if not size:
            raise NotRebuildable(f"{what} is not known statically")
        c = standins.dim(v)
        if c is UNKNOWN:
            raise NotRebuildable(f"{what} is not known statically")
        return c
    if isinstance(v, tuple):
        return {"__tuple__": [_value(x, standins, what, size, keras) for x in v]}
    if isinstance(v, list):
        return [_value(x, standins, what, size, keras) for x in v]
    if isinstance(v, LayerConfig):
        return {"__layer__": layer_spec(v, standins, keras=keras)}
    raise NotRebuildable(f"{what} is not known statically")


def _owns(kind: str, keyword: str) -> bool:
    """Whether ``keyword`` is the layer's own parameter (``Embedding``'s ``input_dim`` is not an input shape)."""
    spec = spec_for(kind)
    return spec is not None and spec.owns(keyword)


def _spread(kind: str) -> bool:
    """Layers called with several tensors as arguments, kept as a list: ``mha(query, value, key)``."""
    return traits_of(kind).spread_call


def _extra_positional(app: Application) -> bool:
    """Whether the layer was called with more than one positional argument (``lstm(x, mask)``):
    the analysis follows the first only, so the call cannot be rebuilt faithfully."""
    node = app.node
    if _spread(app.layer.cfg.kind) or not isinstance(node, cst.Call) or node is app.layer.node:
        return False
    positional = [a for a in node.args if a.keyword is None]
    return len(positional) > 1 or any(a.star for a in node.args)


def layer_spec(
    cfg: LayerConfig, standins: StandIns, *, keep_input_kwargs: bool = False, keras: str = "3"
) -> dict[str, Any]:
    """``{"kind": <class name>, "params": {...}}`` (with ``"dropped"``: arguments left out because
    their value is not known); raises NotRebuildable. Only layers and arguments the layer
    registry allows (``LayerSpec.may_rebuild``) are ever handed to Keras. ``keras``: the Keras the
    job is rebuilt with ("2": tf_keras)."""
    if not may_rebuild(cfg.kind):
        raise NotRebuildable(
            f"`{cfg.kind}` is not a layer --confirm builds in Keras (it builds pure shape-computing layers only)"
        )
    if cfg.params.get("__opaque__"):
        raise NotRebuildable(f"the arguments of `{cfg.kind}` are not followed")
    params: dict[str, Any] = {}
    dropped: list[str] = []
    for k, v in cfg.params.items():
        if not k.startswith("__") and not may_rebuild(cfg.kind, k):
            if k == "name" or (v is UNKNOWN and _irrelevant(k)):
                dropped += _required(cfg, k)
                continue
            raise NotRebuildable(f"argument `{k}` of `{cfg.display}` is not one --confirm hands to Keras")
        if k == "name":
            continue  # a name never changes a shape
        if k.startswith("__arg"):
            raise NotRebuildable(f"`{cfg.kind}` gets more positional arguments than lstmlint follows")
        if k.startswith("__"):
            continue  # the analysis' own markers (e.g. arguments Keras refuses): not arguments
        if k in INPUT_KWARGS and not keep_input_kwargs and not _owns(cfg.kind, k):
            continue
        if v is UNKNOWN:
            if _irrelevant(k):
                dropped += _required(cfg, k)
                continue
            raise NotRebuildable(f"argument `{k}` of `{cfg.display}` is not known statically")
        if keras == "2" and not _keras2_accepts(cfg.kind, k):
            # the registry names positional parameters as Keras 3 does (`LeakyReLU(0.2)` binds
            # `negative_slope`, Keras 2's `alpha`): handing Keras 2 that name would make it refuse
            # a layer the user's code builds, a false claim
            raise NotRebuildable(
                f"argument `{k}` of `{cfg.display}` is not a Keras 2 argument name (lstmlint knows its Keras 3 name)"
            )
        try:
            params[k] = _value(v, standins, f"argument `{k}` of `{cfg.display}`", size=k in _SIZE_PARAMS, keras=keras)
        except NotRebuildable:
            if _irrelevant(k):
                dropped += _required(cfg, k)
                continue
            raise
    out: dict[str, Any] = {"kind": cfg.kind, "params": params}
    if dropped:
        out["dropped"] = dropped
    return out


def _keras2_accepts(kind: str, keyword: str) -> bool:
    """Whether Keras 2 (tf_keras) accepts the positional parameter ``keyword`` of ``kind`` by that
    name (True for a keyword that is not positional, or when not recorded)."""
    spec = spec_for(kind)
    return spec is None or keyword not in spec.params or spec.accepts(keyword, KerasVersion.KERAS2) is not False


def _required(cfg: LayerConfig, name: str) -> list[str]:
    """``name`` as a dropped argument that matters (``[...]``) when it is the layer's first
    positional parameter, which Keras requires (``Activation(activation)``, ``Dropout(rate)``);
    ``[]`` for one with a default, whose absence cannot change Keras' verdict on shapes."""
    spec = spec_for(cfg.kind)
    return [f"`{name}` of `{cfg.display}`"] if spec is not None and spec.params[:1] == (name,) else []


def dropped_arguments(spec: Any) -> list[str]:
    """Every argument a layer spec (and the layers nested in it) left out."""
    found: list[str] = []
    stack = [spec]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            found += v.get("dropped", []) if "kind" in v and "params" in v else []
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return sorted(set(found))


def allowed(specs: Any) -> dict[str, list[str]]:
    """The allow-list the worker enforces for a job: each layer class in ``specs`` (nested ones
    too) and the arguments it may receive, as the layer registry says."""
    allow: dict[str, set[str]] = {}
    stack = [specs]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if isinstance(v.get("kind"), str) and isinstance(v.get("params"), dict):
                kind = v["kind"]
                allow.setdefault(kind, set()).update(k for k in v["params"] if may_rebuild(kind, k))
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return {k: sorted(a) for k, a in sorted(allow.items())}


@dataclass
class Job:
    """One model (or the layers outside any model) to rebuild in Keras."""

    model: Model | None
    apps: list[Application]
    standins: StandIns
    spec: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None  # why nothing of it can be rebuilt


def model_apps(model: Model, analysis: Analysis) -> list[Application]:
    """The applications of ``model``, in execution order, including the ones that failed."""
    mine = {a.uid for a in upstream(model.outputs)} | {a.uid for a in model.applications}
    mine |= {a.uid for a in downstream(list(model.inputs), analysis.applications)}
    # inputs of the model reached only through its own applications' producers
    return [a for a in analysis.applications if a.uid in mine]


# the rebuilt inputs: a model input by its uid, a stand-in for a tensor by ("t", id)
Inputs = dict[object, dict[str, Any]]


def _ref(t: Tensor, inputs: Inputs, apps: set[int], standins: StandIns) -> Any:
    p = t.producer
    if isinstance(p, InputNode):
        if p.uid not in inputs:
            inputs[p.uid] = {"id": f"i{p.uid}", "shape": concrete_shape(p.shape, standins), "source": p.source}
        return f"i{p.uid}"
    if isinstance(p, Application) and p.uid in apps:
        return f"a{p.uid}:{t.index}"
    # made by something the rebuild does not cover (a slice, a branch, another model): when
    # lstmlint knows its shape, a Keras input of that shape stands in for it
    if not t.poisoned and t.shape.dims is not None and UNKNOWN not in t.shape.dims:
        key = ("t", id(t))
        if key not in inputs:
            inputs[key] = {"id": f"t{len(inputs)}", "shape": concrete_shape(t.shape, standins), "source": "stand-in"}
        return inputs[key]["id"]
    return None


def _kwarg(v: Any, inputs: Inputs, apps: set[int], standins: StandIns, what: str) -> Any:
    if isinstance(v, Tensor):
        r = _ref(v, inputs, apps, standins)
        if r is None:
            raise NotRebuildable(f"{what} is a tensor that is not followed")
        return {"__ref__": r}
    if isinstance(v, (list, tuple)) and any(isinstance(x, Tensor) for x in v):
        return [_kwarg(x, inputs, apps, standins, what) for x in v]
    return _value(v, standins, what)


def build_job(model: Model | None, apps: list[Application], line: Callable[[Any], int], keras: str = "3") -> Job:
    standins = StandIns()
    job = Job(model, apps, standins)
    inputs: Inputs = {}
    uids = {a.uid for a in apps}
    nodes = []
    if model is not None:
        for t in model.inputs:
            _ref(t, inputs, uids, standins)
    for app in apps:
        node: dict[str, Any] = {
            "id": app.uid,
            "layer": app.layer.uid,
            "line": line(app.node),
            "is_list": app.is_list,
            "spread": _spread(app.layer.cfg.kind) and app.is_list,
            "args": [_ref(t, inputs, uids, standins) for t in app.inputs],
            "kwargs": {},
            "skip": None,
        }
        outs = lint_outputs(app)
        node["lint"] = None if outs is None else [concrete_shape(s, standins) for s in outs]
        node["multi"] = (
            bool(app.outcome.multi)
            if app.outcome is not None
            else (bool(app.problem.recovered.multi) if app.problem is not None and app.problem.recovered else None)
        )
        used = job.standins.used
        symbolic_inputs = any(isinstance(d, Sym) for t in app.inputs for d in (t.shape.dims or ()))
        try:
            if _extra_positional(app):
                raise NotRebuildable(
                    f"`{app.layer.cfg.display}` is called with more positional arguments than lstmlint follows"
                )
            node["spec"] = layer_spec(app.layer.cfg, standins, keras=keras)
            for k, v in app.call_kwargs.items():
                node["kwargs"][k] = _kwarg(v, inputs, uids, standins, f"call argument `{k}`")
        except NotRebuildable as e:
            node["spec"] = None
            node["skip"] = str(e)
        # what makes Keras' verdict on this layer less than a verdict on the user's code:
        # arguments left out, and stand-in values for symbolic sizes (``session.py`` decides)
        node["dropped"] = dropped_arguments(node["spec"])
        node["symbolic"] = symbolic_inputs or job.standins.used > used
        nodes.append(node)
    for entry in inputs.values():
        shape = entry["shape"]
        if shape is None:
            entry["skip"] = "its rank is not known"
        elif any(d == "?" for d in shape):
            entry["skip"] = "a dimension is not known"
        elif any(is_int(d) and d <= 0 for d in shape):
            entry["skip"] = "a dimension is not positive with the stand-in values"
        else:
            entry["skip"] = None
    job.spec = {"inputs": list(inputs.values()), "nodes": nodes, "allow": allowed([n["spec"] for n in nodes])}
    if model is not None and not inputs:
        job.reason = (
            "the model declares no input shape" if model.kind == "sequential" else "its inputs are not followed"
        )
    elif not nodes:
        job.reason = "no layer of it was followed"
    elif inputs and all(e["skip"] for e in inputs.values()):
        job.reason = "its input shape is not known: " + "; ".join(sorted({e["skip"] for e in inputs.values()}))
    return job


def build_jobs(analysis: Analysis, line: Callable[[Any], int], keras: str = "3") -> list[Job]:
    """One job per model; layers outside every model form one more job; ``keras``: the Keras they
    are rebuilt with ("2": tf_keras)."""
    jobs: list[Job] = []
    covered: set[int] = set()
    for model in analysis.models:
        apps = model_apps(model, analysis)
        covered |= {a.uid for a in apps}
        jobs.append(build_job(model, apps, line, keras))
    rest = [a for a in analysis.applications if a.uid not in covered]
    if rest:
        jobs.append(build_job(None, rest, line, keras))
    return jobs
