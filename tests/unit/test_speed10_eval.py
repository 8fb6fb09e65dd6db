"""The evaluator's fast paths (speed round 10) answer as the code they replace:

- ``Overlays.binop`` returns at once for two Python constants, symbols or UNKNOWN: every
  overlay's ``check_operator`` and ``binop`` leave such an operation alone (asked here one by
  one, as the loop did);
- ``Functions.bind_arguments`` reads the parameters' names from facts found once per ``def``:
  the same scope as the former per-call reading of ``node.params``, on every ``def`` of the
  corpus fixtures and many argument lists;
- ``_yields`` / ``_declared_outside`` test node kinds by exact type sets: as the ``isinstance``
  walks they replace, on every ``def`` of the fixtures (and of the real-code corpus when present);
- ``Evaluator.exec_block`` runs a simple statement line's statements itself: as its handler
  (``simple_line``) does;
- ``Overlays`` finds which overlay classes override each hook once per process: the same
  overlays, in the same order, as asked of each analysis' overlays;
- ``Scope()`` skips ``dict.__init__`` (which does nothing without arguments): an empty mapping;
- ``call_function`` takes a single returned value as is: what ``join_values`` answers for one;
- ``Evaluator.eval_args`` reads a call's arguments from a plan made once per call node (a
  literal's ``Arg`` made once): the arguments read from the nodes;
- ``Evaluator.call_ref`` reads a called name once per name: as the reading per call.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from lstmlint.interp.context import Context
from lstmlint.interp.evaluator import BUILTIN_ALIASES
from lstmlint.interp.functions import Functions, _declared_outside, _def_facts, _params, _yields
from lstmlint.interp.overlays import _PLAIN
from lstmlint.interp.values import NOT_FOLLOWED, Arg, FunctionValue, ObjectValue, Scope
from lstmlint.shapes import UNKNOWN, Sym

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.py"))
PLAIN_VALUES: list[Any] = [0, 3, -2, 1.5, 0.0, "a", "", True, False, None, Sym.named("n"), Sym.fresh("m"), UNKNOWN]
OPERATORS = ("+", "-", "*", "/", "//", "%", "**", "<", "<=", ">", ">=")


def _context(source: str = "") -> Context:
    return Context(cst.parse_module(source))


def _functions(path: Path) -> list[cst.FunctionDef]:
    found: list[cst.FunctionDef] = []

    class Defs(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            found.append(node)

    cst.parse_module(path.read_text()).visit(Defs())
    return found


def test_plain_values_are_every_type_the_fast_path_skips() -> None:
    assert set(_PLAIN) == {type(v) for v in PLAIN_VALUES}


def test_no_overlay_checks_or_answers_an_operation_on_two_constants() -> None:
    ctx = _context("a + b\nc += d\n")
    lines: list[Any] = list(ctx.module.body)
    binary, augmented = lines[0].body[0].value, lines[1].body[0]
    assert type(binary) is cst.BinaryOperation and type(augmented) is cst.AugAssign
    asked = 0
    for overlay in ctx.overlays.all:
        for left in PLAIN_VALUES:
            for right in PLAIN_VALUES:
                for op in OPERATORS:
                    for node in (binary, augmented):
                        overlay.check_operator(op, left, right, node)
                    assert overlay.binop(op, left, right) is NOT_FOLLOWED, (type(overlay).__name__, op, left, right)
                    assert ctx.overlays.binop(op, left, right, binary) is NOT_FOLLOWED
                    asked += 1
    assert not ctx.result.findings and not ctx.result.lost
    assert asked == len(ctx.overlays.all) * len(PLAIN_VALUES) ** 2 * len(OPERATORS)


def test_a_tensor_beside_a_constant_still_reaches_the_overlays() -> None:
    from lstmlint.graph.model import Tensor
    from lstmlint.shapes import Shape

    ctx = _context()
    tensor = Tensor(Shape((None, 4)), None, 0)
    found = ctx.overlays.binop("*", tensor, 2)
    assert isinstance(found, Tensor) and found.shape == Shape((None, 4))


# ------------------------------------------------------------ bind_arguments
def _bind_as_before(
    functions: Functions, func: FunctionValue, args: list[Arg] | None, scope: Scope, self_obj: Any
) -> None:
    """``Functions.bind_arguments`` as it was before round 10 (``node.params`` read per call)."""
    positional, star, kwonly, star_kwarg = _params(func.node)
    bind = functions.ctx.evaluator.bind
    if args is None:
        for p in positional + kwonly + [x for x in (star, star_kwarg) if x is not None]:
            scope[p.name.value] = Sym.fresh(p.name.value)
        if self_obj is not None and positional:
            scope[positional[0].name.value] = self_obj
        return
    pos = [a.value for a in args if a.keyword is None]
    kws = {a.keyword: a.value for a in args if a.keyword is not None}
    if self_obj is not None:
        pos = [self_obj] + pos
    for i, p in enumerate(positional):
        name = p.name.value
        if i < len(pos):
            value = pos[i]
        elif name in kws:
            value = kws.pop(name)
        else:
            value = functions._default(func, name)
        bind(name, value, scope)
    if star is not None:
        scope[star.name.value] = tuple(pos[len(positional) :])
    for p in kwonly:
        name = p.name.value
        bind(name, kws.pop(name) if name in kws else functions._default(func, name), scope)
    if star_kwarg is not None:
        standalone = functions.standalone and not functions.frames and not args
        if standalone:
            scope[star_kwarg.name.value] = {}
        elif all(isinstance(k, str) for k in kws):
            scope[star_kwarg.name.value] = dict(kws)
        else:
            scope[star_kwarg.name.value] = Sym.fresh(star_kwarg.name.value)


def _plain(value: Any) -> Any:
    """A bound value without the counter of a fresh symbol (each binding makes its own)."""
    if isinstance(value, Sym):
        key: Any = value.key
        return ("sym", value.name, key[:2])
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _argument_lists(node: cst.FunctionDef) -> list[list[Arg] | None]:
    positional, _, kwonly, _ = _params(node)
    names = [p.name.value for p in positional + kwonly]
    lists: list[list[Arg] | None] = [None, []]
    for n in range(len(positional) + 3):
        lists.append([Arg(None, i) for i in range(n)])
    lists.append([Arg(name, f"v_{name}") for name in names])
    lists.append([Arg(None, 1)] + [Arg(name, 2) for name in reversed(names)] + [Arg("extra", 3)])
    lists.append([Arg(7, "not a string keyword"), Arg(None, 0)])  # type: ignore[arg-type]  # as from ``**{7: ...}``
    return lists


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bind_arguments_binds_as_before(path: Path) -> None:
    ctx = _context()
    functions = ctx.functions
    for node in _functions(path):
        facts = _def_facts(node)
        assert facts.node is node
        assert facts.yields == _yields(node.body)
        assert facts.outside == frozenset(_declared_outside(node.body))
        positional, _, kwonly, _ = _params(node)
        defaults = {p.name.value: f"default {p.name.value}" for p in positional + kwonly if p.default is not None}
        func = FunctionValue(node, ctx.globals, defaults, node.name.value)
        for args in _argument_lists(node):
            for self_obj in (None, "self object"):
                for standalone in (False, True):
                    functions.standalone = standalone
                    new, old = Scope(parent=ctx.globals), Scope(parent=ctx.globals)
                    functions.bind_arguments(func, args, new, self_obj)
                    _bind_as_before(functions, func, args, old, self_obj)
                    assert list(new) == list(old)
                    assert {k: _plain(v) for k, v in new.items()} == {k: _plain(v) for k, v in old.items()}
        functions.standalone = False


def test_the_facts_of_a_def_are_found_once_and_for_that_node_only() -> None:
    ctx = _context()
    first = cst.parse_statement("def f(a, *b, c=1, **d):\n    global g\n    yield a\n")
    assert isinstance(first, cst.FunctionDef)
    facts = ctx.functions.facts(first)
    assert ctx.functions.facts(first) is facts
    assert (facts.positional, facts.star, facts.kwonly, facts.star_kwarg) == (("a",), "b", ("c",), "d")
    assert facts.yields and facts.outside == frozenset({"g"})
    other = cst.parse_statement("def f(x):\n    return x\n")
    assert isinstance(other, cst.FunctionDef)
    ctx.functions._body_facts[id(other)] = facts  # as if ``other`` reused a dead node's id
    assert ctx.functions.facts(other).positional == ("x",)


# ------------------------------------------------------------ the walks of a def's body, as they were
def _old_statements(suite: cst.CSTNode) -> Iterator[cst.BaseSmallStatement]:
    """Every small statement of a function body, looking through compound statements but not
    into nested functions or classes (a cheap walk instead of a libcst visitor)."""
    body = getattr(suite, "body", ())
    if isinstance(body, cst.BaseSuite):
        yield from _old_statements(body)
        return
    for stmt in body if isinstance(body, (list, tuple)) else ():
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            continue
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body
            continue
        if isinstance(stmt, cst.BaseSmallStatement):
            yield stmt
            continue
        for part in ("body", "orelse", "finalbody"):
            child = getattr(stmt, part, None)
            if child is not None:
                yield from _old_statements(child)
        for handler in getattr(stmt, "handlers", ()):
            yield from _old_statements(handler.body)


def _old_declared_outside(suite: cst.CSTNode) -> set[str]:
    """Names a function declares ``global`` or ``nonlocal``."""
    names: set[str] = set()
    for small in _old_statements(suite):
        if isinstance(small, (cst.Global, cst.Nonlocal)):
            names.update(n.name.value for n in small.names)
    return names


def _old_yields(suite: cst.CSTNode) -> bool:
    """Whether a function body has a ``yield`` statement (``yield x``, ``y = yield x``), looking
    through compound statements but not into nested functions or classes; a cheap statement
    walk instead of a libcst visitor."""
    body = getattr(suite, "body", ())
    if isinstance(body, cst.BaseSuite):
        return _old_yields(body)
    for stmt in body if isinstance(body, (list, tuple)) else ():
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            continue
        if isinstance(stmt, cst.SimpleStatementLine) or isinstance(stmt, cst.BaseSmallStatement):
            smalls = stmt.body if isinstance(stmt, cst.SimpleStatementLine) else [stmt]
            for small in smalls:
                value = getattr(small, "value", None)
                if isinstance(value, cst.Yield) or (isinstance(small, cst.Expr) and isinstance(small.value, cst.Yield)):
                    return True
            continue
        for part in ("body", "orelse", "finalbody"):
            child = getattr(stmt, part, None)
            if child is not None and _old_yields(child):
                return True
        for handler in getattr(stmt, "handlers", ()):
            if _old_yields(handler.body):
                return True
    return False


REALCODE = Path.home() / ".cache" / "lstmlint-realcode" / "files"


def _body_walk_files() -> list[Path]:
    files = list(CORPUS_FILES)
    if REALCODE.is_dir():  # the real-code corpus when this machine has it (every 7th file)
        files += sorted(REALCODE.rglob("*.py"))[::7]
    return files


def test_the_walks_of_a_body_answer_as_before() -> None:
    defs = 0
    for path in _body_walk_files():
        try:
            functions = _functions(path)
        except (cst.ParserSyntaxError, UnicodeDecodeError, RecursionError):
            continue
        for node in functions:
            assert _yields(node.body) == _old_yields(node.body), (path, node.name.value)
            assert _declared_outside(node.body) == _old_declared_outside(node.body), (path, node.name.value)
            defs += 1
    assert defs > 500


@pytest.mark.parametrize(
    "source",
    [
        "def f():\n    yield 1\n",
        "def f():\n    x = yield\n",
        "def f():\n    if a:\n        for i in r:\n            yield i\n",
        "def f():\n    try:\n        pass\n    except E:\n        yield\n    finally:\n        pass\n",
        "def f():\n    def g():\n        yield 1\n    return g\n",
        "def f():\n    class C:\n        global z\n    global x, y\n    while a:\n        nonlocal w\n",
        "def f(): yield 2\n",
        "def f():\n    with m:\n        global q\n        y = yield from g()\n",
        "def f():\n    return [(yield) for _ in r]\n",
    ],
)
def test_yield_and_declarations_as_before(source: str) -> None:
    node = cst.parse_statement(source)
    assert isinstance(node, cst.FunctionDef)
    assert _yields(node.body) == _old_yields(node.body)
    assert _declared_outside(node.body) == _old_declared_outside(node.body)


# ------------------------------------------------------------ one returned value
@pytest.mark.parametrize(
    "value", [None, 0, 2.5, "s", (1, 2), [3], {"k": 1}, UNKNOWN, Sym.named("n"), Sym.fresh("m")], ids=repr
)
def test_one_returned_value_is_what_join_values_answers(value: Any) -> None:
    ctx = _context()
    assert ctx.flow.join_values([value], None, "why") is value


def test_an_instance_returned_on_one_path_is_what_join_values_answers() -> None:
    ctx = _context("class C:\n    pass\nc = C()\n")
    ctx.run()
    obj = ctx.globals.get("c")
    assert type(obj) is ObjectValue
    assert ctx.flow.join_values([obj], None, "why") is obj


def test_a_function_returns_what_it_returned_before() -> None:
    source = (
        "def one(x):\n    return x * 2\n"
        "def fall():\n    y = 1\n"
        "def two(x):\n    if x:\n        return 1\n    return 1\n"
        "def split(x):\n    if x:\n        return 1\n    return 2\n"
        "a = one(3)\nb = fall()\nc = two(n)\nd = split(n)\n"
    )
    ctx = _context(source)
    ctx.run()
    assert ctx.globals["a"] == 6 and ctx.globals["b"] is None and ctx.globals["c"] == 1
    assert isinstance(ctx.globals["d"], Sym)  # two different values: joined (unknown)


# ------------------------------------------------------------ eval_args' plans
_SIMPLE = (cst.Name, cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)


def _calls(module: cst.Module) -> list[cst.Call]:
    found: list[cst.Call] = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            found.append(node)

    module.visit(Calls())
    return found


def _same_arguments(new: list[Arg] | None, old: list[Arg] | None) -> bool:
    if new is None or old is None:
        return new is old
    return [(a.keyword, a.star) for a in new] == [(a.keyword, a.star) for a in old] and all(
        a.value is b.value or a.value == b.value for a, b in zip(new, old)
    )


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_arguments_from_a_plan_are_the_arguments_read_from_the_nodes(path: Path) -> None:
    """The first evaluation (from the nodes), the second (makes the plan) and the third (from
    the plan, literals given again) of every call of the fixtures whose arguments are names and
    literals, in the module's final scope, against ``_args_from_nodes``."""
    module = cst.parse_module(path.read_text())
    ctx = Context(module)
    ctx.run()
    evaluator = ctx.evaluator
    for call in _calls(module):
        if not call.args or not all(isinstance(a.value, _SIMPLE) for a in call.args):
            continue
        expected = evaluator._args_from_nodes(call.args, ctx.globals)
        for _ in range(3):
            assert _same_arguments(evaluator.eval_args(call.args, ctx.globals), expected), cst.Module([]).code_for_node(
                call
            )


STAR_SOURCE = """
a = [1, 2]
d = {"k": 3}
f(0, *a, key="v", **d)
f(*unknown_thing)
f(**unknown_mapping)
f(1, 2.5, "s", "t" "u", b"x", None, name=a)
"""


def test_stars_keywords_and_literals_from_a_plan() -> None:
    module = cst.parse_module(STAR_SOURCE)
    ctx = Context(module)
    ctx.run()
    evaluator = ctx.evaluator
    calls = _calls(module)
    results = [[evaluator.eval_args(c.args, ctx.globals) for _ in range(3)] for c in calls]
    for call, got in zip(calls, results):
        expected = evaluator._args_from_nodes(call.args, ctx.globals)
        assert all(_same_arguments(g, expected) for g in got)
    first = results[0][2]
    assert first is not None
    assert [(a.keyword, a.value) for a in first] == [(None, 0), (None, 1), (None, 2), ("key", "v"), ("k", 3)]
    assert results[1] == [None, None, None] and results[2] == [None, None, None]
    literals = results[3]
    assert literals[2] is not None and literals[1] is not None
    assert [a.value for a in literals[2]][:5] == [1, 2.5, "s", "tu", UNKNOWN]
    assert literals[2][0] is literals[1][0]  # a literal's argument is made once, at the second evaluation
    assert literals[2][6] is not literals[1][6]  # a name's is made each time


# ------------------------------------------------------------ call_ref's reading of a name
def test_a_called_name_is_read_as_before() -> None:
    source = (
        "import os\nfrom six.moves import range, xrange\nimport builtins\n"
        "for _ in range(2):\n    a = len([1, 2])\n    b = os.environ.get('HOME')\n"
        "    c = list(xrange(3))\n    d = builtins.max(1, 2)\n    e = os.path.join('a', 'b')\n"
    )
    ctx = _context(source)
    ctx.run()
    quals = ctx.evaluator._quals
    assert {"builtins.len", "os.environ.get", "six.moves.range", "six.moves.xrange", "os.path.join"} <= set(quals)
    for name, known in quals.items():
        qual = BUILTIN_ALIASES.get(name, name)
        assert known == (qual, qual[9:] if qual.startswith("builtins.") else None, qual.startswith("os."))
    assert ctx.globals["a"] == 2 and ctx.globals["c"] == [0, 1, 2] and ctx.globals["d"] == 2


# ------------------------------------------------------------ exec_block's simple lines
LINES_SOURCE = """
a = 1; b = a + 2
c, d = b, [a, b]
e: int = c * 2
e += 1
f = {"k": d}
del a
g = f["k"][1] if e > 3 else None
"""


def test_exec_block_runs_a_simple_line_as_its_handler_does() -> None:
    module = cst.parse_module(LINES_SOURCE)
    inline, through_handler = _context(LINES_SOURCE), _context(LINES_SOURCE)
    inline.evaluator.exec_block(module.body, inline.globals)
    for stmt in module.body:
        assert type(stmt) is cst.SimpleStatementLine
        through_handler.evaluator.exec_stmt(stmt, through_handler.globals)  # ``table`` -> ``simple_line``
    assert (
        dict(inline.globals)
        == dict(through_handler.globals)
        == {"b": 3, "c": 3, "d": [1, 3], "e": 7, "f": {"k": [1, 3]}, "g": 3}
    )
    assert inline.flow.steps == through_handler.flow.steps == len(module.body)


# ------------------------------------------------------------ the overlays of each hook
def test_the_overlays_of_each_hook_are_the_ones_that_override_it() -> None:
    from lstmlint.interp.overlays import HOOKS, Overlay

    for _ in range(2):  # the first analysis finds them, the second reuses them
        ctx = _context()
        overlays = ctx.overlays
        assert set(overlays._hooks) == set(HOOKS)
        for hook in HOOKS:
            expected = [o for o in overlays.all if getattr(type(o), hook) is not getattr(Overlay, hook)]
            assert overlays._hooks[hook] == expected, hook
            assert all(a is b for a, b in zip(overlays._hooks[hook], expected))
        assert overlays._hooks["call_ref"] and overlays._hooks["binop"]  # the question is asked of real hooks


# ------------------------------------------------------------ Scope without ``dict.__init__``
def test_a_new_scope_is_an_empty_mapping_with_its_parent() -> None:
    outer = Scope()
    outer["x"] = 1
    inner = Scope(parent=outer)
    assert dict(outer) == {"x": 1} and outer.parent is None
    assert dict(inner) == {} and len(inner) == 0 and inner.parent is outer
    assert inner.lookup("x") == 1 and inner.find("y", "none") == "none"
    inner["y"] = 2
    assert dict(inner) == {"y": 2} and "y" not in outer
