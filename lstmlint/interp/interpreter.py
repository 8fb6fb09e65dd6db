"""An abstract interpreter over a libcst module that rebuilds the Keras models it builds.

Values are plain Python constants (ints, strings, tuples, lists), ``Sym`` for sizes that are
not known statically, ``UNKNOWN`` for anything the analysis does not follow, and the graph
objects of ``graph.py`` (layers, tensors, models). Nothing of the user's code is executed:
the interpreter only folds constants and follows Keras calls.

Where the interpreter cannot follow the code it forgets what it knew (``havoc``): shapes
become unknown, never wrong. That is what keeps the linter free of false alarms.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

import libcst as cst

from lstmlint.shapes import UNKNOWN, UNKNOWN_SHAPE, Outcome, Shape, ShapeProblem, Sym, is_int

from lstmlint.layers import FUNCTIONAL_MERGES, LAYERS, OPAQUE_LAYERS, LayerConfig
from lstmlint.shapes.dims import arith
from lstmlint.interp.classes import ClassesMixin
from lstmlint.interp.control import ControlMixin
from lstmlint.interp.data import DataMixin
from lstmlint.interp.functions import FunctionsMixin
from lstmlint.layers.arguments import validate as validate_arguments
from lstmlint.graph.model import Analysis, Application, Finding, InputNode, Layer, Model, Tensor
from lstmlint.source.imports import Ref, bind_import, bind_import_from, keras_name, keras_path
from lstmlint.interp.layercalls import LayerCallsMixin

_BINOPS: dict[type, str] = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.FloorDivide: "//",
    cst.Divide: "/",
    cst.Modulo: "%",
}
_AUGOPS: dict[type, str] = {
    cst.AddAssign: "+",
    cst.SubtractAssign: "-",
    cst.MultiplyAssign: "*",
    cst.FloorDivideAssign: "//",
    cst.DivideAssign: "/",
    cst.ModuloAssign: "%",
}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    cst.LessThan: lambda a, b: a < b,
    cst.LessThanEqual: lambda a, b: a <= b,
    cst.GreaterThan: lambda a, b: a > b,
    cst.GreaterThanEqual: lambda a, b: a >= b,
    cst.Equal: lambda a, b: a == b,
    cst.NotEqual: lambda a, b: a != b,
}
# keyword arguments a first Sequential layer may carry to declare the model's input
INPUT_KWARGS = ("input_shape", "batch_input_shape", "input_dim")


from lstmlint.interp.values import (  # noqa: E402,F401  (re-exported: other modules import them from here)
    NOT_FOLLOWED,
    Arg,
    ArrayValue,
    BoundMethod,
    FunctionalModel,
    FunctionValue,
    ObjectValue,
    PathEnd,
    Scope,
    SequentialModel,
    ShapeOf,
    Unfollowable,
)


def as_shape_value(v: Any) -> Any:
    """Convert an interpreter value into what the shape rules take as a layer argument."""
    if isinstance(v, Layer):
        return v.cfg
    if isinstance(v, (list, tuple)):
        return type(v)(as_shape_value(x) for x in v)
    if v is None or isinstance(v, (bool, int, str, Sym)):
        return v
    if isinstance(v, float):
        return v
    return UNKNOWN


def dim_of(v: Any) -> Any:
    if v is None or isinstance(v, Sym) or (is_int(v)):
        return v
    return UNKNOWN


def shape_from(value: Any, batch: Any = None) -> Shape:
    """``shape=(20, 6)`` -> (batch, 20, 6); a scalar -> (batch, n); anything else unknown."""
    if is_int(value) or isinstance(value, Sym):
        return Shape((batch, value))
    if isinstance(value, (tuple, list)):
        return Shape((batch,) + tuple(dim_of(d) for d in value))
    return UNKNOWN_SHAPE


class Interpreter(ControlMixin, FunctionsMixin, ClassesMixin, DataMixin, LayerCallsMixin):
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.globals = Scope()
        self.star_modules: list[str] = []
        self.result = Analysis()
        self.context: tuple[cst.CSTNode, ...] = ()
        self.init_followers()

    # ------------------------------------------------------------------ driver
    def run(self) -> Analysis:
        self.globals["__name__"] = "__main__"
        try:
            self.exec_block(self.module.body, self.globals)
        except (PathEnd, Unfollowable):
            pass  # a module-level ``raise``/``sys.exit`` path: nothing after it runs
        self.check_standalone()
        self._finish_models()
        return self.result

    def _finish_models(self) -> None:
        for model in self.result.models:
            if not model.applications:
                from lstmlint.graph.model import upstream

                model.applications = upstream(model.outputs)

    def lose(self, node: cst.CSTNode | None, why: str) -> None:
        self.result.lost.append((node, why))

    def source(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node).strip()

    # -------------------------------------------------------------- statements
    def exec_block(self, body: Iterable[cst.CSTNode], env: Scope) -> None:
        for stmt in body:
            self.exec_stmt(stmt, env)

    def exec_stmt(self, stmt: cst.CSTNode, env: Scope) -> None:
        self.tick(stmt, env)
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.exec_small(small, env)
            return
        handler = getattr(self, f"stmt_{type(stmt).__name__}", None)
        if handler is not None:
            handler(stmt, env)
        else:
            self.havoc(stmt, env, f"`{type(stmt).__name__.lower()}` statement not followed")

    def exec_small(self, small: cst.CSTNode, env: Scope) -> None:
        if isinstance(small, cst.Assign):
            value = self.eval(small.value, env)
            for target in small.targets:
                self.assign(target.target, value, env)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self.assign(small.target, self.eval(small.value, env), env)
        elif isinstance(small, cst.AugAssign):
            op = _AUGOPS.get(type(small.operator))
            current = self.eval(small.target, env)
            value = self.eval(small.value, env)
            result = self.binop(op, current, value) if op else UNKNOWN
            self.assign(small.target, result, env)
        elif isinstance(small, cst.Expr):
            self.eval(small.value, env)
        elif isinstance(small, cst.Import):
            bind_import(small, env)
        elif isinstance(small, cst.ImportFrom):
            bind_import_from(small, env, self.star_modules)
        elif isinstance(small, cst.Del):
            for name in self.assigned_names(small):
                env.pop(name, None)
        else:
            self.exec_flow(small, env)  # return, raise, break, continue, global, ...

    def stmt_With(self, stmt: cst.With, env: Scope) -> None:
        for item in stmt.items:
            self.eval(item.item, env)
            if item.asname is not None:
                self.assign(item.asname.name, UNKNOWN, env)
        self.exec_block(stmt.body.body, env)

    def stmt_FunctionDef(self, stmt: cst.FunctionDef, env: Scope) -> None:
        env[stmt.name.value] = self.define_function(stmt, env)

    def havoc(self, stmt: cst.CSTNode, env: Scope, why: str) -> None:
        """Forget everything ``stmt`` may change: the names it binds and the models it touches."""
        self.lose(stmt, why)
        for name in self.assigned_names(stmt):
            before = env.get(name)
            env[name] = self.forgotten(before, name, stmt, why)
        for name in self.referenced_names(stmt):
            try:
                value = env.lookup(name)
            except KeyError:
                continue
            self.lose_value(value, stmt, why)
        self.forget_mutated(stmt, env, why)

    def lose_value(self, value: Any, node: cst.CSTNode | None, why: str) -> None:
        if isinstance(value, SequentialModel) and not value.lost:
            value.lost = True
            value.current = Tensor.unknown()
            value.model.lost.append((node, why))
            self.lose(node, why)
        elif isinstance(value, list):
            for v in value:
                self.lose_value(v, node, why)

    @staticmethod
    def assigned_names(node: cst.CSTNode) -> set[str]:
        names: set[str] = set()

        class V(cst.CSTVisitor):
            def visit_AssignTarget(self, n: cst.AssignTarget) -> None:
                names.update(_target_names(n.target))

            def visit_AnnAssign(self, n: cst.AnnAssign) -> None:
                names.update(_target_names(n.target))

            def visit_AugAssign(self, n: cst.AugAssign) -> None:
                names.update(_target_names(n.target))

            def visit_For(self, n: cst.For) -> None:
                names.update(_target_names(n.target))

            def visit_CompFor(self, n: cst.CompFor) -> bool:
                return False

            def visit_AsName(self, n: cst.AsName) -> None:
                names.update(_target_names(n.name))

            def visit_NamedExpr(self, n: cst.NamedExpr) -> None:
                names.update(_target_names(n.target))

            def visit_FunctionDef(self, n: cst.FunctionDef) -> bool:
                names.add(n.name.value)
                return False

            def visit_ClassDef(self, n: cst.ClassDef) -> bool:
                names.add(n.name.value)
                return False

            def visit_ImportAlias(self, n: cst.ImportAlias) -> None:
                if n.asname is None:
                    from lstmlint.source.imports import dotted

                    full = dotted(n.name)
                    if full:
                        names.add(full.split(".")[0])

            def visit_Del(self, n: cst.Del) -> None:
                names.update(_target_names(n.target))

        node.visit(V())
        return names

    def referenced_names(self, node: cst.CSTNode) -> set[str]:
        """Every identifier in ``node``'s text (a superset of the names it reads: also attribute
        names and keywords), cached per node; much cheaper than a libcst visitor."""
        cache = self.__dict__.setdefault("_names_cache", {})
        names = cache.get(id(node))
        if names is None:
            names = cache[id(node)] = set(_IDENTIFIER.findall(self.module.code_for_node(node)))
        return names

    # -------------------------------------------------------------- assignment
    def assign(self, target: cst.BaseExpression, value: Any, env: Scope) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, value, env)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = target.elements
            values = self.unpack(value, len(elements))
            starred = any(isinstance(e, cst.StarredElement) for e in elements)
            if self.check_unpack(target, value, len(elements), starred):
                values = None
            for i, el in enumerate(elements):
                if starred or values is None:
                    self.assign(el.value, UNKNOWN, env)
                else:
                    self.assign(el.value, values[i], env)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            self.assign_attribute(target, value, env)

    def assign_attribute(self, target: cst.BaseExpression, value: Any, env: Scope) -> None:
        """``obj.attr = v`` / ``obj[k] = v``: followed on instances of the program's own classes,
        otherwise not followed: the object is forgotten."""
        if self.set_attribute(target, value, env):
            return
        base = target.value  # type: ignore[attr-defined]
        if isinstance(base, cst.Name):
            try:
                self.lose_value(env.lookup(base.value), target, "attribute assignment")
            except KeyError:
                pass

    def bind(self, name: str, value: Any, env: Scope) -> None:
        if value is UNKNOWN:
            value = Sym.fresh(name)
        elif isinstance(value, Layer) and value.var is None:
            value.var = name
        elif isinstance(value, (SequentialModel, FunctionalModel)) and value.model.var is None:
            value.model.var = name
        elif isinstance(value, ObjectValue) and value.model is not None and value.model.var is None:
            value.model.var = name
        env[name] = value

    def unpack(self, value: Any, n: int) -> list[Any] | None:
        if isinstance(value, (tuple, list)):
            return list(value) if len(value) == n else None
        if isinstance(value, Tensor):
            if value.shape.dims is None:
                return [Tensor.unknown(value.poisoned) for _ in range(n)]
            return None
        return None

    # ------------------------------------------------------------- expressions
    def eval(self, node: cst.BaseExpression, env: Scope) -> Any:
        method = getattr(self, f"expr_{type(node).__name__}", None)
        if method is None:
            return UNKNOWN
        return method(node, env)

    def expr_Integer(self, node: cst.Integer, env: Scope) -> Any:
        return int(node.evaluated_value)

    def expr_Float(self, node: cst.Float, env: Scope) -> Any:
        return float(node.evaluated_value)

    def expr_SimpleString(self, node: cst.SimpleString, env: Scope) -> Any:
        value = node.evaluated_value
        return value if isinstance(value, str) else UNKNOWN

    def expr_ConcatenatedString(self, node: cst.ConcatenatedString, env: Scope) -> Any:
        value = node.evaluated_value
        return value if isinstance(value, str) else UNKNOWN

    def expr_Name(self, node: cst.Name, env: Scope) -> Any:
        name = node.value
        try:
            return env.lookup(name)
        except KeyError:
            pass
        if name == "True":
            return True
        if name == "False":
            return False
        if name == "None":
            return None
        for module in self.star_modules:
            if keras_path(module) is not None:
                qual = f"{module}.{name}"
                if self.keras_object(qual) is not None:
                    return Ref(qual)
        if name in _BUILTINS:
            return Ref(f"builtins.{name}")
        return Sym.named(name)

    def expr_Attribute(self, node: cst.Attribute, env: Scope) -> Any:
        base = self.eval(node.value, env)
        attr = node.attr.value
        if isinstance(base, Ref):
            return base.attr(attr)
        if isinstance(base, Tensor) and attr == "shape":
            dims = base.shape.dims
            return tuple(dims) if dims is not None else ShapeOf(self.source(node), ("shape", id(base)))
        followed = self.attribute_of(base, attr, node)
        if followed is not NOT_FOLLOWED:
            return followed
        graph_value = self.graph_attribute(base, attr)
        if graph_value is not NOT_FOLLOWED:
            return graph_value
        if isinstance(base, (SequentialModel, FunctionalModel, list)):
            if isinstance(base, SequentialModel) and attr in ("output_shape",):
                return UNKNOWN
            return BoundMethod(base, attr)
        if isinstance(base, Sym):
            if attr == "shape":
                return ShapeOf(self.source(node), ("shape", base.key))
            return Sym(self.source(node), ("attr", base.key, attr))
        if base is UNKNOWN and attr == "shape":
            return ShapeOf(self.source(node), ("shape", self.source(node.value)))
        return UNKNOWN

    def expr_Subscript(self, node: cst.Subscript, env: Scope) -> Any:
        base = self.eval(node.value, env)
        followed = self.subscript_of(base, node, env)
        if followed is not NOT_FOLLOWED:
            return followed
        if len(node.slice) != 1:
            return self._opaque(node, base)
        sl = node.slice[0].slice
        if isinstance(base, (tuple, list)):
            if isinstance(sl, cst.Index):
                idx = self.eval(sl.value, env)
                if is_int(idx) and -len(base) <= idx < len(base):
                    return base[idx]
                return self._opaque(node, UNKNOWN)
            if isinstance(sl, cst.Slice):
                parts = [self.eval(p, env) if p is not None else None for p in (sl.lower, sl.upper, sl.step)]
                if all(p is None or is_int(p) for p in parts):
                    return base[slice(*parts)]
            return self._opaque(node, UNKNOWN)
        return self._opaque(node, base)

    def _opaque(self, node: cst.CSTNode, base: Any) -> Any:
        """An expression the analysis cannot evaluate: a named symbol, shown by its text."""
        if isinstance(base, (Sym, Ref)) or base is UNKNOWN:
            return Sym.named(self.source(node))
        return UNKNOWN

    def expr_Tuple(self, node: cst.Tuple, env: Scope) -> Any:
        items = self._elements(node.elements, env)
        return UNKNOWN if items is None else tuple(items)

    def expr_List(self, node: cst.List, env: Scope) -> Any:
        items = self._elements(node.elements, env)
        return UNKNOWN if items is None else list(items)

    def _elements(self, elements: Iterable[cst.BaseElement], env: Scope) -> list[Any] | None:
        out: list[Any] = []
        for el in elements:
            value = self.eval(el.value, env)
            if isinstance(el, cst.StarredElement):
                if isinstance(value, (tuple, list)) and id(value) not in self.broken_lists:
                    out.extend(value)
                else:
                    return None
            else:
                out.append(value)
        return out

    def expr_BinaryOperation(self, node: cst.BinaryOperation, env: Scope) -> Any:
        op = _BINOPS.get(type(node.operator))
        left = self.eval(node.left, env)
        right = self.eval(node.right, env)
        if op is None:
            return UNKNOWN
        return self.binop(op, left, right)

    def binop(self, op: str | None, left: Any, right: Any) -> Any:
        if op is None or id(left) in self.broken_lists or id(right) in self.broken_lists:
            return UNKNOWN
        if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
            return self.array_binop(left, right)
        if isinstance(left, (tuple, list)) and isinstance(right, type(left)) and op == "+":
            return left + right
        if isinstance(left, (tuple, list)) and is_int(right) and op == "*":
            return left * right
        numeric = (int, float)
        if isinstance(left, numeric) and isinstance(right, numeric) and not isinstance(left, bool):
            try:
                return {
                    "+": lambda: left + right,
                    "-": lambda: left - right,
                    "*": lambda: left * right,
                    "/": lambda: left / right,
                    "//": lambda: left // right,
                    "%": lambda: left % right,
                }[op]()
            except (ZeroDivisionError, KeyError):
                return UNKNOWN
        if (is_int(left) or isinstance(left, Sym)) and (is_int(right) or isinstance(right, Sym)):
            if op == "/":
                return UNKNOWN
            return arith(op, left, right)
        return UNKNOWN

    def expr_UnaryOperation(self, node: cst.UnaryOperation, env: Scope) -> Any:
        value = self.eval(node.expression, env)
        if isinstance(node.operator, cst.Not):
            truth = self.truth_of(value)
            return UNKNOWN if truth is UNKNOWN else not truth
        if isinstance(node.operator, cst.Minus):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return -value
            return UNKNOWN
        if isinstance(node.operator, cst.Plus):
            return value if isinstance(value, (int, float)) else UNKNOWN
        return UNKNOWN

    def expr_BooleanOperation(self, node: cst.BooleanOperation, env: Scope) -> Any:
        left = self.eval(node.left, env)
        truth = self.truth_of(left)
        if truth is UNKNOWN:
            return UNKNOWN
        if isinstance(node.operator, cst.And):
            return self.eval(node.right, env) if truth else left
        return left if truth else self.eval(node.right, env)

    def expr_Comparison(self, node: cst.Comparison, env: Scope) -> Any:
        left = self.eval(node.left, env)
        result: Any = True
        for target in node.comparisons:
            right = self.eval(target.comparator, env)
            op = type(target.operator)
            if op in (cst.Is, cst.IsNot) and (left is None or right is None) and _plain(left) and _plain(right):
                value = (left is right) if op is cst.Is else (left is not right)
            else:
                fn = _COMPARE.get(op)
                if fn is None or not (_plain(left) and _plain(right)):
                    return UNKNOWN
                try:
                    value = fn(left, right)
                except TypeError:
                    return UNKNOWN
            if not value:
                result = False
            left = right
        return result

    def expr_IfExp(self, node: cst.IfExp, env: Scope) -> Any:
        truth = self.truth_of(self.eval(node.test, env))
        if truth is UNKNOWN:
            body, orelse = self.eval(node.body, env), self.eval(node.orelse, env)
            return body if _plain(body) and body == orelse else UNKNOWN
        return self.eval(node.body if truth else node.orelse, env)

    # ------------------------------------------------------------------- calls
    def expr_Call(self, node: cst.Call, env: Scope) -> Any:
        func = self.eval(node.func, env)
        args = self.eval_args(node.args, env)
        return self.call(func, args, node, env)

    def eval_args(self, raw: Iterable[cst.Arg], env: Scope) -> list[Arg] | None:
        """Evaluated arguments; None when a ``*args``/``**kwargs`` cannot be expanded."""
        args: list[Arg] = []
        complete = True
        for a in raw:
            value = self.eval(a.value, env)
            if a.star == "*":
                if isinstance(value, (tuple, list)) and id(value) not in self.broken_lists:
                    args.extend(Arg(None, v) for v in value)
                else:
                    complete = False
            elif a.star == "**":
                if isinstance(value, dict) and id(value) not in self.broken_lists:
                    args.extend(Arg(k, v) for k, v in value.items())
                else:
                    complete = False
            else:
                args.append(Arg(a.keyword.value if a.keyword else None, value))
        if not complete:
            for a in args:
                self.lose_value(a.value, None, "arguments not followed")
            return None
        return args

    def call(self, func: Any, args: list[Arg] | None, node: cst.Call, env: Scope) -> Any:
        if isinstance(func, Ref):
            return self.call_ref(func, args, node)
        if isinstance(func, Layer):
            if args is None or not args:
                return Tensor.unknown(lost=(node, f"`{func.cfg.display}` called with arguments not followed"))
            value, kwargs = self.layer_call_args(func, args)
            return self.apply_layer(func, value, node, kwargs)
        if isinstance(func, BoundMethod):
            return self.call_method(func, args, node)
        if isinstance(func, SequentialModel):
            if args:
                return self.apply_sequential(func, args[0].value, node)
            return Tensor.unknown()
        if isinstance(func, FunctionValue):
            return self.call_function(func, args, node, env)
        followed = self.call_user_value(func, args, node, env)
        if followed is not NOT_FOLLOWED:
            return followed
        return self.call_unknown(func, args, node)

    def call_unknown(self, func: Any, args: list[Arg] | None, node: cst.Call) -> Any:
        """A callee the analysis does not follow: it may mutate whatever it is given, and when it
        is given a tensor it most likely returns one whose shape is unknown."""
        if isinstance(node.func, cst.Call):   # ``Squeeze()(x)``: a layer class the analysis does not know
            why = f"custom layer `{self.source(node.func.func)}` is not followed"
        else:
            why = f"call to `{self.source(node.func)}` is not followed"
        tensor_in = False
        for a in args or ():
            self.lose_value(a.value, node, why)
            tensor_in = tensor_in or isinstance(a.value, Tensor)
        if tensor_in:
            self.lose(node, why)
            return Tensor.unknown(lost=(node, why))
        return UNKNOWN

    def graph_attribute(self, base: Any, attr: str) -> Any:
        """``model.input``/``.output``/``.inputs``/``.outputs`` and ``layer.input``/``.output``."""
        if isinstance(base, (FunctionalModel, SequentialModel)) and attr in ("input", "output", "inputs", "outputs"):
            model = base.model
            if isinstance(base, SequentialModel):
                if base.lost or not model.inputs or base.current is None:
                    return UNKNOWN
                tensors = model.inputs if attr.startswith("input") else [base.current]
            else:
                tensors = model.inputs if attr.startswith("input") else model.outputs
            if not tensors:
                return UNKNOWN
            if attr.endswith("s"):
                return list(tensors)
            return tensors[0] if len(tensors) == 1 else list(tensors)
        if isinstance(base, Layer) and attr in ("input", "output"):
            # Keras defines these only for a layer called exactly once
            apps = [a for a in self.result.applications if a.layer is base]
            if len(apps) != 1:
                return UNKNOWN
            app = apps[0]
            chosen = app.inputs if attr == "input" else app.outputs
            if not chosen:
                return UNKNOWN
            if attr == "input" and app.is_list:
                return list(chosen)
            if attr == "output" and app.outcome is not None and app.outcome.multi:
                return list(chosen)
            return chosen[0]
        return NOT_FOLLOWED

    def get_layer(self, model: Model, args: list[Arg] | None) -> Any:
        """``model.get_layer("name")`` / ``get_layer(index=i)``: the Layer object itself."""
        from lstmlint.graph.model import upstream

        if not args or len(args) != 1:
            return UNKNOWN
        apps = model.applications or upstream(model.outputs)
        layers_in_order: list[Layer] = []
        for app in apps:
            if app.layer not in layers_in_order:
                layers_in_order.append(app.layer)
        key, value = args[0].keyword, args[0].value
        if key in (None, "name") and isinstance(value, str):
            found = [lay for lay in layers_in_order if lay.cfg.params.get("name") == value]
            return found[0] if len(found) == 1 else UNKNOWN
        return UNKNOWN

    def call_method(self, method: BoundMethod, args: list[Arg] | None, node: cst.Call) -> Any:
        obj, name = method.obj, method.name
        if isinstance(obj, (FunctionalModel, SequentialModel)) and name == "get_layer":
            return self.get_layer(obj.model, args)
        if isinstance(obj, SequentialModel):
            if name == "add" and args:
                self.sequential_add(obj, args[0].value, node.args[0].value)
                return None
            if name in ("compile", "fit", "build"):
                return self.model_method(obj, name, args, node)
            if name in ("summary", "evaluate", "predict", "save", "count_params", "get_weights", "train_on_batch"):
                return UNKNOWN
            self.lose_value(obj, node, f"`.{name}()` on a Sequential model is not followed")
            return UNKNOWN
        if isinstance(obj, (FunctionalModel, ObjectValue)):
            return self.model_method(obj, name, args, node)
        if isinstance(obj, ArrayValue):
            return self.array_method(obj, name, args, node)
        if isinstance(obj, dict):
            return self.dict_method(obj, name, args, node)
        if isinstance(obj, list):
            if name == "append" and args and len(args) == 1:
                obj.append(args[0].value)
                return None
            if name == "extend" and args and isinstance(args[0].value, (list, tuple)):
                obj.extend(args[0].value)
                return None
            self.lose_value(obj, node, f"list `.{name}()` not followed")
            obj[:] = [UNKNOWN] * len(obj)
            return UNKNOWN
        return UNKNOWN

    def keras_object(self, qual: str) -> str | None:
        """What kind of Keras object ``qual`` names: "layer", "Input", "Model", ... or None."""
        path = keras_path(qual)
        if not path:
            return None
        name = path[-1]
        if name in ("Input",):
            return "Input"
        if name in ("Sequential", "Model", "InputLayer"):
            return name
        if name in LAYERS or name in OPAQUE_LAYERS:
            return "layer"
        if name in FUNCTIONAL_MERGES and "layers" in path:
            return "merge"
        if "layers" in path and name[:1].isupper():
            return "layer"
        return None

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        what = self.keras_object(ref.qual)
        if what is None:
            other = self.call_library(ref, args, node)
            if other is not NOT_FOLLOWED:
                return other
            builtin = ref.qual.removeprefix("builtins.") if ref.qual.startswith("builtins.") else None
            if builtin is not None and args is not None:
                return _call_builtin(builtin, [a.value for a in args if a.keyword is None])
            return self.call_unknown(ref, args, node)
        name = keras_name(ref.qual) or ""
        if args is None:
            return UNKNOWN if what != "layer" else self.make_layer(name, None, node)
        if what == "Input":
            return self.make_input(args, node)
        if what == "Sequential":
            return self.make_sequential(args, node)
        if what == "Model":
            return self.make_model(args, node)
        if what == "merge":
            kind, params = FUNCTIONAL_MERGES[name]
            bound = bind_params(params, args)
            layer = Layer(LayerConfig(kind, {k: as_shape_value(v) for k, v in bound.items() if k != "inputs"}), node)
            return self.apply_layer(layer, bound.get("inputs", UNKNOWN), node, {})
        return self.make_layer(name, args, node)

    # ----------------------------------------------------------- constructors
    def make_layer(self, name: str, args: list[Arg] | None, node: cst.Call) -> Layer:
        definition = LAYERS.get(name)
        kind = definition.name if definition else name
        if args is None:
            return Layer(LayerConfig(kind, {"__opaque__": True}), node)
        params = definition.params if definition else ()
        bound = bind_params(params, args)
        cfg = LayerConfig(kind, {k: as_shape_value(v) for k, v in bound.items()})
        layer = Layer(cfg, node)
        invalid = validate_arguments(cfg)
        if invalid is None and any(
            isinstance(v, LayerConfig) and v.params.get("__invalid__") for v in cfg.params.values()
        ):
            cfg.params["__invalid__"] = True  # wraps a layer Keras already refused
        if invalid is not None:
            # Keras raises when the layer is created: nothing built from it can be checked
            cfg.params["__invalid__"] = True
            self.result.findings.append(Finding(invalid, node, layer=layer, context=self.context))
        if "batch_input_shape" in bound:
            self.result.findings.append(
                Finding(
                    ShapeProblem(
                        "LST108",
                        f"`{cfg.display}` does not accept `batch_input_shape` in Keras 3",
                        kind="removed_argument",
                        data={"argument": "batch_input_shape", "value": bound["batch_input_shape"]},
                    ),
                    node,
                    layer=layer,
                    context=self.context,
                )
            )
        return layer

    def make_input(self, args: list[Arg], node: cst.Call) -> Tensor:
        bound = bind_params(("shape", "batch_size", "dtype", "sparse", "batch_shape", "name", "tensor"), args)
        batch = dim_of(bound.get("batch_size"))
        if "batch_shape" in bound and bound["batch_shape"] is not None:
            bs = bound["batch_shape"]
            shape = Shape(tuple(dim_of(d) for d in bs)) if isinstance(bs, (tuple, list)) else UNKNOWN_SHAPE
        elif "shape" in bound:
            shape = shape_from(bound["shape"], batch)
            if is_int(bound["shape"]):
                # Keras 3 only takes a tuple: `shape=5` raises "Cannot convert '5' to a shape"
                problem = ShapeProblem(
                    "LST107",
                    f"`Input` needs a tuple `shape`, got {bound['shape']}",
                    kind="bad_constructor_argument",
                    data={"argument": "shape", "value": bound["shape"]},
                )
                self.result.findings.append(Finding(problem, node, context=self.context))
                return Tensor(UNKNOWN_SHAPE, InputNode(UNKNOWN_SHAPE, node, "Input"), poisoned=True)
        else:
            shape = UNKNOWN_SHAPE
        return Tensor(shape, InputNode(shape, node, "Input"))

    def make_sequential(self, args: list[Arg], node: cst.Call) -> SequentialModel:
        bound = bind_params(("layers", "trainable", "name"), args)
        seq = SequentialModel(Model("sequential", node))
        self.result.models.append(seq.model)
        layers = bound.get("layers")
        if isinstance(layers, (list, tuple)):
            elements = _list_elements(node)
            for i, item in enumerate(layers):
                at = elements[i] if elements is not None and i < len(elements) else (
                    item.node if isinstance(item, Layer) else node)
                self.sequential_add(seq, item, at)
        elif layers is not None:
            self.lose_value(seq, node, "layers given as something other than a list literal")
        return seq

    def make_model(self, args: list[Arg], node: cst.Call) -> Any:
        bound = bind_params(("inputs", "outputs", "name"), args)
        model = Model("functional", node)
        model.inputs = _tensors(bound.get("inputs"))
        model.outputs = _tensors(bound.get("outputs"))
        self.result.models.append(model)
        return FunctionalModel(model)

    # ---------------------------------------------------------- application
    def sequential_input(self, seq: SequentialModel, layer: Layer, at: cst.CSTNode) -> Tensor | None:
        cfg = layer.cfg
        for key in INPUT_KWARGS:
            if key not in cfg.params:
                continue
            if key == "input_dim" and cfg.kind == "Embedding":
                continue  # Embedding's own vocabulary size, not an input shape
            value = cfg.params[key]
            if key == "batch_input_shape":
                shape = Shape(tuple(dim_of(d) for d in value)) if isinstance(value, (tuple, list)) else UNKNOWN_SHAPE
            else:
                batch = dim_of(cfg.params.get("batch_size"))
                shape = shape_from(value, batch)
            return Tensor(shape, InputNode(shape, layer.node, key))
        return None

    def sequential_add(self, seq: SequentialModel, item: Any, at: cst.CSTNode) -> None:
        model = seq.model
        if seq.lost:
            return
        if isinstance(item, Tensor) and isinstance(item.producer, InputNode) and seq.current is None and not seq.layers:
            seq.current = item
            model.inputs = [item]
            model.outputs = [item]
            return
        if isinstance(item, Layer) and item.kind == "InputLayer":
            bound = item.cfg.params
            shape_value = bound.get("shape", bound.get("input_shape"))
            if bound.get("batch_shape") is not None and isinstance(bound.get("batch_shape"), (tuple, list)):
                shape = Shape(tuple(dim_of(d) for d in bound["batch_shape"]))
            else:
                shape = shape_from(shape_value, dim_of(bound.get("batch_size")))
            tensor = Tensor(shape, InputNode(shape, item.node, "InputLayer"))
            seq.current = tensor
            model.inputs = [tensor]
            model.outputs = [tensor]
            return
        if isinstance(item, SequentialModel):
            for layer in item.layers:
                self.sequential_add(seq, layer, at)
            if item.lost:
                self.lose_value(seq, at, "nested model not followed")
            return
        if isinstance(item, ObjectValue) and item.cls.keras_base:   # the program's own layer class
            current = seq.current if seq.current is not None else Tensor(UNKNOWN_SHAPE)
            if seq.current is None:
                model.inputs = []
            out = self.call_object(item, [Arg(None, current)], at)
            seq.current = out if isinstance(out, Tensor) else Tensor.unknown(
                lost=(at, f"`{item.cls.name}` does not return one tensor the analysis follows"))
            seq.partial = True      # not in ``seq.layers``: applying the model again is not followed
            model.outputs = [seq.current]
            return
        if not isinstance(item, Layer):
            self.lose_value(seq, at, "a layer the analysis does not follow")
            return
        if seq.current is None:
            declared = self.sequential_input(seq, item, at)
            seq.current = declared if declared is not None else Tensor(UNKNOWN_SHAPE)
            model.inputs = [seq.current] if declared is not None else []
        seq.layers.append(item)
        out = self.apply_layer(item, seq.current, at, {}, sequential=True)
        if isinstance(out, Tensor):
            seq.current = out
        else:
            seq.current = Tensor.unknown()
        model.outputs = [seq.current]
        if seq.current.producer is not None and isinstance(seq.current.producer, Application):
            model.applications.append(seq.current.producer)

    def apply_sequential(self, seq: SequentialModel, value: Any, node: cst.CSTNode) -> Any:
        if seq.lost or seq.partial or not seq.layers:
            return Tensor.unknown(lost=(node, "the model's layers are not all known"))
        current = value
        for layer in seq.layers:
            current = self.apply_layer(layer, current, node, {})
            if not isinstance(current, Tensor):
                return Tensor.unknown()
        return current

    def apply_layer(
        self, layer: Layer, value: Any, node: cst.CSTNode, kwargs: dict[str, Any], sequential: bool = False
    ) -> Any:
        if isinstance(value, Tensor):
            inputs, is_list = [value], False
        elif isinstance(value, (list, tuple)) and value:
            inputs = [v if isinstance(v, Tensor) else Tensor.unknown() for v in value]
            is_list = True
        else:
            inputs, is_list = [Tensor.unknown()], None  # shape of the argument unknown
        app = Application(layer, inputs, bool(is_list), node, call_kwargs=kwargs, context=self.context)
        self.result.applications.append(app)
        if layer.cfg.params.get("__opaque__"):
            outcome = Outcome.unknown("layer built from arguments that are not followed")
        elif any(t.poisoned for t in inputs) or layer.cfg.params.get("__invalid__"):
            app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=True)]
            return app.outputs[0]
        elif is_list is None:
            outcome = Outcome.unknown(f"the input of `{layer.cfg.display}` is not followed")
            if isinstance(value, ObjectValue) or value is UNKNOWN or isinstance(value, Sym):
                inputs[0].lost = (node, f"`{self.source(node.args[0].value)}` is not a tensor the analysis follows"
                                  if isinstance(node, cst.Call) and node.args else outcome.notes["lost"])
        else:
            try:
                outcome = self.infer(layer, [t.shape for t in inputs], is_list, kwargs)
            except ShapeProblem as problem:
                app.problem = problem
                self.result.findings.append(Finding(problem, node, app=app, severity="error", context=self.context))
                if problem.recovered is not None and problem.recovered.outputs is not None:
                    outcome = problem.recovered
                else:
                    app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=True)]
                    return app.outputs[0]
        app.outcome = outcome
        for warning in outcome.warnings + self.check_call(app):
            self.result.findings.append(Finding(warning, node, app=app, severity="warning", context=self.context))
        cause = next((t.lost for t in inputs if t.lost is not None), None)
        if outcome.outputs is None:
            if "lost" in outcome.notes:
                self.lose(node, outcome.notes["lost"])
            why = cause or (node, outcome.notes.get("lost") or f"output of `{layer.cfg.display}` not followed")
            app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, lost=why)]
            return app.outputs[0]
        app.outputs = [Tensor(s, app, i, lost=cause if s.dims is None else None) for i, s in enumerate(outcome.outputs)]
        if outcome.multi:
            return list(app.outputs)
        return app.outputs[0]

    def infer(self, layer: Layer, shapes: list[Shape], is_list: bool, kwargs: dict[str, Any] | None = None) -> Outcome:
        from lstmlint.layers import infer_layer

        return infer_layer(self.call_config(layer, kwargs or {}), shapes, is_list)


# ---------------------------------------------------------------- helpers
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BUILTINS = frozenset({
    "int", "len", "tuple", "list", "max", "min", "abs", "round", "print", "range", "sum", "enumerate", "zip",
    "reversed", "float", "str", "bool", "isinstance", "super", "sorted", "dict", "set", "open", "getattr",
})


def _call_builtin(name: str, args: list[Any]) -> Any:
    try:
        if name == "int" and len(args) == 1 and isinstance(args[0], (int, float)):
            return int(args[0])
        if name == "len" and len(args) == 1 and isinstance(args[0], (tuple, list)):
            return len(args[0])
        if name in ("tuple", "list") and len(args) == 1 and isinstance(args[0], (tuple, list)):
            return tuple(args[0]) if name == "tuple" else list(args[0])
        if name in ("max", "min", "sum") and args and all(is_int(a) for a in args):
            return {"max": max, "min": min, "sum": lambda *a: sum(a)}[name](*args)
        if name == "abs" and len(args) == 1 and is_int(args[0]):
            return abs(args[0])
    except (TypeError, ValueError):
        return UNKNOWN
    return UNKNOWN


def bind_params(params: tuple[str, ...], args: list[Arg]) -> dict[str, Any]:
    bound: dict[str, Any] = {}
    position = 0
    for a in args:
        if a.keyword is None:
            if position < len(params):
                bound[params[position]] = a.value
            else:
                bound[f"__arg{position}"] = a.value
            position += 1
        else:
            bound[a.keyword] = a.value
    return bound


def _tensors(value: Any) -> list[Tensor]:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, Tensor)]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, Tensor)]
    return []


def _list_elements(node: cst.Call) -> list[cst.CSTNode] | None:
    """The element expressions of ``Sequential([...])``'s list literal, for precise reports."""
    for arg in node.args:
        if arg.keyword is None or arg.keyword.value == "layers":
            if isinstance(arg.value, (cst.List, cst.Tuple)):
                return [el.value for el in arg.value.elements]
            return None
    return None


def _target_names(target: cst.CSTNode) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        names: set[str] = set()
        for el in target.elements:
            names |= _target_names(el.value)
        return names
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return set()


def _plain(v: Any) -> bool:
    return v is None or isinstance(v, (bool, int, float, str, tuple))
