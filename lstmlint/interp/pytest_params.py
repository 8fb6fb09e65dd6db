"""Test functions that pytest runs once per parametrization, checked once per parametrization.

``@pytest.mark.parametrize("dim", [1, 2])`` makes pytest call the test function once with
``dim=1`` and once with ``dim=2``. Nobody in the file calls a test function, so the standalone
check (``functions.Functions.check_standalone``) would follow it with its parameters unknown,
and ``Conv1D if dim == 1 else Conv2D`` or ``(8,) * dim + (3,)`` would be lost. Here each
combination pytest runs is followed instead, with the parametrized arguments bound to their
values:

* the argument names are a literal (``"a,b"``, ``"a, b"``, ``["a", "b"]``); the values a literal
  list or tuple, a name bound once at module level to one, or any expression whose value is a
  list/tuple/range of plain constants; each value may be a ``pytest.param(..., id=...)``;
* stacked decorators multiply (pytest's cross product); a multi-name decorator zips its tuples;
* each value is evaluated again, in the module scope, for each combination: a layer instance in
  the list (``ReLU()``) is a fresh layer in every combination, so combinations never share it;
* a value given to a fixture (``indirect=``) defined in the module as a plain ``@pytest.fixture``
  function is passed to it as ``request.param`` (nothing else of ``request`` is known), and the
  test receives what the fixture returns; other fixtures, and arguments not parametrized, stay
  unknown, as do arguments whose values are all unknown to the analysis (a class of a library
  lstmlint does not model, an enum member): those are not multiplied;
* a fixture of the module declared with ``@pytest.fixture(params=[...])`` (``ids=`` too) that a
  test requests by an argument no ``parametrize`` names varies like one more parametrization:
  pytest runs the test once per value, the fixture getting it as ``request.param``;
* a ``pytest.param`` marked ``skip``, ``skipif`` or ``xfail`` is not followed (pytest does not run
  it, or expects it to fail); a test function itself so marked is checked as before;
* findings inside a ``with pytest.raises(...)`` block of the test are expected failures and dropped.

At most ``MAX_COMBINATIONS`` combinations per function are followed; beyond that the most used
parametrizations vary, and the others are left unknown: a plain constant left unknown stays a
symbol, while one whose values are layers, classes or functions (``(ReLU(), "relu")``) would lose
what it builds, so each of its values rides along with the varied product instead (combination
``j`` takes its value ``j`` modulo their number: every pairing followed is one pytest runs).
When nothing fits (or the per-file statement budget is half spent) the function is checked once
with its parameters unknown, as before; ``--verbose`` says which.

A finding made in several combinations is reported once (``rules.render`` keeps one finding per
code and node), with a note naming the combination. Layer applications and models of the
combinations are recorded in ``Analysis.variants``: ``report/coverage.py`` counts each source
application (and each model) once, fully known (followed) only if it is in every combination.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import libcst as cst

from lstmlint.interp.names import children, nodes_inside_with, own_yields, subtree
from lstmlint.interp.values import Arg, ClassValue, FunctionValue, ObjectValue, Unfollowable
from lstmlint.layers.libraries import library_kind
from lstmlint.shapes import UNKNOWN
from lstmlint.source.imports import Ref, keras_path

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

MAX_COMBINATIONS = 16
_PYTEST_ROOTS = ("pytest", "_pytest")
_NOT_RUN_MARKS = ("skip", "skipif", "xfail")
_PLAIN = (int, float, str, bool, bytes, type(None))


@dataclass(frozen=True)
class _Value:
    """One value of one argument: an expression evaluated in the module scope, or a constant."""

    node: cst.BaseExpression | None
    constant: Any = None
    fixture: FunctionValue | None = None  # ``indirect=``: the module's fixture that receives it

    def text(self, ctx: Context) -> str:
        if self.node is not None:
            return ctx.source(self.node)
        return repr(self.constant)


@dataclass(frozen=True)
class _Row:
    """One entry of one decorator's values: a value per argument name (None: left unknown)."""

    values: tuple[_Value | None, ...]
    ident: str | None  # ``pytest.param(..., id=...)`` or the decorator's ``ids=``


@dataclass(frozen=True)
class _Decorator:
    names: tuple[str, ...]
    rows: tuple[_Row, ...]


@dataclass(frozen=True)
class Combination:
    """One call pytest makes: the value of each parametrized argument, and how to name it."""

    bindings: tuple[tuple[str, _Value], ...]
    label: str


class NotParsed(Exception):
    """A parametrization the analysis cannot read statically (its test is checked as before)."""


# ----------------------------------------------------------------------------- reading
def _pytest_qual(ctx: Context, expr: cst.BaseExpression) -> str | None:
    """``"mark.parametrize"`` for ``pytest.mark.parametrize`` (however imported), else None."""
    try:
        value = ctx.eval(expr, ctx.globals)
    except Exception:  # noqa: BLE001 - a decorator the evaluator cannot read is not pytest's
        return None
    if not isinstance(value, Ref):
        return None
    root, _, rest = value.qual.partition(".")
    return rest if root in _PYTEST_ROOTS else None


def _call_parts(call: cst.Call) -> tuple[list[cst.BaseExpression], dict[str, cst.BaseExpression]]:
    pos: list[cst.BaseExpression] = []
    kws: dict[str, cst.BaseExpression] = {}
    for a in call.args:
        if a.star:
            raise NotParsed("`*args` in a parametrization")
        if a.keyword is not None:
            kws[a.keyword.value] = a.value
        else:
            pos.append(a.value)
    return pos, kws


def _constant(ctx: Context, node: cst.BaseExpression) -> Any:
    try:
        return ctx.eval(node, ctx.globals)
    except Exception:  # noqa: BLE001 - what cannot be evaluated is not a constant
        return UNKNOWN


def _plain(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return isinstance(value, _PLAIN)


def _names(ctx: Context, node: cst.BaseExpression) -> tuple[str, ...]:
    """The argument names: ``"a,b"``, ``"a, b"`` or a list/tuple of names."""
    value = _constant(ctx, node)
    if isinstance(value, str):
        names = tuple(n.strip() for n in value.split(",") if n.strip())
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        names = tuple(v.strip() for v in value)
    else:
        raise NotParsed("argument names that are not a literal")
    if not names or not all(n.isidentifier() for n in names):
        raise NotParsed("argument names that are not a literal")
    return names


def _module_literal(ctx: Context, name: str) -> cst.List | cst.Tuple | None:
    """The list/tuple literal ``name`` is bound to at module level, when it is bound exactly once."""
    found: list[cst.BaseExpression | None] = []
    for stmt in ctx.module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            if _binds_in_compound(stmt, name):
                return None
            continue
        for small in stmt.body:
            if isinstance(small, cst.Assign):
                for t in small.targets:
                    if isinstance(t.target, cst.Name) and t.target.value == name:
                        found.append(small.value if len(small.targets) == 1 else None)
                    elif _mentions_target(t.target, name):
                        return None
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                if isinstance(small.target, cst.Name) and small.target.value == name:
                    found.append(small.value if isinstance(small, cst.AnnAssign) else None)
    if len(found) != 1:
        return None
    value = found[0]
    return value if isinstance(value, (cst.List, cst.Tuple)) else None


def _mentions_target(target: cst.BaseExpression, name: str) -> bool:
    if isinstance(target, (cst.Tuple, cst.List)):
        return any(_mentions_target(e.value, name) for e in target.elements)
    if isinstance(target, cst.StarredElement):
        return _mentions_target(target.value, name)
    return isinstance(target, cst.Name) and target.value == name


def _binds_in_compound(stmt: cst.CSTNode, name: str) -> bool:
    """Whether a module-level compound statement (``if``, ``try``, ``for``, ``with``) may bind ``name``."""
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        return stmt.name.value == name
    return any(type(n) is cst.Name and n.value == name for n in subtree(stmt))


def _elements(ctx: Context, node: cst.BaseExpression) -> list[_Value]:
    """The values of a parametrization, each as an expression or a constant."""
    literal: cst.BaseExpression | None = node
    if isinstance(node, cst.Name):
        literal = _module_literal(ctx, node.value)
    if isinstance(literal, (cst.List, cst.Tuple)):
        out: list[_Value] = []
        for el in literal.elements:
            if isinstance(el, cst.StarredElement):
                raise NotParsed("a starred element among the values")
            out.append(_Value(el.value))
        return out
    value = _constant(ctx, node)
    if isinstance(value, range):
        value = list(value)
    if isinstance(value, (list, tuple)) and all(_plain(v) for v in value):
        return [_Value(None, v) for v in value]
    raise NotParsed("values that are neither a literal list nor constants")


def _marks_not_run(ctx: Context, node: cst.BaseExpression) -> bool:
    """Whether ``marks=`` holds ``skip``/``skipif``/``xfail`` (pytest does not run it, or expects
    it to fail); an expression the analysis cannot read counts as such."""
    items: Sequence[cst.BaseExpression]
    if isinstance(node, (cst.List, cst.Tuple)):
        items = [e.value for e in node.elements]
    else:
        items = [node]
    for item in items:
        callee = item.func if isinstance(item, cst.Call) else item
        qual = _pytest_qual(ctx, callee)
        if qual is None or qual.rpartition(".")[2] in _NOT_RUN_MARKS:
            return True
    return False


def _ids(ctx: Context, kws: dict[str, cst.BaseExpression]) -> list[str | None]:
    """The literal ``ids=`` of a parametrization or a fixture: a name per value (None where an
    id is not a string literal); empty when there is none or it is not a literal list."""
    got = _constant(ctx, kws["ids"]) if "ids" in kws else None
    if not isinstance(got, (list, tuple)):
        return []
    return [i if isinstance(i, str) else None for i in got]


def _row(ctx: Context, value: _Value, n: int, whole: bool, ident: str | None) -> _Row | None:
    """One entry of the values (None: pytest does not run it)."""
    node = value.node
    if node is not None and isinstance(node, cst.Call) and _pytest_qual(ctx, node.func) == "param":
        pos, kws = _call_parts(node)
        if "marks" in kws and _marks_not_run(ctx, kws["marks"]):
            return None
        if "id" in kws:
            got = _constant(ctx, kws["id"])
            ident = got if isinstance(got, str) else ident
        if len(pos) != n:
            raise NotParsed("a `pytest.param` with another number of values than names")
        return _Row(tuple(_Value(p) for p in pos), ident)
    if whole:
        return _Row((value,), ident)
    if node is None:
        if isinstance(value.constant, (tuple, list)) and len(value.constant) == n:
            return _Row(tuple(_Value(None, v) for v in value.constant), ident)
        raise NotParsed("a value that is not a tuple of as many values as names")
    if isinstance(node, (cst.Tuple, cst.List)) and len(node.elements) == n:
        if any(isinstance(e, cst.StarredElement) for e in node.elements):
            raise NotParsed("a starred element among the values")
        return _Row(tuple(_Value(e.value) for e in node.elements), ident)
    raise NotParsed("a value that is not a tuple of as many values as names")


def _decorator(ctx: Context, call: cst.Call) -> _Decorator:
    pos, kws = _call_parts(call)
    names_node = pos[0] if pos else kws.get("argnames")
    values_node = pos[1] if len(pos) > 1 else kws.get("argvalues")
    if names_node is None or values_node is None:
        raise NotParsed("a parametrization without names or values")
    names = _names(ctx, names_node)
    # pytest takes each value whole for one name given as a string; otherwise it unpacks it
    whole = len(names) == 1 and isinstance(_constant(ctx, names_node), str)
    indirect: set[str] = set()
    if "indirect" in kws:
        flag = _constant(ctx, kws["indirect"])
        if flag is True:
            indirect = set(names)
        elif isinstance(flag, (list, tuple)) and all(isinstance(v, str) for v in flag):
            indirect = set(flag)
        elif flag is not False:
            raise NotParsed("`indirect=` that is not a literal")
    ids = _ids(ctx, kws)
    rows: list[_Row] = []
    for i, value in enumerate(_elements(ctx, values_node)):
        row = _row(ctx, value, len(names), whole, ids[i] if i < len(ids) else None)
        if row is None:
            continue
        if indirect:  # a fixture receives these values as ``request.param``
            row = _Row(
                tuple(_indirect(ctx, n, v) if n in indirect else v for n, v in zip(names, row.values)), row.ident
            )
        rows.append(row)
    return _Decorator(names, tuple(rows))


def _indirect(ctx: Context, name: str, value: _Value | None) -> _Value | None:
    """A value given to the fixture ``name``: kept when that fixture is a function of this module
    the analysis can follow (a plain ``@pytest.fixture`` function, not a generator), else None
    (the test's argument stays unknown)."""
    fixture = ctx.globals.get(name)
    if value is None or not isinstance(fixture, FunctionValue):
        return None
    marks = [d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator for d in fixture.node.decorators]
    if not any(_pytest_qual(ctx, m) == "fixture" for m in marks) or _yields(fixture.node):
        return None
    return _Value(value.node, value.constant, fixture)


def _yields(node: cst.FunctionDef) -> bool:
    """Whether the function's own body (not a nested function's, class's or lambda's) has a
    ``yield``."""
    return next(own_yields(node.body), None) is not None


def _fixture_params(ctx: Context, func: FunctionValue, named: set[str]) -> list[_Decorator]:
    """``@pytest.fixture(params=[...])`` fixtures of this module that ``func`` requests by an
    argument no ``parametrize`` names: pytest runs the test once per value, the fixture getting it
    as ``request.param`` (like ``indirect=``). Each is one more parametrization of one name."""
    out: list[_Decorator] = []
    for p in func.node.params.params:
        name = p.name.value
        fixture = ctx.globals.get(name) if name not in named else None
        if not isinstance(fixture, FunctionValue):
            continue
        calls = [d.decorator for d in fixture.node.decorators if isinstance(d.decorator, cst.Call)]
        call = next((c for c in calls if _pytest_qual(ctx, c.func) == "fixture"), None)
        if call is None:
            continue
        _, kws = _call_parts(call)
        if "params" not in kws or "name" in kws:
            continue
        if _yields(fixture.node):
            raise NotParsed(f"fixture `{name}` with `params=` is a generator")
        ids = _ids(ctx, kws)
        rows: list[_Row] = []
        for i, value in enumerate(_elements(ctx, kws["params"])):
            row = _row(ctx, value, 1, True, ids[i] if i < len(ids) else None)
            if row is not None:
                rows.append(_Row(tuple(_Value(v.node, v.constant, fixture) if v else v for v in row.values), row.ident))
        out.append(_Decorator((name,), tuple(rows)))
    return out


def _parametrize_calls(ctx: Context, func: FunctionValue) -> tuple[list[cst.Call], bool]:
    """The ``parametrize`` decorators of ``func`` (outermost first), and whether the function
    itself is marked so that pytest does not run it or expects it to fail."""
    calls: list[cst.Call] = []
    not_run = False
    for d in func.node.decorators:
        expr = d.decorator
        callee = expr.func if isinstance(expr, cst.Call) else expr
        if not isinstance(callee, (cst.Attribute, cst.Name)):
            continue
        qual = _pytest_qual(ctx, callee)
        if qual is None:
            continue
        last = qual.rpartition(".")[2]
        if last == "parametrize" and isinstance(expr, cst.Call):
            calls.append(expr)
        elif qual.startswith("mark.") and last in _NOT_RUN_MARKS:
            not_run = True
    return calls, not_run


_Choice = tuple[tuple[tuple[str, _Value], ...], list[str]]


def combinations(ctx: Context, func: FunctionValue) -> tuple[list[Combination], str | None] | None:
    """The combinations pytest runs ``func`` with (None when ``func`` is not parametrized), and
    what was left unknown to stay within ``MAX_COMBINATIONS`` (None when nothing was).

    Only arguments the test uses where the analysis may learn from them vary: one used only in
    f-strings, ``assert`` statements or calls of libraries other than Keras, TensorFlow and NumPy
    (``hls4ml.converters.convert_from_keras_model(..., backend=backend)``) cannot change a
    shape, and is left unknown. When the product of what remains exceeds the cap, the
    parametrizations whose arguments are used most are varied first, the rest left unknown
    (always sound: an unknown argument is what the check without parametrization uses).

    Raises ``NotParsed`` when a parametrization cannot be read statically."""
    calls, not_run = _parametrize_calls(ctx, func)
    if not_run and calls:
        raise NotParsed("the test is marked `skip`, `skipif` or `xfail`")
    decorators = [_decorator(ctx, c) for c in calls]
    # fixtures with ``params=`` vary like the innermost parametrizations (pytest's ids list them first)
    fixtures = _fixture_params(ctx, func, {n for d in decorators for n in d.names})
    if not calls and not fixtures:
        return None
    if not_run:
        raise NotParsed("the test is marked `skip`, `skipif` or `xfail`")
    decorators += fixtures
    params = {p.name.value for p in (*func.node.params.posonly_params, *func.node.params.params)}
    params |= {p.name.value for p in func.node.params.kwonly_params}
    uses, in_calls = _relevant_uses(ctx, func.node)
    axes: list[tuple[list[_Choice], tuple[int, int], tuple[str, ...]]] = []
    for dec in reversed(decorators):  # pytest's ids list the innermost decorator first
        if not dec.rows:
            raise NotParsed("every value is marked `skip`, `skipif` or `xfail`")
        names = tuple(n for n in dec.names if n in params and uses.get(n, 0))
        if not names:
            continue
        choices: list[_Choice] = []
        for row in dec.rows:
            pairs = [(n, v) for n, v in zip(dec.names, row.values) if n in names]
            bound = tuple((n, v) for n, v in pairs if v is not None and _known(ctx, v))
            parts = [row.ident] if row.ident is not None else [_shown(ctx, n, v) for n, v in pairs]
            choices.append((bound, parts))
        if all(not bound for bound, _ in choices):
            continue  # nothing the analysis would know differs: not multiplied
        # what reaches a call the analysis follows (a layer's argument) is varied before what
        # is only tested (``if backend == ...``): a shape can depend only on the former
        weight = (sum(1 for n in names if n in in_calls), sum(uses[n] for n in names))
        axes.append((_distinct(ctx, choices), weight, names))
    total = 1
    for axis, _, _ in axes:
        total *= len(axis)
    note = None
    riding: list[list[_Choice]] = []
    if total > MAX_COMBINATIONS:
        kept: list[int] = []
        product = 1
        for i in sorted(range(len(axes)), key=lambda i: (-axes[i][1][0], -axes[i][1][1], len(axes[i][0]))):
            if product * len(axes[i][0]) <= MAX_COMBINATIONS:
                kept.append(i)
                product *= len(axes[i][0])
        # left out, an argument whose values are layers, classes or functions would lose what it
        # builds: each of its values rides along with the product instead (pytest runs each pairing)
        # so would strings handed to a call the analysis follows (``create_model(layer="PFlatten()")``
        # that evaluates it): code or a name that builds something
        rides = [
            i
            for i in range(len(axes))
            if i not in kept and not _plain_axis(ctx, axes[i][0], strings=axes[i][1][0] == 0)
        ]
        riding = [axes[i][0] for i in rides]
        count = max([product] + [len(axis) for axis in riding])
        unknown = [n for i, (_, _, names) in enumerate(axes) if i not in kept and i not in rides for n in names]
        note = f"{total} pytest parametrizations, more than {MAX_COMBINATIONS}: "
        if riding:
            ridden = ", ".join(f"`{n}`" for i in rides for n in axes[i][2])
            note += f"{count} followed, each value of {ridden} at least once"
            note += f", with {', '.join(f'`{n}`' for n in unknown)} unknown" if unknown else ""
        elif product > 1:
            note += f"{product} followed, with {', '.join(f'`{n}`' for n in unknown)} unknown"
        else:
            note += "checked once with its parameters unknown"
        axes = [axes[i] for i in sorted(kept)]
    out: list[Combination] = []
    products = list(itertools.product(*(axis for axis, _, _ in axes)))
    for j in range(max([len(products)] + [len(axis) for axis in riding])):
        combo = products[j % len(products)] + tuple(axis[j % len(axis)] for axis in riding)
        bindings = tuple(b for bound, _ in combo for b in bound)
        label = ", ".join(p for _, parts in combo for p in parts)
        out.append(Combination(bindings, label))
    return out, note


def _plain_axis(ctx: Context, axis: list[_Choice], strings: bool = True) -> bool:
    """Whether every value of one parametrization is a plain constant (a size, a string...):
    left unknown, it stays a symbol and what it sizes is still followed. With ``strings`` False
    a string is not: it may be code (``eval(layer)``) or a name that builds something, lost
    when unknown. Looking leaves no finding behind."""
    mark = ctx.sink.mark()
    try:
        return all(
            v.node is None or (_plain(found := _constant(ctx, v.node)) and (strings or not _has_str(found)))
            for bound, _ in axis
            for _, v in bound
        )
    finally:
        ctx.sink.drop_since(mark)


def _has_str(value: Any) -> bool:
    if isinstance(value, tuple):
        return any(_has_str(v) for v in value)
    return isinstance(value, str)


def _shown(ctx: Context, name: str, value: _Value | None) -> str:
    return f"{name}=<fixture>" if value is None else f"{name}={value.text(ctx)}"


_FOLLOWED_ROOTS = ("keras", "tensorflow", "tf_keras", "numpy", "builtins")


_SILENT = (cst.FormattedString, cst.Assert)
_ASSIGNS = (cst.Assign, cst.AugAssign, cst.AnnAssign)
_VALUE_ONLY = (cst.Attribute, cst.Arg)


def _relevant_uses(ctx: Context, node: cst.FunctionDef) -> tuple[dict[str, int], set[str]]:
    """How often each name is read in the body where its value may reach what the analysis
    follows: in a call, a test, a loop, a ``return``..., but not inside an f-string, an
    ``assert``, or the arguments of a call of another library
    (``hls4ml.converters.convert_from_keras_model(model, backend=backend)``); read outside any
    call on the right of an assignment, it counts only when a name assigned is itself so read
    (``prec = "a" if backend == "V" else "b"`` with ``prec`` given only to hls4ml, or
    ``config["x"]["y"] = strategy``, do not count; ``shape = (8,) * dim`` then
    ``Input(shape)`` does). Also the names whose value reaches the arguments of a call the
    analysis follows, directly or through such assignments."""
    direct: dict[str, int] = {}
    called: set[str] = set()
    edges: dict[str, list[str]] = {}  # a name read in an assignment -> the names it assigns
    into: list[list[str]] = []  # the names the assignment being visited binds

    def other_library(call: cst.Call) -> bool:
        if not isinstance(call.func, (cst.Attribute, cst.Name)):
            return False
        value = _constant(ctx, call.func)
        return (
            isinstance(value, Ref)
            and value.qual.partition(".")[0] not in _FOLLOWED_ROOTS
            and library_kind(value.qual) is None  # a layer library's class is followed (its spec)
        )

    def roots(target: cst.BaseExpression) -> list[str]:
        while isinstance(target, (cst.Subscript, cst.Attribute)):
            target = target.value
        if isinstance(target, cst.Name):
            return [target.value]
        if isinstance(target, (cst.Tuple, cst.List)):
            return [r for e in target.elements for r in roots(e.value)]
        if isinstance(target, cst.StarredElement):
            return roots(target.value)
        return []

    def visit(n: cst.CSTNode, quiet: bool, in_call: bool) -> None:
        # one walk of the fields (a libcst visitor costs many times more on a long test)
        kind = type(n)
        if kind is cst.Call:
            in_call = True
            quiet = quiet or other_library(cast(cst.Call, n))
        elif kind in _SILENT:
            quiet = True
        if not quiet and kind in _ASSIGNS:
            assign = cast("cst.Assign | cst.AugAssign | cst.AnnAssign", n)
            targets = [t.target for t in assign.targets] if isinstance(assign, cst.Assign) else [assign.target]
            bound = [r for t in targets for r in roots(t)]
            into.append(bound)
            for t in targets:  # the indices of ``d[i] = v`` are read, the names bound are not
                if type(t) is not cst.Name:
                    read(t, quiet, in_call)
            if assign.value is not None:
                visit(assign.value, quiet, in_call)
            into.pop()
            return
        if kind is cst.Name:
            if not quiet:
                name = cast(cst.Name, n).value
                if into and not in_call:  # read in a call: followed where it is read
                    for bound_name in into[-1]:
                        edges.setdefault(name, []).append(bound_name)
                else:
                    direct[name] = direct.get(name, 0) + 1
                    if in_call:
                        called.add(name)
            return
        if kind in _VALUE_ONLY:  # ``x.name``, ``f(name=...)``: not a use of `name`
            visit(cast("cst.Attribute | cst.Arg", n).value, quiet, in_call)
            return
        for child in children(n):
            visit(child, quiet, in_call)

    def read(target: cst.BaseExpression, quiet: bool, in_call: bool) -> None:
        if isinstance(target, (cst.Subscript, cst.Attribute)):
            if isinstance(target, cst.Subscript):
                for el in target.slice:
                    visit(el, quiet, in_call)
            read(target.value, quiet, in_call)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for e in target.elements:
                read(e.value, quiet, in_call)

    visit(node.body, False, False)
    uses = dict(direct)
    changed = True
    while changed:  # a name assigned into a name that is used is used
        changed = False
        for name, targets in edges.items():
            count = sum(1 for t in targets if uses.get(t, 0))
            if count and uses.get(name, 0) < direct.get(name, 0) + count:
                uses[name] = direct.get(name, 0) + count
                changed = True
            if name not in called and any(t in called for t in targets):
                called.add(name)
                changed = True
    return uses, called


def _known(ctx: Context, value: _Value) -> bool:
    """Whether the analysis knows anything of ``value`` (else it stays an unknown parameter, as
    a class of a library lstmlint does not model does). Looking leaves no finding behind."""
    if value.node is None:
        return True
    mark = ctx.sink.mark()
    got = _constant(ctx, value.node)
    ctx.sink.drop_since(mark)
    if isinstance(got, Ref):  # a Keras class, or a layer library's class lstmlint models (``QDense``)
        return keras_path(got.qual) is not None or library_kind(got.qual) is not None
    return got is not UNKNOWN


def _distinct(
    ctx: Context, choices: list[tuple[tuple[tuple[str, _Value], ...], list[str]]]
) -> list[tuple[tuple[tuple[str, _Value], ...], list[str]]]:
    """The choices that bind something different (``["relu", None]`` for an unused argument
    would run the same code twice)."""
    seen: set[tuple[tuple[str, str], ...]] = set()
    out: list[tuple[tuple[tuple[str, _Value], ...], list[str]]] = []
    for bound, parts in choices:
        key = tuple((n, v.text(ctx)) for n, v in bound)
        if key in seen:
            continue
        seen.add(key)
        out.append((bound, parts))
    return out


# ----------------------------------------------------------------------------- running
def _raises_nodes(ctx: Context, node: cst.FunctionDef) -> set[int]:
    """Ids of the nodes inside the test's ``with pytest.raises(...)`` blocks."""
    return nodes_inside_with(node.body, lambda call: _pytest_qual(ctx, call.func) in ("raises", "warns"))


def check_parametrized(ctx: Context, func: FunctionValue) -> bool:
    """Follow ``func`` once per pytest parametrization; False when it is not parametrized or
    cannot be (the caller then checks it once with its parameters unknown)."""
    from lstmlint.interp.flow import STEP_BUDGET

    name = f"`{func.qualname}()`"
    try:
        found = combinations(ctx, func)
    except NotParsed as e:
        ctx.sink.lose(
            func.node, f"{name}: pytest parametrization not read ({e}): checked once with its parameters unknown"
        )
        return False
    if found is None:
        return False
    combos, note = found
    if note is not None:
        ctx.sink.lose(func.node, f"{name}: {note}")
    if len(combos) == 1 and not combos[0].bindings:
        return False  # nothing the analysis knows varies: the check with unknown parameters
    if ctx.flow.steps > STEP_BUDGET // 2:
        ctx.sink.lose(func.node, f"{name}: per-file budget half spent: checked once with its parameters unknown")
        return False
    result = ctx.result
    raises = _raises_nodes(ctx, func.node)
    ctx.result.call_names[func.node] = f"{name}, checked with each pytest parametrization"
    for combo in combos:
        marks = (len(result.applications), len(result.models), len(result.findings))
        # a node of its own per combination, so a finding's note names the combination
        here = func.node.with_changes()
        result.call_names[here] = f"the pytest parametrization `[{combo.label}]`"
        saved = ctx.call_context
        ctx.call_context = saved + (here,)
        try:
            args = [Arg(n, _argument(ctx, v)) for n, v in combo.bindings]
            ctx.functions.call_function(func, args, func.node, label=name)
        finally:
            ctx.call_context = saved
        if raises:
            kept = [f for f in result.findings[marks[2] :] if not _expected(f, raises)]
            del result.findings[marks[2] :]
            result.findings.extend(kept)
        _record_variants(ctx, func, here, marks)
    return True


def _argument(ctx: Context, value: _Value) -> Any:
    """What the test receives: the value, or what its fixture returns given it as ``request.param``."""
    got = _evaluated(ctx, value)
    if value.fixture is None:
        return got
    request = ObjectValue(_REQUEST, {"param": got}, value.fixture.node)
    label = f"`{value.fixture.qualname}()`"
    return ctx.functions.call_function(value.fixture, [Arg("request", request)], value.fixture.node, label=label)


# pytest's ``request`` given to a fixture: only ``request.param`` is known
_REQUEST = ClassValue(cst.ClassDef(name=cst.Name("FixtureRequest"), body=cst.IndentedBlock(body=[])), {}, [], None)


def _evaluated(ctx: Context, value: _Value) -> Any:
    """The value of one argument, evaluated afresh for the combination (a fresh layer each time)."""
    if value.node is None:
        return value.constant
    try:
        return ctx.eval(value.node, ctx.globals)
    except Unfollowable:
        return UNKNOWN


def _expected(finding: Any, raises: set[int]) -> bool:
    return id(finding.node) in raises or any(id(n) in raises for n in finding.context)


def _record_variants(ctx: Context, func: FunctionValue, here: cst.CSTNode, marks: tuple[int, int, int]) -> None:
    """Give the applications and models of one combination the keys they share with the same
    constructs in the other combinations (``Analysis.variants``, read by ``report/coverage.py``)."""
    result = ctx.result
    seen: dict[tuple[int, ...], int] = {}
    for app in result.applications[marks[0] :]:
        base = (0, id(func.node), id(app.node), *(id(n) for n in app.context if n is not here))
        seen[base] = seen.get(base, -1) + 1
        result.variants[app.uid] = (*base, seen[base])
    for model in result.models[marks[1] :]:
        base = (1, id(func.node), id(model.node))
        seen[base] = seen.get(base, -1) + 1
        result.variants[model.uid] = (*base, seen[base])
