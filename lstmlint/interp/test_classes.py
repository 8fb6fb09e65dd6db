"""Test classes, run the way unittest and pytest run them.

Nobody in a test file calls the methods of its test classes: the test runner does. Here each
method named ``test*`` of a test class is followed as the runner calls it, once, on a fresh
instance of its class after the class's fixtures:

* a *test class* is a module-level class that derives, directly or through classes of the file,
  from a ``TestCase`` (``unittest.TestCase``, ``tf.test.TestCase``, ``absl``'s
  ``parameterized.TestCase``/``absltest.TestCase``, ``keras.src.testing.TestCase``, ...), or that
  pytest collects on its own: a name starting with ``Test``, no ``__init__`` in the file and no
  library class the analysis knows (``class TestModel(keras.Model)`` is a model, not a test);
* ``setUpClass``/``setup_class`` run once per class on a class-level object whose attributes
  every test then starts from (``cls.x = ...`` is read as ``self.x``); ``setUp`` and
  ``setup_method`` run before each test, so what they assign (``self.model = ...``) is known in
  the test; their layer applications and models count once per class in the coverage figures
  (``Analysis.variants``), known only when known in every run;
* ``absl``'s ``@parameterized.parameters(...)``/``named_parameters(...)`` with literal cases
  (at most ``MAX_CASES``) run the test once per case, each on a fresh instance; its layer
  applications and models count once (known only when known in every case); other parameters
  (pytest's ``@pytest.mark.parametrize`` on a method, cases the analysis cannot read) stay
  unknown; a test marked ``expectedFailure`` or ``xfail`` is not followed (its failure is
  expected);
* ``self.assert*`` and the rest of the ``TestCase`` API are calls the analysis does not know:
  they change nothing;
* findings inside a ``with self.assertRaises(...)``/``assertRaisesRegex``/``assertWarns*``
  block, or a ``with pytest.raises(...)`` block, are expected failures and are dropped;
* a method inherited by several test classes is followed once (with the first class that has
  it); afterwards the other methods of the test classes that nothing called (helpers such as
  ``_build_model(self)``) are checked on their own, like uncalled module-level functions.

Each method is followed at most once, through ``Functions.call_function``, under the same caps
(depth, calls per file, statement budget) as the standalone checks; once half the per-file
statement budget is spent, the remaining tests are not followed (``--verbose`` says so), so that
the module-level functions checked after them keep their share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.interp.names import decorator_name, nodes_inside_with, super_calls
from lstmlint.interp.pytest_params import _expected, _raises_nodes
from lstmlint.interp.values import Arg, ClassValue, FunctionValue, ObjectValue, Unfollowable
from lstmlint.shapes import UNKNOWN
from lstmlint.source.imports import Ref

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

_CLASS_FIXTURES = ("setUpClass", "setup_class")
_FIXTURES = ("setUp", "setup_method")
_NOT_HELPERS = frozenset(
    _CLASS_FIXTURES
    + _FIXTURES
    + ("tearDown", "tearDownClass", "teardown_method", "teardown_class", "setup", "teardown")
)
_EXPECTED_FAILURE = ("expectedFailure", "xfail")
_RAISES_METHODS = ("assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "assertWarns", "assertWarnsRegex")
MAX_CASES = 16  # ``@parameterized`` cases followed per test; more: the test runs once, unknown
_SKIP_DECORATORS = ("property", "staticmethod", "classmethod", "fixture")


def _testcase_base(base: Any, seen: set[int]) -> bool:
    """``base`` is a ``TestCase`` of a library, or a class of the file deriving from one."""
    if isinstance(base, Ref):
        return base.qual.rsplit(".", 1)[-1] == "TestCase"
    if isinstance(base, ClassValue) and id(base) not in seen:
        seen.add(id(base))
        return any(_testcase_base(b, seen) for b in base.bases)
    return False


def is_test_class(cls: ClassValue) -> bool:
    """The test runner collects ``cls`` (unittest, or pytest's ``class Test...`` without
    ``__init__``), unless it says ``__test__ = False``."""
    try:
        if cls.lookup("__test__") is False:
            return False
    except KeyError:
        pass
    if _testcase_base(cls, set()):
        return True
    if not cls.name.startswith("Test") or cls.library_base is not None:
        return False
    try:
        cls.lookup("__init__")
    except KeyError:
        return True
    return False


def _mro(cls: ClassValue) -> list[ClassValue]:
    """``cls`` and its bases defined in the file, in the order ``ClassValue.lookup`` searches them."""
    order: list[ClassValue] = []
    todo: list[ClassValue] = [cls]
    while todo:
        c = todo.pop()
        if any(c is o for o in order):
            continue
        order.append(c)
        todo.extend(reversed([b for b in c.bases if isinstance(b, ClassValue)]))
    return order


def _methods(cls: ClassValue) -> list[tuple[str, FunctionValue]]:
    """The methods of ``cls`` and of its bases in the file, by name, the class's own first."""
    out: dict[str, FunctionValue] = {}
    for c in _mro(cls):
        for name, value in c.attrs.items():
            if isinstance(value, FunctionValue) and name not in out:
                out[name] = value
    return list(out.items())


def _calls_super(func: FunctionValue, name: str) -> bool:
    """The body of ``func`` calls ``super().name(...)`` (or ``super(C, self).name(...)``)."""
    return next(super_calls(func.node.body, name), None) is not None


def _fixture_chain(cls: ClassValue, names: tuple[str, ...]) -> list[FunctionValue]:
    """The fixture of ``cls`` (the first of ``names`` it has), preceded by the ones of its bases
    in the file that it reaches through ``super().setUp()``: base first, the order they run in
    when each calls ``super()`` first (``super()`` itself is not followed by the analysis)."""
    for name in names:
        chain: list[FunctionValue] = []
        for c in _mro(cls):
            value = c.attrs.get(name)
            if not isinstance(value, FunctionValue):
                continue
            chain.append(value)
            if not _calls_super(value, name):
                break
        if chain:
            return list(reversed(chain))
    return []


def _self_raises_nodes(node: cst.FunctionDef) -> set[int]:
    """Ids of the nodes inside the method's ``with self.assertRaises(...)``-style blocks."""
    params = node.params.params
    me = params[0].name.value if params else "self"

    def opens(call: cst.Call) -> bool:
        return (
            isinstance(call.func, cst.Attribute)
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value == me
            and call.func.attr.value in _RAISES_METHODS
        )

    return nodes_inside_with(node.body, opens)


class _Runner:
    """Runs the test classes of one module."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.done: set[int] = set()  # ids of the methods followed
        self.class_attrs: dict[int, dict[str, Any]] = {}  # per class: what ``setUpClass`` set

    def classes(self) -> list[ClassValue]:
        """The test classes the module still names at its end (``del Base`` hides a base from
        the runner), in the order they were defined."""
        ctx = self.ctx
        return [cls for cls in ctx.classes.defined if ctx.globals.get(cls.name) is cls and is_test_class(cls)]

    def _class_setup(self, cls: ClassValue) -> dict[str, Any]:
        attrs = self.class_attrs.get(id(cls))
        if attrs is not None:
            return attrs
        holder = ObjectValue(cls, {}, cls.node)
        for setup in _fixture_chain(cls, _CLASS_FIXTURES):
            self._call(setup, holder, f"`{setup.qualname}()`", variants=(12, id(cls.node)))
        self.class_attrs[id(cls)] = holder.attrs
        return holder.attrs

    def fresh(self, cls: ClassValue) -> ObjectValue:
        """A new instance of ``cls`` as the runner makes it for one test: class fixture, then ``setUp``."""
        obj = ObjectValue(cls, dict(self._class_setup(cls)), cls.node)
        for setup in _fixture_chain(cls, _FIXTURES):
            self._call(setup, obj, f"`{setup.qualname}()`", variants=(10, id(cls.node)))
        return obj

    def _call(
        self,
        func: FunctionValue,
        obj: ObjectValue,
        label: str,
        variants: tuple[int, int] | None = None,
        args: list[Arg] | None = None,
    ) -> None:
        ctx = self.ctx
        result = ctx.result
        marks = (len(result.applications), len(result.models))
        ctx.functions.call_function(func, list(args or ()), func.node, self_obj=obj, label=label)
        if variants is not None:
            self._record_variants(variants, marks)

    def _record_variants(self, key: tuple[int, int], marks: tuple[int, int]) -> None:
        """A fixture run once per test makes the same applications and models each time: they
        share a key (``Analysis.variants``) so that the coverage figures count them once. The
        keys start with 10-15 (``pytest_params`` uses 0 and 1, ``report/coverage.py`` 2)."""
        result = self.ctx.result
        seen: dict[tuple[int, ...], int] = {}
        for app in result.applications[marks[0] :]:
            base = (key[0], key[1], id(app.node), *(id(n) for n in app.context))
            seen[base] = seen.get(base, -1) + 1
            result.variants.setdefault(app.uid, (*base, seen[base]))
        for model in result.models[marks[1] :]:
            base = (key[0] + 1, key[1], id(model.node))
            seen[base] = seen.get(base, -1) + 1
            result.variants.setdefault(model.uid, (*base, seen[base]))

    def budget_left(self, cls: ClassValue, func: FunctionValue) -> bool:
        """False (and ``--verbose`` says so) once half the per-file statement budget is spent:
        the rest of the file's standalone checks keep their share."""
        from lstmlint.interp.flow import STEP_BUDGET

        if self.ctx.flow.steps <= STEP_BUDGET // 2:
            return True
        self.done.add(id(func))
        why = f"`{cls.name}.{func.node.name.value}()`: per-file budget half spent: not followed"
        self.ctx.sink.lose(func.node, why)
        return False

    def run_test(self, cls: ClassValue, func: FunctionValue) -> None:
        ctx = self.ctx
        if not self.budget_left(cls, func):
            return
        self.done.add(id(func))
        label = f"`{cls.name}.{func.node.name.value}()`"
        raises = _self_raises_nodes(func.node) | _raises_nodes(ctx, func.node)
        mark = len(ctx.result.findings)
        cases = _absl_cases(ctx, func)
        if cases is None:
            ctx.result.call_names[func.node] = f"{label}, run as a test on a fresh `{cls.name}`"
            self._call(func, self.fresh(cls), label)
        else:
            ctx.result.call_names[func.node] = f"{label}, run as a test once per `@parameterized` case"
            for args in cases:
                obj = self.fresh(cls)
                self._call(func, obj, label, variants=(14, id(func.node)), args=args)
        if raises:
            findings = ctx.result.findings
            kept = [f for f in findings[mark:] if not _expected(f, raises)]
            del findings[mark:]
            findings.extend(kept)

    def run_helper(self, cls: ClassValue, func: FunctionValue) -> None:
        ctx = self.ctx
        if not self.budget_left(cls, func):
            return
        self.done.add(id(func))
        label = f"`{cls.name}.{func.node.name.value}()`"
        obj = self.fresh(cls)
        ctx.result.call_names[func.node] = f"{label}, checked on its own with symbolic parameters"
        self._call(func, obj, label)


def _absl_cases(ctx: Context, func: FunctionValue) -> list[list[Arg]] | None:
    """The arguments of each case of an ``absl`` ``@parameterized.parameters(...)`` or
    ``@parameterized.named_parameters(...)`` decorator written as literal cases (a tuple or list
    of positional arguments, a dict of keyword arguments, or one argument; ``named_parameters``
    drops each case's name); None when there is none, or it is not literal or too long (the
    test then runs once with its parameters unknown)."""
    for d in func.node.decorators:
        call = d.decorator
        if not isinstance(call, cst.Call):
            continue
        try:
            target = ctx.eval(call.func, ctx.globals)
        except Exception:  # noqa: BLE001 - a decorator the evaluator cannot read is not absl's
            continue
        if not isinstance(target, Ref) or not target.qual.startswith("absl.testing.parameterized."):
            continue
        kind = target.qual.rsplit(".", 1)[-1]
        if kind not in ("parameters", "named_parameters"):
            return None
        rows = [a.value for a in call.args]
        if any(a.star or a.keyword is not None for a in call.args) or not 1 < len(rows) <= MAX_CASES:
            return None  # one argument may be the iterable of all the cases: not read
        cases: list[list[Arg]] = []
        for row in rows:
            case = _absl_case(ctx, row, named=kind == "named_parameters")
            if case is None:
                return None
            cases.append(case)
        return cases
    return None


def _absl_case(ctx: Context, row: cst.BaseExpression, named: bool) -> list[Arg] | None:
    def value(node: cst.BaseExpression) -> Any:
        try:
            return ctx.eval(node, ctx.globals)
        except Unfollowable:
            return UNKNOWN

    if isinstance(row, (cst.Tuple, cst.List)):
        elements = [e for e in row.elements if isinstance(e, cst.Element)]
        if len(elements) != len(row.elements):
            return None
        if named:
            elements = elements[1:]
        return [Arg(None, value(e.value)) for e in elements]
    if isinstance(row, cst.Dict):
        args: list[Arg] = []
        for e in row.elements:
            if not isinstance(e, cst.DictElement) or not isinstance(e.key, cst.SimpleString):
                return None
            key = e.key.evaluated_value
            if not isinstance(key, str):
                return None
            if not (named and key == "testcase_name"):
                args.append(Arg(key, value(e.value)))
        return args
    return None if named else [Arg(None, value(row))]


def _decorators(func: FunctionValue) -> set[str]:
    return {decorator_name(d) for d in func.node.decorators}


def check_test_classes(ctx: Context) -> None:
    """Follow the tests of the module's test classes, then their helpers nobody called."""
    runner = _Runner(ctx)
    classes = runner.classes()
    if not classes:
        return
    try:
        for cls in classes:
            for name, func in _methods(cls):
                if not name.startswith("test") or id(func) in runner.done or func.called:
                    continue
                decorators = _decorators(func)
                if decorators & set(_SKIP_DECORATORS):
                    continue
                if decorators & set(_EXPECTED_FAILURE):
                    ctx.sink.lose(func.node, f"`{cls.name}.{name}()` is expected to fail: not followed")
                    runner.done.add(id(func))
                    continue
                runner.run_test(cls, func)
        for cls in classes:
            for name, func in _methods(cls):
                if name in _NOT_HELPERS or name.startswith("__") or id(func) in runner.done or func.called:
                    continue
                if _decorators(func) & set(_SKIP_DECORATORS):
                    continue
                runner.run_helper(cls, func)
    except Unfollowable as e:
        if type(e).__name__ == "BudgetExceeded":
            raise
        ctx.sink.lose(None, f"test classes: {e}")
