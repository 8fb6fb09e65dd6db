"""The program's own classes, above all subclassed Keras models and layers.

``class M(keras.Model)`` (or ``layers.Layer``): creating an instance follows ``__init__``, which
stores layers on ``self``; calling the instance on a tensor follows ``call`` with that tensor,
and so does ``model.build((None, t, f))``. A Keras class whose ``call`` is never reached is
checked on its own after the module with an input whose shape is unknown (what does not
depend on the input is still checked). Other classes are followed the same way: attributes
set on ``self``, methods called with ``self`` bound, ``__call__``.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.shapes import UNKNOWN, Shape
from lstmlint.graph.model import InputNode, Layer, Model, Tensor, upstream
from lstmlint.source.imports import Ref, keras_path
from lstmlint.interp.values import (
    NOT_FOLLOWED,
    Arg,
    ArrayValue,
    BoundMethod,
    ClassValue,
    FunctionValue,
    ObjectValue,
    PartialValue,
    Scope,
    UserMethod,
)

KERAS_MODEL_BASES = frozenset({"Model", "Sequential", "Functional"})


def _keras_base(bases: list[Any]) -> str | None:
    for b in bases:
        if isinstance(b, ClassValue) and b.keras_base:
            return b.keras_base
        if isinstance(b, Ref):
            path = keras_path(b.qual)
            if not path:
                continue
            if path[-1] in KERAS_MODEL_BASES:
                return "Model"
            if path[-1] in ("Layer", "RNN") or "layers" in path:
                return "Layer"
    return None


class ClassesMixin:
    def stmt_ClassDef(self, stmt: cst.ClassDef, env: Scope) -> None:
        bases = [self.eval(a.value, env) for a in stmt.bases if a.keyword is None]
        scope = Scope(parent=env)
        self.exec_suite(stmt.body, scope)
        attrs = dict(scope)
        cls = ClassValue(stmt, attrs, bases, _keras_base(bases))
        for value in attrs.values():
            if isinstance(value, FunctionValue):
                value.qualname = f"{cls.name}.{value.node.name.value}"
        env[stmt.name.value] = cls
        self.classes.append(cls)

    # ------------------------------------------------------------ instances
    def instantiate(self, cls: ClassValue, args: list[Arg] | None, node: cst.CSTNode) -> ObjectValue:
        obj = ObjectValue(cls, {}, node)
        if cls.keras_base == "Model":
            obj.model = Model("subclassed", node)
            self.result.models.append(obj.model)
        self.instances.append(obj)
        try:
            init = cls.lookup("__init__")
        except KeyError:
            init = None
        if isinstance(init, FunctionValue):
            self.call_function(init, args, node, None, self_obj=obj, label=f"`{cls.name}.__init__()`")
        return obj

    def call_user_value(self, func: Any, args: list[Arg] | None, node: cst.Call, env: Scope) -> Any:
        if isinstance(func, ClassValue):
            return self.instantiate(func, args, node)
        if isinstance(func, UserMethod):
            return self.call_function(func.func, args, node, env, self_obj=func.obj)
        if isinstance(func, ObjectValue):
            return self.call_object(func, args, node)
        if isinstance(func, PartialValue):
            return self.call(func.func, None if args is None else func.args + args, node, env)
        return NOT_FOLLOWED

    def call_object(self, obj: ObjectValue, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        """``model(x)`` / ``layer(x)`` on an instance: follow ``call`` (Keras) or ``__call__``."""
        cls = obj.cls
        name = "call" if cls.keras_base else "__call__"
        try:
            method = cls.lookup(name)
        except KeyError:
            method = None
        if not isinstance(method, FunctionValue):
            why = f"`{cls.name}` has no `{name}` the analysis can follow"
            for a in args or ():
                self.lose_value(a.value, node, why)
            tensor_in = any(isinstance(a.value, Tensor) for a in args or ())
            return Tensor.unknown(lost=(node, why)) if tensor_in else UNKNOWN
        obj.called = True
        if cls.keras_base and args:
            args = [Arg(a.keyword, self.as_tensor(a.value)) for a in args]
        out = self.call_function(method, args, node, None, self_obj=obj, label=f"`{cls.name}.{name}()`")
        if obj.model is not None and args:
            first = args[0].value
            model = obj.model
            if not model.inputs and isinstance(first, Tensor):
                model.inputs = [first]
            outs = [out] if isinstance(out, Tensor) else [t for t in out if isinstance(t, Tensor)] \
                if isinstance(out, (list, tuple)) else []
            if not model.outputs:
                model.outputs = outs
                model.applications = upstream(outs)
                if not outs:
                    model.lost.append((node, f"`{cls.name}.call()` returns something the analysis does not follow"))
        if out is UNKNOWN and args and any(isinstance(a.value, Tensor) for a in args):
            return Tensor.unknown(lost=(node, f"the result of `{cls.name}.{name}()` is not followed"))
        return out

    def build_object(self, obj: ObjectValue, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        """``model.build((None, t, f))``: follow ``call`` on an input of that shape."""
        if not args:
            return None
        shape_value = args[0].value
        if isinstance(shape_value, (tuple, list)):
            from lstmlint.interp.interpreter import dim_of

            shape = Shape(tuple(dim_of(d) for d in shape_value))
        else:
            shape = Shape(None)
        x = Tensor(shape, InputNode(shape, node, "build"))
        if not obj.called:
            self.call_object(obj, [Arg(None, x)], node)
        return None

    # ------------------------------------------------------------ attributes
    def attribute_of(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        if isinstance(base, ObjectValue):
            if attr in base.attrs:
                return base.attrs[attr]
            try:
                value = base.cls.lookup(attr)
            except KeyError:
                if base.cls.keras_base:
                    return BoundMethod(base, attr)   # Keras' own methods: fit, compile, build, ...
                return UNKNOWN
            if isinstance(value, FunctionValue):
                names = {self._decorator_name(d) for d in value.node.decorators}
                if "property" in names:
                    return self.call_function(value, [], node, None, self_obj=base)
                if "staticmethod" in names:
                    return value
                return UserMethod(value, base)
            return value
        if isinstance(base, ClassValue):
            try:
                return base.lookup(attr)
            except KeyError:
                return UNKNOWN
        if isinstance(base, ArrayValue):
            return self.array_attribute(base, attr, node)
        if isinstance(base, dict):
            return BoundMethod(base, attr)
        return NOT_FOLLOWED

    def set_attribute(self, target: cst.BaseExpression, value: Any, env: Scope) -> bool:
        if isinstance(target, cst.Subscript):
            return self.set_item(target, value, env)
        if not isinstance(target, cst.Attribute):
            return False
        base = self.eval(target.value, env)
        if isinstance(base, ArrayValue):
            self.forget_array(base, target)
            return True
        if not isinstance(base, ObjectValue):
            return False
        name = target.attr.value
        if isinstance(value, Layer) and value.var is None:
            value.var = name
        base.attrs[name] = value
        return True

    # --------------------------------------------------------- standalone
    def check_classes_standalone(self) -> None:
        """Keras classes whose ``call`` nobody reached: call it on an input of unknown shape."""
        symbolic = Tensor(Shape(None))
        for obj in list(self.instances):
            if obj.cls.keras_base and not obj.called:
                self.result.call_names[obj.cls.node] = f"`{obj.cls.name}.call()`, checked with an input of unknown shape"
                self.call_object(obj, [Arg(None, symbolic)], obj.cls.node)
        instantiated = {id(o.cls) for o in self.instances}
        for cls in list(self.classes):
            if not cls.keras_base or id(cls) in instantiated:
                continue
            self.result.call_names[cls.node] = f"`{cls.name}`, checked on its own with symbolic arguments"
            obj = self.instantiate(cls, [], cls.node)
            self.call_object(obj, [Arg(None, symbolic)], cls.node)
