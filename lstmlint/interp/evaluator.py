"""Python expressions and statements on abstract values: one dispatch table, no library knowledge.

The table maps a libcst node type to its handler. The evaluator fills it with the expressions
and simple statements it knows; the flow, functions and classes collaborators add theirs
(``register``). What an imported library means (a call of ``keras.layers.LSTM``, ``np.zeros``,
``x.shape`` of a tensor) is asked of the overlays through ``ctx.overlays``; a node type that is
not in the table evaluates to UNKNOWN (an expression) or is forgotten (a statement).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import libcst as cst

from lstmlint.interp.modules import ModuleValue
from lstmlint.interp.pybuiltins import BUILTINS, ENVIRON, Builtins, fold_builtin, format_percent
from lstmlint.interp.values import (
    NOT_FOLLOWED,
    Arg,
    BoundMethod,
    ClassValue,
    FunctionValue,
    ObjectValue,
    PartialValue,
    Scope,
    UserMethod,
)
from lstmlint.shapes import UNKNOWN, Sym, is_int
from lstmlint.shapes.dims import arith
from lstmlint.source.imports import Ref, bind_import, bind_import_from

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

Handler = Callable[[Any, Scope], Any]

BINOPS: dict[type, str] = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.FloorDivide: "//",
    cst.Divide: "/",
    cst.Modulo: "%",
    cst.Power: "**",
}
AUGOPS: dict[type, str] = {
    cst.AddAssign: "+",
    cst.SubtractAssign: "-",
    cst.MultiplyAssign: "*",
    cst.FloorDivideAssign: "//",
    cst.DivideAssign: "/",
    cst.ModuloAssign: "%",
    cst.PowerAssign: "**",
}
# Python 2 compatibility names that are the builtins themselves (``from six.moves import range``)
BUILTIN_ALIASES: dict[str, str] = {
    **{f"six.moves.{name}": f"builtins.{name}" for name in ("range", "zip", "map", "filter", "input")},
    "six.moves.xrange": "builtins.range",
    "past.builtins.xrange": "builtins.range",
}
COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    cst.LessThan: lambda a, b: a < b,
    cst.LessThanEqual: lambda a, b: a <= b,
    cst.GreaterThan: lambda a, b: a > b,
    cst.GreaterThanEqual: lambda a, b: a >= b,
    cst.Equal: lambda a, b: a == b,
    cst.NotEqual: lambda a, b: a != b,
}

# the comparisons that are element-wise on tensors and arrays (``==`` is not, on tf_keras tensors)
_ORDERING: dict[type, str] = {
    cst.LessThan: "<",
    cst.LessThanEqual: "<=",
    cst.GreaterThan: ">",
    cst.GreaterThanEqual: ">=",
}


_LITERAL_STRINGS = frozenset({cst.SimpleString, cst.ConcatenatedString})
_LINE = cst.SimpleStatementLine
_CONSTANTS = frozenset({int, float, str, bool, type(None)})
# the program's own callables that ``call`` may budget as another module's code
_USER_CALLABLES = frozenset({FunctionValue, ClassValue, UserMethod})


def starred_split(elements: Sequence[cst.BaseElement], items: list[Any]) -> list[Any] | None:
    """``a, *rest, b = items``: one value per target, the starred one a list of what is left
    over (None when there is not exactly one starred target or too few items)."""
    stars = [i for i, e in enumerate(elements) if isinstance(e, cst.StarredElement)]
    if len(stars) != 1 or len(items) < len(elements) - 1:
        return None
    k, after = stars[0], len(elements) - stars[0] - 1
    return items[:k] + [items[k : len(items) - after]] + items[len(items) - after :]


_CLASS_COMPARISONS = frozenset({cst.Is, cst.IsNot, cst.Equal, cst.NotEqual, cst.In, cst.NotIn})


def plain(v: Any) -> bool:
    return v is None or isinstance(v, (bool, int, float, str, tuple))


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, (bool, int, float, str))


def membership(item: Any, container: Any) -> Any:
    """``item in container`` when both are known: a substring of a string, or a scalar among
    the scalars of a tuple, list, set or dict's keys; UNKNOWN otherwise."""
    if isinstance(container, str):
        return item in container if isinstance(item, str) else UNKNOWN
    if not _scalar(item) or not isinstance(container, (tuple, list, set, frozenset, dict)):
        return UNKNOWN
    if not all(_scalar(v) for v in container):
        return UNKNOWN
    return item in container


def _arith(op: str, left: Any, right: Any) -> Any:
    try:
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if op == "/":
            return left / right
        if op == "//":
            return left // right
        if op == "%":
            return left % right
        if op == "**":
            if abs(right) > 64 or (isinstance(left, int) and abs(left) > 2**32):
                return UNKNOWN  # never build huge numbers from hostile input
            result = left**right
            return result if isinstance(result, (int, float)) else UNKNOWN
    except (ZeroDivisionError, OverflowError):
        return UNKNOWN
    return UNKNOWN


# literals: their value is read from the node alone (``integer``, ``float_``, ``string``). Not the
# names ``True``/``False``/``None``: they are looked up in the scopes first, as any name
_LITERALS = frozenset({cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString})


class _ArgStep:
    """One argument of a call as written, read once per call node: its expression, keyword,
    star, and for a literal (``Dense(16, activation="relu")``) the ``Arg`` it evaluates to,
    made at its first evaluation and given again at the next ones (an ``Arg`` is immutable)."""

    __slots__ = ("expr", "fixed", "keyword", "literal", "star")

    def __init__(self, arg: cst.Arg) -> None:
        self.expr = arg.value
        self.keyword = None if arg.keyword is None else arg.keyword.value
        self.star = arg.star
        self.literal = not arg.star and type(arg.value) in _LITERALS
        self.fixed: Arg | None = None


class Evaluator:
    """Expressions -> values, statements -> effects on a ``Scope``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.builtins = Builtins(ctx)
        self.table: dict[type, Handler] = {
            cst.Integer: self.integer,
            cst.Float: self.float_,
            cst.SimpleString: self.string,
            cst.ConcatenatedString: self.string,
            cst.Name: self.name,
            cst.Attribute: self.attribute,
            cst.Subscript: self.subscript,
            cst.Tuple: self.tuple_,
            cst.List: self.list_,
            cst.Dict: self.dict_,
            cst.Set: self.set_display,
            cst.BinaryOperation: self.binary,
            cst.UnaryOperation: self.unary,
            cst.BooleanOperation: self.boolean,
            cst.Comparison: self.comparison,
            cst.IfExp: self.if_exp,
            cst.Call: self.call_expr,
            # statements
            cst.SimpleStatementLine: self.simple_line,
            cst.Assign: self.assign_stmt,
            cst.AnnAssign: self.ann_assign,
            cst.AugAssign: self.aug_assign,
            cst.Expr: self.expr_stmt,
            cst.Import: self.import_,
            cst.ImportFrom: self.import_from,
            cst.Del: self.del_,
            cst.With: self.with_,
        }

        # the table's ``get``, bound once: ``eval`` runs about a million times per corpus run, and
        # the hottest callers dispatch through it inline (one frame less per expression)
        self._get = self.table.get
        # ``call_unknown``'s reason per call node (its text is generated once, not per iteration)
        self._why: dict[int, tuple[cst.Call, str]] = {}
        # ``call_ref``'s reading of a called name: the builtin's name (aliases resolved) or None,
        # and whether it is ``os.*``; per name, not per call
        self._quals: dict[str, tuple[str, str | None, bool]] = {}
        # each call's arguments as written (``eval_args``), by ``id`` of the node's argument
        # sequence, kept alive with its plan
        self._arg_plans: dict[int, tuple[Sequence[cst.Arg], list[_ArgStep] | None]] = {}

    def register(self, handlers: Mapping[type, Handler]) -> None:
        self.table.update(handlers)  # the same dict: ``_get`` stays bound to it

    # -------------------------------------------------------------- statements
    def exec_block(self, body: Iterable[cst.CSTNode], env: Scope) -> None:
        flow, get = self.ctx.flow, self._get
        for stmt in body:  # ``exec_stmt`` inline: one frame less per statement
            flow.tick(env)
            kind = type(stmt)
            if kind is _LINE:  # ``simple_line`` inline too: most statements
                for small in stmt.body:  # type: ignore[attr-defined]  # (no ``cast()`` call per statement)
                    handler = get(type(small))
                    if handler is not None:
                        handler(small, env)
                continue
            handler = get(kind)
            if handler is not None:
                handler(stmt, env)
            else:
                flow.havoc(stmt, env, f"`{type(stmt).__name__.lower()}` statement not followed")

    def exec_stmt(self, stmt: cst.CSTNode, env: Scope) -> None:
        self.ctx.flow.tick(env)
        handler = self.table.get(type(stmt))
        if handler is not None:
            handler(stmt, env)
        else:
            self.ctx.flow.havoc(stmt, env, f"`{type(stmt).__name__.lower()}` statement not followed")

    def exec_small(self, small: cst.CSTNode, env: Scope) -> None:
        handler = self.table.get(type(small))
        if handler is not None:
            handler(small, env)
        # pass, global, nonlocal, assert: nothing the shapes depend on

    def exec_suite(self, suite: cst.CSTNode, env: Scope) -> None:
        kind = type(suite)  # exact types: a failed ``isinstance`` on libcst's ABCs is slow
        if kind is cst.IndentedBlock:
            self.exec_block(suite.body, env)  # type: ignore[attr-defined]  # (no ``cast()`` call)
        elif kind is cst.SimpleStatementSuite:
            for small in suite.body:  # type: ignore[attr-defined]
                self.exec_small(small, env)

    def simple_line(self, stmt: cst.SimpleStatementLine, env: Scope) -> None:
        get = self._get
        for small in stmt.body:  # ``exec_small`` inline
            handler = get(type(small))
            if handler is not None:
                handler(small, env)

    def assign_stmt(self, small: cst.Assign, env: Scope) -> None:
        node = small.value
        handler = self._get(type(node))
        value = UNKNOWN if handler is None else handler(node, env)
        for target in small.targets:
            name = target.target
            if type(name) is cst.Name:  # ``assign``'s first case inline: most assignments
                self.bind(name.value, value, env)
            else:
                self.assign(name, value, env)

    def ann_assign(self, small: cst.AnnAssign, env: Scope) -> None:
        if small.value is not None:
            self.assign(small.target, self.eval(small.value, env), env)

    def aug_assign(self, small: cst.AugAssign, env: Scope) -> None:
        op = AUGOPS.get(type(small.operator))
        current = self.eval(small.target, env)
        value = self.eval(small.value, env)
        result = self.binop(op, current, value, small) if op else UNKNOWN
        self.assign(small.target, result, env)

    def expr_stmt(self, small: cst.Expr, env: Scope) -> None:
        if type(small.value) in _LITERAL_STRINGS:
            return  # a docstring: its value is dropped, and reading one may compile it (escapes)
        self.eval(small.value, env)

    def import_(self, small: cst.Import, env: Scope) -> None:
        bind_import(small, env)

    def import_from(self, small: cst.ImportFrom, env: Scope) -> None:
        bind_import_from(small, env, self.ctx.star_modules)

    def del_(self, small: cst.Del, env: Scope) -> None:
        for name in self.ctx.names.assigned(small):
            env.pop(name, None)

    def with_(self, stmt: cst.With, env: Scope) -> None:
        for item in stmt.items:
            self.eval(item.item, env)
            if item.asname is not None:
                self.assign(item.asname.name, UNKNOWN, env)
        self.exec_suite(stmt.body, env)

    # -------------------------------------------------------------- assignment
    def assign(self, target: cst.BaseExpression, value: Any, env: Scope) -> None:
        kind = type(target)  # exact types: a failed ``isinstance`` on libcst's ABCs is slow
        if kind is cst.Name:
            self.bind(cast(cst.Name, target).value, value, env)
        elif kind is cst.Tuple or kind is cst.List:
            elements = cast(cst.Tuple | cst.List, target).elements
            values = self.unpack(value, len(elements))
            starred = any(type(e) is cst.StarredElement for e in elements)
            if self.ctx.overlays.check_unpack(target, value, len(elements), starred):
                values = None
            elif starred and isinstance(value, (tuple, list)) and self.ctx.known(value):
                values = starred_split(elements, list(value))
                starred = values is None
            for i, el in enumerate(elements):
                if starred or values is None:
                    self.assign(el.value, UNKNOWN, env)
                else:
                    self.assign(el.value, values[i], env)
        elif kind is cst.Attribute or kind is cst.Subscript:
            self.assign_attribute(cast(cst.Attribute | cst.Subscript, target), value, env)

    def assign_attribute(self, target: cst.Attribute | cst.Subscript, value: Any, env: Scope) -> None:
        """``obj.attr = v`` / ``obj[k] = v``: followed on the program's own instances and on
        containers; otherwise the object is forgotten."""
        if type(target) is cst.Subscript:
            handled = self.builtins.set_item(target, value, env)
        else:
            handled = self.set_attribute(cast(cst.Attribute, target), value, env)
        if handled:
            return
        base = target.value
        if type(base) is cst.Name:
            try:
                self.ctx.lose_value(env.lookup(base.value), target, "attribute assignment")
            except KeyError:
                pass

    def set_attribute(self, target: cst.Attribute, value: Any, env: Scope) -> bool:
        base = self.eval(target.value, env)
        if self.ctx.overlays.set_attribute(base, target, value):
            return True
        if not isinstance(base, ObjectValue):
            return False
        name = target.attr.value
        self.ctx.overlays.bound(name, value, attribute=True)
        base.attrs[name] = value
        return True

    def bind(self, name: str, value: Any, env: Scope) -> None:
        if value is UNKNOWN:
            value = Sym.fresh(name)
        elif type(value) not in _CONSTANTS:  # a library names its objects after a variable, never a constant
            self.ctx.overlays.bound(name, value)
        env[name] = value

    def unpack(self, value: Any, n: int) -> list[Any] | None:
        if isinstance(value, (tuple, list)):
            return list(value) if len(value) == n else None
        found = self.ctx.overlays.unpack(value, n)
        return None if found is NOT_FOLLOWED else found

    # ------------------------------------------------------------- expressions
    def eval(self, node: cst.BaseExpression, env: Scope) -> Any:
        handler = self._get(type(node))
        if handler is None:
            return UNKNOWN
        return handler(node, env)

    def integer(self, node: cst.Integer, env: Scope) -> Any:
        try:  # libcst's ``evaluated_value`` compiles the literal: many times slower
            return int(node.value, 0)
        except ValueError:
            return int(node.evaluated_value)

    def float_(self, node: cst.Float, env: Scope) -> Any:
        try:  # a float literal is what ``float()`` reads (``1.5``, ``1e-3``, ``1_000.5``); libcst's
            return float(node.value)  # ``evaluated_value`` compiles it: many times slower
        except ValueError:
            return float(node.evaluated_value)

    def string(self, node: cst.SimpleString | cst.ConcatenatedString, env: Scope) -> Any:
        if type(node) is cst.SimpleString:
            text = node.value  # libcst's ``prefix``/``quote``/``raw_value`` rescan it at every use
            quote = text[0]
            if (quote == "'" or quote == '"') and not text.startswith(quote * 3) and "\\" not in text:
                return text[1:-1]  # a plain one-line literal without escapes: its text
        value = node.evaluated_value
        return value if isinstance(value, str) else UNKNOWN

    def name(self, node: cst.Name, env: Scope) -> Any:
        name = node.value
        scope: Scope | None = env
        while scope is not None:  # ``env.lookup`` without a KeyError for each builtin, True, None...
            if name in scope:
                found = scope[name]
                if type(found) is Ref and self.ctx.modules is not None:  # maybe the project's own module
                    return self.ctx.modules.resolve(found, scope)
                return found
            scope = scope.parent
        if name == "True":
            return True
        if name == "False":
            return False
        if name == "None":
            return None
        for module in self.ctx.star_modules:
            if self.ctx.modules is not None:
                found = self.ctx.modules.star_name(module, name, env)
                if found is not NOT_FOLLOWED:
                    return found
            found = self.ctx.overlays.star_name(module, name)
            if found is not NOT_FOLLOWED:
                return found
        if name in BUILTINS:
            return Ref(f"builtins.{name}")
        return Sym.named(name)

    def attribute(self, node: cst.Attribute, env: Scope) -> Any:
        inner = node.value
        handler = self._get(type(inner))
        base = UNKNOWN if handler is None else handler(inner, env)
        attr = node.attr.value
        if isinstance(base, Ref):
            if attr == "__name__":  # a library class's own name, where an overlay knows it
                found = self.ctx.overlays.attribute(base, attr, node)
                if found is not NOT_FOLLOWED:
                    return found
            return base.attr(attr)
        if type(base) is ModuleValue:  # ``L.Attention`` of ``import pkg.layers as L``
            assert self.ctx.modules is not None
            found = self.ctx.modules.attribute(base, attr)
            return Ref(f"{base.qual}.{attr}") if found is NOT_FOLLOWED else found
        found = self.ctx.classes.attribute(base, attr, node)
        if found is NOT_FOLLOWED:
            found = self.ctx.overlays.attribute(base, attr, node)
        if found is not NOT_FOLLOWED:
            return found
        if isinstance(base, (dict, list)) or type(base) is str:
            return BoundMethod(base, attr)
        if isinstance(base, Sym):
            return Sym(self.ctx.source(node), ("attr", base.key, attr))
        return UNKNOWN

    def subscript(self, node: cst.Subscript, env: Scope) -> Any:
        base = self.eval(node.value, env)
        if type(base) is Ref and base.qual == ENVIRON and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index):
                found = self.builtins.environ_value(self.eval(index.value, env))
                if found is not NOT_FOLLOWED:
                    return found
        followed = self.ctx.overlays.subscript(base, node, env)
        if followed is not NOT_FOLLOWED:
            return followed
        single = node.slice[0].slice if len(node.slice) == 1 else None
        if isinstance(base, dict):
            if isinstance(single, cst.Index):
                key = self.eval(single.value, env)
                if isinstance(key, (str, int)) and key in base and self.ctx.known(base):
                    return base[key]
            return UNKNOWN
        if isinstance(base, Sym) or base is UNKNOWN:
            if any(isinstance(el.slice, cst.Slice) for el in node.slice):
                return UNKNOWN  # a slice of something unknown is not a size
        if single is None:
            return self.opaque(node, base)
        if isinstance(base, (tuple, list)):
            if isinstance(single, cst.Index):
                idx = self.eval(single.value, env)
                if is_int(idx) and -len(base) <= idx < len(base):
                    return base[idx]
                return self.opaque(node, UNKNOWN)
            if isinstance(single, cst.Slice):
                bounds = (single.lower, single.upper, single.step)
                parts = [self.eval(p, env) if p is not None else None for p in bounds]
                if all(p is None or is_int(p) for p in parts):
                    return base[slice(*parts)]
            return self.opaque(node, UNKNOWN)
        return self.opaque(node, base)

    def opaque(self, node: cst.CSTNode, base: Any) -> Any:
        """An expression the analysis cannot evaluate: a named symbol, shown by its text."""
        if isinstance(base, (Sym, Ref)) or base is UNKNOWN:
            return Sym.named(self.ctx.source(node))
        return UNKNOWN

    def tuple_(self, node: cst.Tuple, env: Scope) -> Any:
        items = self.elements(node.elements, env)
        return UNKNOWN if items is None else tuple(items)

    def list_(self, node: cst.List, env: Scope) -> Any:
        items = self.elements(node.elements, env)
        return UNKNOWN if items is None else list(items)

    def set_display(self, node: cst.Set, env: Scope) -> Any:
        """Sets are not followed; ``{{x}}`` (a set of a set, which Python itself refuses) is a
        template a library fills in before the program runs (hyperas): the overlays say what."""
        inner = node.elements[0].value if len(node.elements) == 1 else None
        if type(inner) is cst.Set and len(inner.elements) == 1:
            found = self.ctx.overlays.template(inner.elements[0].value, env)
            return UNKNOWN if found is NOT_FOLLOWED else found
        return UNKNOWN

    def elements(self, elements: Iterable[cst.BaseElement], env: Scope) -> list[Any] | None:
        out: list[Any] = []
        get = self._get
        for el in elements:
            expr = el.value
            handler = get(type(expr))
            value = UNKNOWN if handler is None else handler(expr, env)
            if type(el) is cst.StarredElement:
                if isinstance(value, (tuple, list)) and self.ctx.known(value):
                    out.extend(value)
                else:
                    return None
            else:
                out.append(value)
        return out

    def dict_(self, node: cst.Dict, env: Scope) -> Any:
        out: dict[Any, Any] = {}
        for el in node.elements:
            if isinstance(el, cst.StarredDictElement):
                value = self.eval(el.value, env)
                if not isinstance(value, dict) or not self.ctx.known(value):
                    return UNKNOWN
                out.update(value)
                continue
            if not isinstance(el, cst.DictElement):
                return UNKNOWN
            key = self.eval(el.key, env)
            if not isinstance(key, (str, int, bool)) or key is None:
                return UNKNOWN
            out[key] = self.eval(el.value, env)
        return out

    def binary(self, node: cst.BinaryOperation, env: Scope) -> Any:
        op = BINOPS.get(type(node.operator))
        get, operand = self._get, node.left
        handler = get(type(operand))
        left = UNKNOWN if handler is None else handler(operand, env)
        operand = node.right
        handler = get(type(operand))
        right = UNKNOWN if handler is None else handler(operand, env)
        if op is None:
            return UNKNOWN
        return self.binop(op, left, right, node)

    def binop(self, op: str | None, left: Any, right: Any, node: cst.CSTNode | None = None) -> Any:
        """``left op right``; ``node`` (the operation as written) lets the overlays report an
        operator their library refuses (tensors that cannot broadcast)."""
        ctx = self.ctx
        broken = ctx.broken  # ``ctx.known`` of each operand, inline
        if op is None or id(left) in broken or id(right) in broken:
            return UNKNOWN
        found = ctx.overlays.binop(op, left, right, node)
        if found is not NOT_FOLLOWED:
            return found
        if op == "+" and isinstance(left, tuple) and isinstance(right, tuple):
            return left + right
        if op == "+" and isinstance(left, list) and isinstance(right, list):
            return left + right
        if op == "+" and type(left) is str and type(right) is str:
            return left + right  # ``eval("layers." + name)``: strings the analysis knows
        if op == "%" and type(left) is str:
            return format_percent(left, right)  # ``getattr(layers, "Conv%dD" % dims)``
        if isinstance(left, (tuple, list)) and is_int(right) and op == "*":
            return left * right
        numeric = (int, float)
        if isinstance(left, numeric) and isinstance(right, numeric) and not isinstance(left, bool):
            return _arith(op, left, right)
        if (is_int(left) or isinstance(left, Sym)) and (is_int(right) or isinstance(right, Sym)):
            if op in ("/", "**"):
                return UNKNOWN
            return arith(op, left, right)
        return UNKNOWN

    def unary(self, node: cst.UnaryOperation, env: Scope) -> Any:
        value = self.eval(node.expression, env)
        if isinstance(node.operator, cst.Not):
            truth = self.ctx.flow.truth(value)
            return UNKNOWN if truth is UNKNOWN else not truth
        if isinstance(node.operator, cst.Minus):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return -value
            found = self.ctx.overlays.binop("*", value, -1)  # ``-x`` of an array or a tensor: its shape
            return UNKNOWN if found is NOT_FOLLOWED else found
        if isinstance(node.operator, cst.Plus):
            return value if isinstance(value, (int, float)) else UNKNOWN
        return UNKNOWN

    def boolean(self, node: cst.BooleanOperation, env: Scope) -> Any:
        left = self.eval(node.left, env)
        truth = self.ctx.flow.truth(left)
        if truth is UNKNOWN:
            return UNKNOWN
        if isinstance(node.operator, cst.And):
            return self.eval(node.right, env) if truth else left
        return left if truth else self.eval(node.right, env)

    def comparison(self, node: cst.Comparison, env: Scope) -> Any:
        left = self.eval(node.left, env)
        result: Any = True
        for target in node.comparisons:
            right = self.eval(target.comparator, env)
            op = type(target.operator)
            if (type(left) is ClassValue or type(right) is ClassValue) and op in _CLASS_COMPARISONS:
                value = self.ctx.classes.compare(op, left, right)  # ``model_type in (GCN, GAT)``
                if value is UNKNOWN:
                    return UNKNOWN
            elif op in (cst.Is, cst.IsNot) and (left is None or right is None) and plain(left) and plain(right):
                value = (left is right) if op is cst.Is else (left is not right)
            elif op in (cst.Is, cst.IsNot) and (left is None or right is None):
                # ``layer is not None`` on an instance, a function, a list, a Keras layer: decided
                if not self.ctx.classes.never_none(right if left is None else left):
                    return UNKNOWN
                value = op is cst.IsNot
            elif op in (cst.In, cst.NotIn):
                found = membership(left, right) if self.ctx.known(right) else UNKNOWN
                if found is UNKNOWN:
                    return UNKNOWN
                value = bool(found) if op is cst.In else not found
            else:
                fn = COMPARE.get(op)
                if op in _ORDERING and len(node.comparisons) == 1 and not (plain(left) and plain(right)):
                    # ``t > 0`` on a tensor or an array: element-wise, the overlay knows its shape
                    found = self.ctx.overlays.binop(_ORDERING[op], left, right)
                    return UNKNOWN if found is NOT_FOLLOWED else found
                if fn is None or not (plain(left) and plain(right)):
                    return UNKNOWN
                try:
                    value = fn(left, right)
                except TypeError:
                    return UNKNOWN
            if not value:
                result = False
            left = right
        return result

    def if_exp(self, node: cst.IfExp, env: Scope) -> Any:
        truth = self.ctx.flow.truth(self.eval(node.test, env))
        if truth is UNKNOWN:
            body, orelse = self.eval(node.body, env), self.eval(node.orelse, env)
            return body if plain(body) and body == orelse else UNKNOWN
        return self.eval(node.body if truth else node.orelse, env)

    # ------------------------------------------------------------------- calls
    def call_expr(self, node: cst.Call, env: Scope) -> Any:
        callee = node.func
        handler = self._get(type(callee))
        func = UNKNOWN if handler is None else handler(callee, env)
        args = self.eval_args(node.args, env) if node.args else []
        if type(func) is Ref:  # ``call``'s first case, one frame less for most calls
            return self.call_ref(func, args, node)
        return self.call(func, args, node, env)

    def eval_args(self, raw: Sequence[cst.Arg], env: Scope) -> list[Arg] | None:
        """Evaluated arguments; None when a ``*args``/``**kwargs`` cannot be expanded.

        A call evaluated again (a loop's body, a function called again: a model zoo's blocks)
        reads its arguments from a plan made at its second evaluation (``_ArgStep``); at its
        first, from the nodes (most calls of a script are evaluated once: a plan would not pay)."""
        plan = self._arg_plans.get(id(raw))
        if plan is None or plan[0] is not raw:
            self._arg_plans[id(raw)] = (raw, None)
            return self._args_from_nodes(raw, env)
        steps = plan[1]
        if steps is None:
            steps = [_ArgStep(a) for a in raw]
            self._arg_plans[id(raw)] = (raw, steps)
        args: list[Arg] = []
        complete = True
        get = self._get
        for step in steps:
            fixed = step.fixed
            if fixed is not None:
                args.append(fixed)
                continue
            expr = step.expr
            handler = get(type(expr))
            value = UNKNOWN if handler is None else handler(expr, env)
            star = step.star
            if not star:
                arg = Arg(step.keyword, value)
                if step.literal:
                    step.fixed = arg  # a literal's value is its node's: the same argument each time
                args.append(arg)
            elif not self._expand(star, value, args):
                complete = False
        if not complete:
            self._not_followed(args)
            return None
        return args

    def _args_from_nodes(self, raw: Iterable[cst.Arg], env: Scope) -> list[Arg] | None:
        """``eval_args`` at a call's first evaluation: read from the nodes."""
        args: list[Arg] = []
        complete = True
        get = self._get
        for a in raw:
            expr = a.value
            handler = get(type(expr))
            value = UNKNOWN if handler is None else handler(expr, env)
            star = a.star
            if not star:
                keyword = a.keyword
                args.append(Arg(None if keyword is None else keyword.value, value))
            elif not self._expand(star, value, args):
                complete = False
        if not complete:
            self._not_followed(args)
            return None
        return args

    def _expand(self, star: str, value: Any, args: list[Arg]) -> bool:
        """``*value`` / ``**value`` appended to ``args``; False when it cannot be expanded."""
        if star == "*":
            if isinstance(value, (tuple, list)) and self.ctx.known(value):
                args.extend(Arg(None, v) for v in value)
                return True
            return False
        if star == "**":
            if isinstance(value, dict) and self.ctx.known(value):
                args.extend(Arg(k, v) for k, v in value.items())
                return True
            return False
        return True

    def _not_followed(self, args: list[Arg]) -> None:
        """The arguments of a call with a ``*args``/``**kwargs`` that cannot be expanded: what
        was given may be changed in ways the analysis does not follow."""
        for given in args:
            self.ctx.lose_value(given.value, None, "arguments not followed")

    def call(self, func: Any, args: list[Arg] | None, node: cst.Call, env: Scope) -> Any:
        kind = type(func)  # exact types (none of these classes is subclassed): cheaper than ``isinstance``
        if kind is Ref:
            return self.call_ref(func, args, node)
        modules = self.ctx.modules
        if modules is not None and not modules.inside and kind in _USER_CALLABLES:  # another module's: budgeted
            defined: Scope | None = None
            key: cst.CSTNode | None = None
            if kind is FunctionValue:
                defined, key = func.env, func.node
            elif kind is ClassValue:
                key = func.node
                defined = next((v.env for v in func.attrs.values() if isinstance(v, FunctionValue)), None)
            elif kind is UserMethod:
                defined, key = func.func.env, func.func.node
            if defined is not None and key is not None and modules.foreign(defined):
                name = func.name if isinstance(func, ClassValue) else self.ctx.source(node.func)
                found = modules.call(lambda: self._call(func, args, node, env), args, node, name, key)
                if kind is ClassValue and type(found) is not ObjectValue:  # ``__init__`` not followed
                    return self.ctx.classes.unfollowed(func, args, node)  # still an instance, never None
                return found
        return self._call(func, args, node, env)

    def _call(self, func: Any, args: list[Arg] | None, node: cst.Call, env: Scope) -> Any:
        kind = type(func)
        if kind is FunctionValue:
            return self.ctx.functions.call_function(func, args, node)
        if kind is BoundMethod:
            return self.call_method(func, args, node)
        if kind is ClassValue:
            return self.ctx.classes.instantiate(func, args, node)
        if kind is UserMethod:
            return self.ctx.functions.call_function(func.func, args, node, self_obj=func.obj)
        if kind is PartialValue:
            return self.call(func.func, None if args is None else func.args + args, node, env)
        followed = self.ctx.overlays.call_value(func, args, node, env)
        if followed is not NOT_FOLLOWED:
            return followed
        if kind is ObjectValue:
            return self.ctx.classes.call_object(func, args, node)
        return self.call_unknown(args, node)

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        known = self._quals.get(ref.qual)
        if known is None:
            qual = BUILTIN_ALIASES.get(ref.qual, ref.qual)
            known = (qual, qual[9:] if qual.startswith("builtins.") else None, qual.startswith("os."))
            self._quals[ref.qual] = known
        qual, builtin, in_os = known
        if args is not None and (builtin is not None or qual == "functools.partial"):
            pos = [a.value for a in args if a.keyword is None]
            if builtin is not None:
                kw = {a.keyword: a.value for a in args if a.keyword is not None}
                found = self.ctx.overlays.builtin(builtin, pos, kw)
                if found is NOT_FOLLOWED:
                    found = self.builtins.call(builtin, pos, kw, node)
                return fold_builtin(builtin, pos) if found is NOT_FOLLOWED else found
            if qual == "functools.partial" and pos:
                kws = [Arg(a.keyword, a.value) for a in args if a.keyword is not None]
                return PartialValue(pos[0], [Arg(None, p) for p in pos[1:]] + kws)
        if in_os:
            found = self.builtins.environ_call(qual, args)
            if found is not NOT_FOLLOWED:
                return found
        found = self.ctx.overlays.call_ref(ref, args, node)
        if found is not NOT_FOLLOWED:
            return found
        return self.call_unknown(args, node, outside=True)

    def call_method(self, method: BoundMethod, args: list[Arg] | None, node: cst.Call) -> Any:
        obj, name = method.obj, method.name
        found = self.ctx.overlays.call_method(obj, name, args, node)
        if found is not NOT_FOLLOWED:
            return found
        if isinstance(obj, dict):
            return self.builtins.dict_method(obj, name, args)
        if isinstance(obj, list):
            return self.builtins.list_method(obj, name, args, node)
        if type(obj) is str:
            return self.builtins.str_method(obj, name, args)
        return UNKNOWN

    def call_unknown(self, args: list[Arg] | None, node: cst.Call, outside: bool = False) -> Any:
        """A callee the analysis does not follow: it may mutate whatever it is given, and the
        overlays say what it most likely returns (an unknown tensor when given a tensor).
        ``outside``: the callee is imported (code from outside the file), and the overlays may
        keep what they assume such code leaves as it is (a Keras model: docs/analysis.md)."""
        known = self._why.get(id(node))
        if known is not None and known[0] is node:
            why = known[1]  # the same call again (a loop's iterations, a function called again)
        else:
            if type(node.func) is cst.Call:  # ``Squeeze()(x)``: a class the analysis does not know
                why = f"custom layer `{self.ctx.source(node.func.func)}` is not followed"
            else:
                why = f"call to `{self.ctx.source(node.func)}` is not followed"
            self._why[id(node)] = (node, why)
        if not outside and self.ctx.modules is not None and not self.ctx.modules.native(node):
            outside = True  # inside another module's code (interp/modules.py): as inside a library's
        for a in args or ():
            if outside and self.ctx.overlays.passed_out(a.value, node, why):
                continue
            self.ctx.lose_value(a.value, node, why)
        found = self.ctx.overlays.opaque_result(args, node, why)
        return UNKNOWN if found is NOT_FOLLOWED else found
