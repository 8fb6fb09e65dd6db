"""What scikit-learn means: ``train_test_split``, and Keras' scikit-learn wrappers searched over.

``train_test_split`` keeps each array's shape but the first axis.

Keras 2's ``keras.wrappers.scikit_learn.KerasClassifier(build_fn, **sk_params)`` (also
``KerasRegressor``, and ``tf.keras.wrappers.scikit_learn`` up to TensorFlow 2.11) builds its model
only when it is fitted: ``fit(x, y)`` calls ``build_fn`` with the ``sk_params`` that are
``build_fn``'s parameters (its defaults for the others), then ``model.fit(x, y)`` with the other
``sk_params`` (``epochs``, ``batch_size``). ``GridSearchCV(estimator, param_grid)`` and
``RandomizedSearchCV(estimator, param_distributions)`` set each combination of the grid on a
clone of the wrapper before fitting it; ``cross_val_score``/``cross_validate``/
``cross_val_predict(estimator, X, y)`` fit it as it is. Followed here: each distinct
combination of the parameters ``build_fn`` takes (at most ``MAX_COMBINATIONS``; their
applications and models count once in the coverage figures, known only when known in every
combination), the model it returns then fitted with ``x`` (a cross-validation fold: any number of
rows). The classifier turns 1-D (or one-column) labels into class indices, and any wrapper
turns targets that are not 2-D into one-hot rows under a categorical loss, so only one-hot labels
(a regressor: 2-D targets) reach the model as they are; other labels are not followed.
``RandomizedSearchCV``'s distributions are followed when they are lists (a scipy distribution
is an unknown value of its parameter).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue, FunctionalModel, SequentialModel
from lstmlint.interp.values import NOT_FOLLOWED, Arg, BoundMethod, FunctionValue, ObjectValue, bind_arguments
from lstmlint.shapes import UNKNOWN, is_int
from lstmlint.source.imports import Ref, keras_path

MAX_COMBINATIONS = 8  # distinct model-building combinations followed per search
_WRAPPERS = {"KerasClassifier": True, "KerasRegressor": False}
_SEARCHES = {"GridSearchCV": "param_grid", "RandomizedSearchCV": "param_distributions"}
_CROSS = frozenset({"cross_val_score", "cross_validate", "cross_val_predict"})


@dataclass(eq=False, repr=False)
class KerasWrapperValue:
    """``KerasClassifier(build_fn, **sk_params)``: the function that builds the model and the
    parameters it was given."""

    build_fn: Any
    sk_params: dict[str, Any]
    classifier: bool


@dataclass(eq=False, repr=False)
class SearchValue:
    """``GridSearchCV(wrapper, param_grid)``: the wrapper and its grids (each a dict of name ->
    candidate values; None when not known)."""

    estimator: KerasWrapperValue
    grids: list[dict[str, list[Any]]] | None = field(default_factory=list)


def _parameters(func: cst.FunctionDef) -> list[str]:
    params = func.params
    return [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]


def _grids(value: Any) -> list[dict[str, list[Any]]] | None:
    """``param_grid`` (a dict of name -> list, or a list of such dicts); None when not known."""
    items = value if isinstance(value, (list, tuple)) else [value]
    out: list[dict[str, list[Any]]] = []
    for grid in items:
        if not isinstance(grid, dict) or not all(isinstance(k, str) for k in grid):
            return None
        entry: dict[str, list[Any]] = {}
        for name, candidates in grid.items():
            entry[name] = list(candidates) if isinstance(candidates, (list, tuple)) and candidates else [UNKNOWN]
        out.append(entry)
    return out


def _bind(params: tuple[str, ...], args: list[Arg]) -> dict[str, Any] | None:
    """The arguments of ``params`` by name (the other keywords left out); None when a
    positional argument cannot be placed."""
    return bind_arguments(params, [a for a in args if a.keyword is None or a.keyword in params])


def _fold(value: Any) -> Any:
    """What one cross-validation fold of ``value`` is: its rows, any number of them."""
    if isinstance(value, ArrayValue) and value.dims:
        return ArrayValue((UNKNOWN,) + tuple(value.dims[1:]), value.node)
    return UNKNOWN


class SklearnOverlay(Overlay):
    name = "sklearn"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        if args is None:
            return NOT_FOLLOWED
        qual = ref.qual
        path = keras_path(qual)
        if path is not None and len(path) >= 3 and path[-3:-1] == ("wrappers", "scikit_learn"):
            if path[-1] in _WRAPPERS:
                return self.wrapper(args, _WRAPPERS[path[-1]])
            return NOT_FOLLOWED
        if qual.endswith("model_selection.train_test_split"):
            return self.split(args, node)
        module, _, name = qual.rpartition(".")
        if not module.startswith("sklearn."):
            return NOT_FOLLOWED
        if name in _SEARCHES:
            bound = _bind(("estimator", _SEARCHES[name]), args)
            estimator = None if bound is None else bound.get("estimator")
            if bound is None or not isinstance(estimator, KerasWrapperValue):
                return NOT_FOLLOWED
            return SearchValue(estimator, _grids(bound.get(_SEARCHES[name])))
        if name in _CROSS:
            bound = _bind(("estimator", "X", "y"), args[:3])
            estimator = None if bound is None else bound.get("estimator")
            if bound is None or not isinstance(estimator, KerasWrapperValue):
                return NOT_FOLLOWED
            self.fit_wrapper(estimator, [{}], _fold(bound.get("X")), _fold(bound.get("y")), node)
            return UNKNOWN
        return NOT_FOLLOWED

    @staticmethod
    def split(args: list[Arg], node: cst.Call) -> Any:
        pos = [a.value for a in args if a.keyword is None]
        if not pos or not all(isinstance(p, ArrayValue) and p.dims for p in pos):
            return NOT_FOLLOWED
        out = []
        for p in pos:
            out += [ArrayValue((UNKNOWN,) + p.dims[1:], node), ArrayValue((UNKNOWN,) + p.dims[1:], node)]
        return out

    @staticmethod
    def wrapper(args: list[Arg], classifier: bool) -> Any:
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        if len(pos) > 1 or any(a.keyword is None and a is not args[0] for a in args):
            return NOT_FOLLOWED
        build_fn = pos[0] if pos else kw.pop("build_fn", None)
        if not isinstance(build_fn, FunctionValue):
            return NOT_FOLLOWED
        return KerasWrapperValue(build_fn, kw, classifier)

    # --------------------------------------------------------------- methods
    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        if isinstance(base, (KerasWrapperValue, SearchValue)):
            return BoundMethod(base, attr) if attr == "fit" else UNKNOWN
        return NOT_FOLLOWED

    def call_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        if not isinstance(obj, (KerasWrapperValue, SearchValue)):
            return NOT_FOLLOWED
        if name != "fit" or args is None:
            return UNKNOWN
        bound = _bind(("x", "y"), [Arg("x", a.value) if a.keyword == "X" else a for a in args[:2]])
        if bound is None:
            return UNKNOWN
        x, y = bound.get("x"), bound.get("y")
        if isinstance(obj, KerasWrapperValue):
            self.fit_wrapper(obj, [{}], x, y, node)
            return UNKNOWN
        if obj.grids is None:
            return UNKNOWN
        self.fit_wrapper(obj.estimator, obj.grids, _fold(x), _fold(y), node)
        return obj

    def fit_wrapper(
        self, wrapper: KerasWrapperValue, grids: list[dict[str, list[Any]]], x: Any, y: Any, node: cst.Call
    ) -> None:
        """Build the wrapper's model for each distinct combination of the grids' values of
        ``build_fn``'s parameters, and fit it with ``x`` (and ``y`` when it reaches the model)."""
        func = wrapper.build_fn
        assert isinstance(func, FunctionValue)
        params = _parameters(func.node)
        combinations: list[dict[str, Any]] = []
        for grid in grids:
            names = [n for n in grid if n in params]
            for values in itertools.product(*(grid[n] for n in names)):
                chosen = {n: v for n, v in wrapper.sk_params.items() if n in params} | dict(zip(names, values))
                if not any(self._same(chosen, c) for c in combinations):
                    combinations.append(chosen)
        if len(combinations) > MAX_COMBINATIONS:
            return  # not followed: the parameters a model is built with are not known
        target = y if self._reaches_model(wrapper, y) else UNKNOWN
        ctx = self.ctx
        ctx.result.call_names.setdefault(node, f"`{func.qualname}()` as the scikit-learn wrapper builds it")
        for chosen in combinations:
            marks = (len(ctx.result.applications), len(ctx.result.models))
            given = [Arg(name, value) for name, value in chosen.items()]
            model = ctx.functions.call_function(func, given, node, label=f"`{func.qualname}()`")
            followed = isinstance(model, (SequentialModel, FunctionalModel, ObjectValue))
            if followed and x is not None and x is not UNKNOWN:
                ctx.evaluator.call_method(BoundMethod(model, "fit"), [Arg(None, x), Arg(None, target)], node)
            if len(combinations) > 1:
                self._record_variants(node, marks)

    @staticmethod
    def _reaches_model(wrapper: KerasWrapperValue, y: Any) -> bool:
        """Whether ``y`` reaches ``model.fit`` as it is: 2-D targets of a regressor (other
        targets are one-hot encoded under a categorical loss); for a classifier, one-hot labels
        (2-D, more than one column: other labels become class indices)."""
        if not isinstance(y, ArrayValue) or len(y.dims) != 2:
            return False
        return not wrapper.classifier or (is_int(y.dims[1]) and y.dims[1] > 1)

    def _same(self, a: dict[str, Any], b: dict[str, Any]) -> bool:
        return a.keys() == b.keys() and all(self.ctx.flow.same_value(a[k], b[k]) for k in a)

    def _record_variants(self, node: cst.Call, marks: tuple[int, int]) -> None:
        """The combinations build the same layers at the same places: they count once in the
        coverage figures, known only when every combination knows them (``Analysis.variants``)."""
        result = self.ctx.result
        seen: dict[tuple[int, ...], int] = {}
        for app in result.applications[marks[0] :]:
            base = (20, id(node), id(app.node), *(id(n) for n in app.context if n is not node))
            seen[base] = seen.get(base, -1) + 1
            result.variants[app.uid] = (*base, seen[base])
        for model in result.models[marks[1] :]:
            base = (21, id(node), id(model.node))
            seen[base] = seen.get(base, -1) + 1
            result.variants[model.uid] = (*base, seen[base])
