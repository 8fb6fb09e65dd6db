"""What libraries mean, one module per library, registered in ``OVERLAYS``.

The evaluator knows Python only; when a value or an imported name belongs to a library it asks
the overlays, in the order of ``OVERLAYS``, and takes the first answer that is not
``NOT_FOLLOWED``. Adding a library is one module with an ``Overlay`` subclass and one entry here.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, TypeVar

import libcst as cst

from lstmlint.interp.overlays.art import ArtOverlay
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.hyperas import HyperasOverlay
from lstmlint.interp.overlays.keras import KerasOverlay
from lstmlint.interp.overlays.keras_datasets import KerasDatasetsOverlay
from lstmlint.interp.overlays.keras_ops import KerasOpsOverlay
from lstmlint.interp.overlays.numpy import NumpyOverlay
from lstmlint.interp.overlays.sklearn import SklearnOverlay
from lstmlint.interp.overlays.stdlib import StdlibOverlay
from lstmlint.interp.overlays.tf import TensorflowOverlay
from lstmlint.interp.overlays.tf_data import TfDataOverlay
from lstmlint.interp.overlays.versions import VersionsOverlay
from lstmlint.interp.values import NOT_FOLLOWED, Arg, ObjectValue, Scope
from lstmlint.shapes import UNKNOWN, Sym
from lstmlint.source.imports import Ref

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

# the one registry: library -> its overlay, asked in this order
OVERLAYS: dict[str, type[Overlay]] = {
    "keras": KerasOverlay,  # keras, tf.keras, tf_keras: layers, models, fit, ...
    "keras_datasets": KerasDatasetsOverlay,  # keras.datasets load_data, image_data_format
    "numpy": NumpyOverlay,  # arrays and their shapes
    "keras_ops": KerasOpsOverlay,  # keras.ops / keras.backend tensor functions
    "tf": TensorflowOverlay,  # tf.* tensor functions
    "tf_data": TfDataOverlay,  # tf.data datasets, timeseries_dataset_from_array
    "sklearn": SklearnOverlay,  # train_test_split, Keras 2 scikit-learn wrappers, GridSearchCV
    "art": ArtOverlay,  # the Adversarial Robustness Toolbox's dataset loaders
    "hyperas": HyperasOverlay,  # optim.minimize(model=, data=) and its {{templates}}
    "versions": VersionsOverlay,  # tf.__version__, packaging.version: decided by the Keras target
    "stdlib": StdlibOverlay,  # sets of constants, itertools.accumulate, operator.mul
}

HOOKS = (
    "attribute",
    "binop",
    "bound",
    "builtin",
    "call_method",
    "call_ref",
    "call_value",
    "check_operator",
    "check_unpack",
    "claims",
    "class_base",
    "finish",
    "finish_standalone",
    "forgotten",
    "instantiated",
    "join",
    "join_state",
    "lose_value",
    "mutable",
    "opaque_result",
    "passed_out",
    "restore_state",
    "same",
    "save_state",
    "set_attribute",
    "shaped",
    "stable",
    "star_name",
    "subscript",
    "template",
    "truth",
    "unpack",
)

OverlayT = TypeVar("OverlayT", bound=Overlay)

# Python's constants, the analysis' symbols and UNKNOWN: no library's value. The operator hooks
# (``check_operator``, ``binop``) of every overlay leave an operation on two of them alone
# (``tests/unit/test_speed10_eval.py`` asks them all), and most operations the analysis meets
# are such (sizes, strides, a layer's name built from a symbolic prefix)
_PLAIN = frozenset({int, float, str, bool, type(None), Sym, type(UNKNOWN)})


@functools.cache
def _overriding(classes: tuple[type[Overlay], ...]) -> dict[str, tuple[int, ...]]:
    """Per hook, the positions in ``classes`` of the overlay classes that override it: the same
    for every analysis, found once per process (asking 32 hooks of 11 classes per file is not free)."""
    return {
        hook: tuple(i for i, cls in enumerate(classes) if getattr(cls, hook) is not getattr(Overlay, hook))
        for hook in HOOKS
    }


class Overlays:
    """The overlays of one analysis, asked in registry order."""

    def __init__(self, ctx: Context) -> None:
        self.all: list[Overlay] = [cls(ctx) for cls in OVERLAYS.values()]
        self._by_type: dict[type[Overlay], Overlay] = {type(o): o for o in self.all}
        self.keras = self.get(KerasOverlay)
        # per hook, only the overlays that override it (a hook is asked thousands of times; the
        # yes/no hooks below loop over them rather than build an ``any()`` generator each time)
        overriding = _overriding(tuple(OVERLAYS.values()))
        self._hooks: dict[str, list[Overlay]] = {hook: [self.all[i] for i in at] for hook, at in overriding.items()}

    def get(self, kind: type[OverlayT]) -> OverlayT:
        found = self._by_type[kind]
        assert isinstance(found, kind)
        return found

    # first answer wins
    def star_name(self, module: str, name: str) -> Any:
        for o in self._hooks["star_name"]:
            found = o.star_name(module, name)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        for o in self._hooks["call_ref"]:
            found = o.call_ref(ref, args, node)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def claims(self, qual: str) -> bool:
        for o in self._hooks["claims"]:
            if o.claims(qual):
                return True
        return False

    def template(self, node: cst.BaseExpression, env: Scope) -> Any:
        for o in self._hooks["template"]:
            found = o.template(node, env)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        for o in self._hooks["builtin"]:
            found = o.builtin(name, pos, kw)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def call_value(self, func: Any, args: list[Arg] | None, node: cst.Call, env: Scope) -> Any:
        for o in self._hooks["call_value"]:
            found = o.call_value(func, args, node, env)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def call_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        for o in self._hooks["call_method"]:
            found = o.call_method(obj, name, args, node)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def opaque_result(self, args: list[Arg] | None, node: cst.CSTNode, why: str, report: bool = True) -> Any:
        for o in self._hooks["opaque_result"]:
            found = o.opaque_result(args, node, why, report)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        for o in self._hooks["attribute"]:
            found = o.attribute(base, attr, node)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def subscript(self, base: Any, node: cst.Subscript, env: Scope) -> Any:
        for o in self._hooks["subscript"]:
            found = o.subscript(base, node, env)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def set_attribute(self, base: Any, target: cst.Attribute, value: Any) -> bool:
        for o in self._hooks["set_attribute"]:
            if o.set_attribute(base, target, value):
                return True
        return False

    def binop(self, op: str, left: Any, right: Any, node: cst.CSTNode | None = None) -> Any:
        if type(left) in _PLAIN and type(right) in _PLAIN:
            return NOT_FOLLOWED  # ``filters * 2``: no library's value, no overlay checks or answers
        if node is not None:
            for o in self._hooks["check_operator"]:
                o.check_operator(op, left, right, node)
        for o in self._hooks["binop"]:
            found = o.binop(op, left, right)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def bound(self, name: str, value: Any, attribute: bool = False) -> None:
        for o in self._hooks["bound"]:
            o.bound(name, value, attribute)

    def truth(self, value: Any) -> Any:
        for o in self._hooks["truth"]:
            found = o.truth(value)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def same(self, a: Any, b: Any) -> bool:
        for o in self._hooks["same"]:
            if o.same(a, b):
                return True
        return False

    def shaped(self, value: Any) -> bool:
        for o in self._hooks["shaped"]:
            if o.shaped(value):
                return True
        return False

    def stable(self, value: Any) -> bool:
        for o in self._hooks["stable"]:
            if o.stable(value):
                return True
        return False

    def unpack(self, value: Any, n: int) -> Any:
        for o in self._hooks["unpack"]:
            found = o.unpack(value, n)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def check_unpack(self, target: cst.BaseExpression, value: Any, n: int, starred: bool) -> bool:
        for o in self._hooks["check_unpack"]:
            if o.check_unpack(target, value, n, starred):
                return True
        return False

    def lose_value(self, value: Any, node: cst.CSTNode | None, why: str) -> bool:
        for o in self._hooks["lose_value"]:
            if o.lose_value(value, node, why):
                return True
        return False

    def passed_out(self, value: Any, node: cst.CSTNode, why: str) -> bool:
        for o in self._hooks["passed_out"]:
            if o.passed_out(value, node, why):
                return True
        return False

    def forgotten(self, before: Any, name: str, node: cst.CSTNode, why: str) -> Any:
        for o in self._hooks["forgotten"]:
            found = o.forgotten(before, name, node, why)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def join(self, values: list[Any], node: cst.CSTNode | None, why: str) -> Any:
        for o in self._hooks["join"]:
            found = o.join(values, node, why)
            if found is not NOT_FOLLOWED:
                return found
        return NOT_FOLLOWED

    def mutable(self, value: Any) -> bool:
        for o in self._hooks["mutable"]:
            if o.mutable(value):
                return True
        return False

    def save_state(self, obj: Any) -> tuple[Any, ...] | None:
        for o in self._hooks["save_state"]:
            found = o.save_state(obj)
            if found is not None:
                return found
        return None

    def restore_state(self, obj: Any, state: tuple[Any, ...]) -> None:
        for o in self._hooks["restore_state"]:
            if o.restore_state(obj, state):
                return

    def join_state(self, obj: Any, states: list[tuple[Any, ...]], node: cst.CSTNode, why: str) -> None:
        for o in self._hooks["join_state"]:
            if o.join_state(obj, states, node, why):
                return

    def class_base(self, bases: list[Any]) -> str | None:
        for o in self._hooks["class_base"]:
            found = o.class_base(bases)
            if found is not None:
                return found
        return None

    def instantiated(self, obj: ObjectValue, args: list[Arg] | None = None) -> None:
        for o in self._hooks["instantiated"]:
            o.instantiated(obj, args)

    def finish_standalone(self) -> None:
        for o in self._hooks["finish_standalone"]:
            o.finish_standalone()

    def finish(self) -> None:
        for o in self._hooks["finish"]:
            o.finish()


__all__ = ["OVERLAYS", "Overlay", "Overlays"]
