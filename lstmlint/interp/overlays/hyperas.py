"""What hyperas means: ``optim.minimize(model=create_model, data=data, ...)`` and its templates.

hyperas (0.4) never calls the two functions it is given. It writes a new program from their
source: the body of ``data`` without its last ``return``, then the body of ``model`` under a new
signature (``def keras_fmin_fnct(space):``), with each ``{{distribution(...)}}`` template replaced
by ``space['...']``, the value hyperopt draws for that trial. ``model``'s parameters are therefore
not bound by position: its body reads ``data``'s own variables by name, which hold what ``data``
returns. Followed here as the call ``model(**{name: value})`` for each name ``data`` returns
(``return x_train, y_train, x_test, y_test``) that is also one of ``model``'s parameters; the
others are unknown. ``minimize`` returns ``(best_run, best_model)``, the model being the
``"model"`` entry of the dictionary ``model`` returns; ``best_models`` returns a list of them
(unknown here). ``data_args`` are passed to ``data``.

A template ``{{choice([64, 128, 256])}}`` (a set of a set: Python itself would raise) is one value
per trial: when every choice is an int (a size), a named symbolic size shown as the template's
text, the same wherever that template is read; ``{{randint(n)}}`` too. A number drawn from a
distribution (``{{uniform(0, 1)}}``, ``{{quniform(12, 256, 4)}}``: floats in hyperopt) is a
named number, and ``int()`` of it a named size (``Dense(int(layer_1_size))``). A choice of
layers (``model.add({{choice([Dropout(0.5), Activation('linear')])}})``) is one of them per trial:
followed when every option builds the same shapes on any input (``interchangeable_layer``:
pass-throughs without weights), as the first. Anything else stays unknown.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.graph.model import Layer
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.keras import interchangeable_layer
from lstmlint.interp.values import NOT_FOLLOWED, Arg, FunctionValue, Scope, bind_arguments
from lstmlint.shapes import UNKNOWN, Sym, is_int
from lstmlint.source.imports import Ref

_PARAMS = (
    "model",
    "data",
    "algo",
    "max_evals",
    "trials",
    "functions",
    "rseed",
    "notebook_name",
    "verbose",
    "eval_space",
    "return_space",
    "keep_temp",
    "data_args",
)
_BEST_MODELS_PARAMS = ("nb_models", "model", "data", "algo", "max_evals", "trials", "functions", "rseed")


def returned_names(func: cst.FunctionDef) -> list[str] | None:
    """The names ``func``'s last top-level statement returns (``return a, b, c`` or
    ``return a``): the variables hyperas keeps when it drops that ``return``."""
    body = func.body
    if not isinstance(body, cst.IndentedBlock) or not body.body:
        return None
    last = body.body[-1]
    if not isinstance(last, cst.SimpleStatementLine) or len(last.body) != 1:
        return None
    ret = last.body[0]
    if not isinstance(ret, cst.Return) or ret.value is None:
        return None
    value = ret.value
    items = [el.value for el in value.elements] if isinstance(value, cst.Tuple) else [value]
    names = [item.value for item in items if isinstance(item, cst.Name)]
    return names if len(names) == len(items) else None


def _parameters(func: cst.FunctionDef) -> list[str]:
    params = func.params
    return [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]


# hyperopt's distributions of floats (``quniform`` rounds to a multiple of q, still a float)
_NUMBERS = frozenset(
    {"uniform", "quniform", "loguniform", "qloguniform", "normal", "qnormal", "lognormal", "qlognormal"}
)
_NUMBER = "hyperas-number"


class HyperasOverlay(Overlay):
    name = "hyperas"

    def builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        """``int({{quniform(12, 256, 4)}})``: one int per trial, a named size."""
        if name != "int" or len(pos) != 1 or kw:
            return NOT_FOLLOWED
        value = pos[0]
        if not isinstance(value, Sym) or not isinstance(value.key, tuple) or value.key[:2] != ("var", _NUMBER):
            return NOT_FOLLOWED
        return Sym(f"int({value.name})", ("hyperas-int", value.key[2]))

    def claims(self, qual: str) -> bool:
        # ``from hyperas import optim`` too: hyperas' own ``optim.py`` rewrites source text
        return qual in ("hyperas.optim", "hyperas.optim.minimize", "hyperas.optim.best_models")

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        if args is None or ref.qual not in ("hyperas.optim.minimize", "hyperas.optim.best_models"):
            return NOT_FOLLOWED
        best_models = ref.qual.endswith("best_models")
        bound = bind_arguments(_BEST_MODELS_PARAMS if best_models else _PARAMS, args)
        if bound is None:
            return NOT_FOLLOWED
        model_fn, data_fn = bound.get("model"), bound.get("data")
        if not isinstance(model_fn, FunctionValue) or not isinstance(data_fn, FunctionValue):
            return NOT_FOLLOWED
        extra = bound.get("data_args")
        data_args: list[Arg] | None = []
        if isinstance(extra, (tuple, list)) and self.ctx.known(extra):
            data_args = [Arg(None, v) for v in extra]
        elif extra is not None:
            data_args = None
        functions = self.ctx.functions
        # both run from this call: findings inside either are noted as made by it
        self.ctx.result.call_names.setdefault(
            node, f"`{data_fn.qualname}()`/`{model_fn.qualname}()` as hyperas runs them"
        )
        data = functions.call_function(data_fn, data_args, node, label=f"`{data_fn.qualname}()`")
        names = returned_names(data_fn.node) or []
        values: dict[str, Any] = {}
        if len(names) == 1:
            values = {names[0]: data}
        elif isinstance(data, tuple) and len(data) == len(names):
            values = dict(zip(names, data))
        given = [Arg(name, values[name]) for name in _parameters(model_fn.node) if name in values]
        result = functions.call_function(model_fn, given, node, label=f"`{model_fn.qualname}()`")
        if (
            best_models
            or bound.get("return_space") not in (None, False)
            or bound.get("eval_space") not in (None, False)
        ):
            return UNKNOWN
        model = result.get("model", UNKNOWN) if isinstance(result, dict) and self.ctx.known(result) else UNKNOWN
        return (UNKNOWN, model)

    def template(self, node: cst.BaseExpression, env: Scope) -> Any:
        """``{{choice([64, 128])}}``: a named size when every choice is an int; a number drawn
        from a distribution (``{{quniform(12, 256, 4)}}``) is a named number."""
        if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Name):
            return NOT_FOLLOWED
        if node.func.value in _NUMBERS:
            # any number (a ``"var"`` symbol, as an unknown value is), one per template
            return Sym(self.ctx.source(node), ("var", _NUMBER, id(node)))
        if node.func.value == "randint":
            return Sym(self.ctx.source(node), ("hyperas", id(node)))
        if node.func.value != "choice":
            return NOT_FOLLOWED
        if len(node.args) != 1 or node.args[0].keyword is not None or node.args[0].star:
            return NOT_FOLLOWED
        options = self.ctx.eval(node.args[0].value, env)
        if not isinstance(options, (list, tuple)) or not options or not self.ctx.known(options):
            return NOT_FOLLOWED
        if all(isinstance(v, Layer) for v in options):
            # ``model.add({{choice([Dropout(0.5), Activation('linear')])}})``: one per trial
            chosen = interchangeable_layer(list(options))
            return NOT_FOLLOWED if chosen is None else chosen
        if not all(is_int(v) for v in options):
            return NOT_FOLLOWED
        if len(set(options)) == 1:
            return options[0]
        text = self.ctx.source(node)
        return Sym(text, ("hyperas", id(node)))
