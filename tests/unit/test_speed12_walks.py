"""Round 12: two fast paths of the analysis answer as the code they replace (verbatim copies kept
here), on the corpus programs and, when the real-code caches exist, on real files:

- the checks that walked a body with a libcst visitor (``handler_cannot_run``, ``single_yield``,
  ``_yields``, ``_binds_in_compound``, ``_super_init_calls``, ``_calls_super``) walk its fields
  with ``names.subtree`` instead: a visitor rebuilds and re-validates every node it passes;
- ``Modules._find`` looks a module's file up once per analysis: ``_resolve`` tries every prefix
  of every dotted name it resolves, and each try resolves links and stats files.
"""

from __future__ import annotations

import functools
import json
import textwrap
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from lstmlint.api import FileResult, lint_file
from lstmlint.interp.context import Context
from lstmlint.interp.flow import _IMPORT_ERRORS, _MAY_RAISE, _SAFE_CALLS, INSTALLED, _import_roots, handler_cannot_run
from lstmlint.interp.generators import single_yield
from lstmlint.interp.modules import Modules, may_import_local
from lstmlint.interp.names import own_scope_ends, subtree
from lstmlint.interp.overlays.keras_subclass import _super_init_calls
from lstmlint.interp.pytest_params import _binds_in_compound, _yields
from lstmlint.interp.test_classes import _calls_super
from lstmlint.interp.values import FunctionValue, Scope
from lstmlint.settings import Options
from lstmlint.source.modules import find_module

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REALCODE = Path.home() / ".cache" / "lstmlint-realcode"
SCRIPTS = Path.home() / ".cache" / "lstmlint-scripts"


# --------------------------------------------------------------------- the code replaced (verbatim)
def _old_handler_cannot_run(handler: cst.ExceptHandler, body: cst.BaseSuite) -> bool:
    if handler.type is None:
        return False
    kinds = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
    names: set[str] = set()
    for kind in kinds:
        value = kind.value if isinstance(kind, cst.Element) else kind
        if not isinstance(value, cst.Name):
            return False
        names.add(value.value)
    if not names & _IMPORT_ERRORS or not names <= _IMPORT_ERRORS | {"AttributeError"}:
        return False
    attributes_raise = "AttributeError" in names
    imported = [False]

    class Check(cst.CSTVisitor):
        ok = True

        def visit_Import(self, node: cst.Import) -> bool:
            self.check(node)
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            self.check(node)
            return False

        def check(self, node: cst.Import | cst.ImportFrom) -> None:
            roots = _import_roots(node)
            if roots is None or not set(roots) <= INSTALLED:
                self.ok = False
            elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
                self.ok = False  # a name missing from the module raises ImportError too
            imported[0] = True

        def visit_Call(self, node: cst.Call) -> bool:
            if not (isinstance(node.func, cst.Name) and node.func.value in _SAFE_CALLS):
                self.ok = False
            return True

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            if attributes_raise:
                self.ok = False
            return True

        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, _MAY_RAISE):  # an index, arithmetic, a definition, a raise
                self.ok = False
                return False
            return super().on_visit(node)

    check = Check()
    body.visit(check)
    return check.ok and imported[0]


class _YieldCounter(cst.CSTVisitor):
    """Counts ``yield`` expressions of one function, not of the functions or classes inside it."""

    def __init__(self) -> None:
        self.plain = 0
        self.delegating = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Yield(self, node: cst.Yield) -> None:
        if isinstance(node.value, cst.From):
            self.delegating += 1
        else:
            self.plain += 1


def _old_single_yield(func: cst.FunctionDef) -> bool:
    counter = _YieldCounter()
    func.body.visit(counter)
    return counter.plain == 1 and counter.delegating == 0 and func.asynchronous is None


def _old_yields(node: cst.FunctionDef) -> bool:
    found = False

    class _Yield(cst.CSTVisitor):
        def visit_Yield(self, n: cst.Yield) -> None:
            nonlocal found
            found = True

        def visit_FunctionDef(self, n: cst.FunctionDef) -> bool:
            return False

        def visit_Lambda(self, n: cst.Lambda) -> bool:
            return False

        def visit_ClassDef(self, n: cst.ClassDef) -> bool:
            return False

    node.body.visit(_Yield())
    return found


def _old_binds_in_compound(stmt: cst.CSTNode, name: str) -> bool:
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        return stmt.name.value == name
    found = False

    class _Finder(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            nonlocal found
            if node.value == name:
                found = True

    stmt.visit(_Finder())
    return found


def _old_super_init_calls(func: cst.FunctionDef) -> list[cst.Call]:
    calls: list[cst.Call] = []

    class Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            f = node.func
            if isinstance(f, cst.Attribute) and f.attr.value == "__init__":
                base = f.value
                if isinstance(base, cst.Call) and isinstance(base.func, cst.Name) and base.func.value == "super":
                    calls.append(node)

    func.body.visit(Finder())
    return calls


def _old_calls_super(func: FunctionValue, name: str) -> bool:
    found = False

    class _Visit(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            nonlocal found
            f = call.func
            if (
                isinstance(f, cst.Attribute)
                and f.attr.value == name
                and isinstance(f.value, cst.Call)
                and isinstance(f.value.func, cst.Name)
                and f.value.func.value == "super"
            ):
                found = True

    func.node.body.visit(_Visit())
    return found


def _old_find(modules: Modules, origin: Path, name: str, level: int) -> tuple[Path | None, tuple[Path, ...]]:
    """What each caller of ``Modules._find`` did before: ``find_module`` asked afresh."""
    probed: list[Path] = []
    path = find_module(modules.layout(origin), name, level, origin, probed)
    return path, tuple(probed)


# ------------------------------------------------------------------------------- the files used
def _cached(cache: Path, step: int) -> list[Path]:
    """Every ``step``-th file of a real-code cache, when this machine has it."""
    manifest = cache / "manifest.json"
    if not manifest.is_file():
        return []
    rows = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    files = [cache / "files" / row["file"] for row in rows]
    return [f for f in files if f.is_file()][::step]


@functools.cache
def _programs() -> list[tuple[Path, cst.Module]]:
    """The corpus programs, and some real files (tests and examples: ``try`` imports, fixtures,
    generators, ``super().__init__``) when the caches exist."""
    found: list[tuple[Path, cst.Module]] = []
    for path in [*sorted(CORPUS.glob("*/bad.py")), *_cached(SCRIPTS, 6), *_cached(REALCODE, 24)]:
        try:
            found.append((path, cst.parse_module(path.read_text(encoding="utf-8"))))
        except (cst.ParserSyntaxError, UnicodeDecodeError, RecursionError):
            continue
    return found


def _nodes(root: cst.CSTNode, kind: type[Any]) -> list[Any]:
    return [n for n in subtree(root) if type(n) is kind]


# ------------------------------------------------------------------------------------ the walks
# every kind of node the checks written on ``subtree`` look at or stop at
_LOOKED_AT = frozenset(
    {cst.Name, cst.Call, cst.Yield, cst.Attribute, cst.Import, cst.ImportFrom, cst.Lambda, cst.From}
    | {cst.FunctionDef, cst.ClassDef, cst.Subscript, cst.BinaryOperation, cst.Raise}
)


def _visited(root: cst.CSTNode, prune: bool) -> list[cst.CSTNode]:
    """The nodes a libcst visitor is called on (not below a def, class or lambda with ``prune``)."""
    seen: list[cst.CSTNode] = []

    class All(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            seen.append(node)
            return not (prune and type(node) in (cst.FunctionDef, cst.ClassDef, cst.Lambda))

    root.visit(All())
    return seen


def test_subtree_reaches_every_node_a_visitor_does_but_whitespace_and_punctuation() -> None:
    checked = 0
    for path, module in _programs():
        for prune in (False, True):
            closed = own_scope_ends if prune else None
            for root in [module, *_nodes(module, cst.FunctionDef)[:8]] if prune else [module]:
                walked = list(subtree(root.body if prune and type(root) is cst.FunctionDef else root, closed))
                visited = _visited(root.body if prune and type(root) is cst.FunctionDef else root, prune)
                ids = {id(n) for n in walked}
                assert len(ids) == len(walked)  # each node once
                assert ids <= {id(n) for n in visited}, path
                left = {type(n) for n in visited if id(n) not in ids}
                assert not left & _LOOKED_AT, (path, left & _LOOKED_AT)
                checked += 1
    assert checked > 200


def test_the_checks_walking_a_body_answer_as_the_visitors() -> None:
    counts = dict.fromkeys(("defs", "yields", "single", "supers", "handlers", "cannot_run", "binds"), 0)
    for path, module in _programs():
        for func in _nodes(module, cst.FunctionDef):
            where = (path, func.name.value)
            assert _yields(func) == _old_yields(func), where
            assert single_yield(func) == _old_single_yield(func), where
            new, old = _super_init_calls(func), _old_super_init_calls(func)
            assert len(new) == len(old) and {id(c) for c in new} == {id(c) for c in old}, where
            value = FunctionValue(func, Scope())
            for name in {"__init__", func.name.value}:  # (``setUp`` calling ``super().setUp()``)
                assert _calls_super(value, name) == _old_calls_super(value, name), (where, name)
            counts["defs"] += 1
            counts["yields"] += _yields(func)
            counts["single"] += single_yield(func)
            counts["supers"] += bool(old)
        for stmt in module.body:
            if isinstance(stmt, cst.BaseCompoundStatement):
                names = sorted({n.value for n in _nodes(stmt, cst.Name)})
                for name in [*names[:2], *names[-2:], "absent_name"]:
                    assert _binds_in_compound(stmt, name) == _old_binds_in_compound(stmt, name), (path, name)
                    counts["binds"] += _old_binds_in_compound(stmt, name)
        for try_ in _nodes(module, cst.Try):
            for handler in try_.handlers:
                assert handler_cannot_run(handler, try_.body) == _old_handler_cannot_run(handler, try_.body), path
                counts["handlers"] += 1
                counts["cannot_run"] += _old_handler_cannot_run(handler, try_.body)
    # each check answered many times, both ways (the rarer cases also by hand, below)
    assert counts["defs"] > 500 and counts["supers"] > 40 and counts["binds"] > 100, counts
    if SCRIPTS.is_dir():  # the real tests and examples: ``try`` imports, generators, fixtures
        assert counts["handlers"] > 10 and counts["yields"] > 3 and counts["single"] > 3, counts


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    import keras\nexcept ImportError:\n    keras = None\n",
        "try:\n    import keras, numpy as np\n    ok = hasattr(keras, 'ops')\nexcept (ImportError, AttributeError):\n    pass\n",
        "try:\n    import keras\n    x = keras.ops\nexcept (ImportError, AttributeError):\n    pass\n",
        "try:\n    import keras\n    x = keras.ops\nexcept ModuleNotFoundError:\n    pass\n",
        "try:\n    from keras import *\nexcept ImportError:\n    pass\n",
        "try:\n    from keras import layers\nexcept ImportError:\n    pass\n",
        "try:\n    from . import local\nexcept ImportError:\n    pass\n",
        "try:\n    import torch\nexcept ImportError:\n    pass\n",
        "try:\n    import keras\n    y = a[0]\nexcept ImportError:\n    pass\n",
        "try:\n    import keras\n    def f():\n        import torch\nexcept ImportError:\n    pass\n",
        "try:\n    import keras\n    f(keras)\nexcept ImportError:\n    pass\n",
        "try:\n    if isinstance(a, int):\n        import numpy\nexcept ImportError:\n    pass\n",
        "try:\n    x = 1\nexcept ImportError:\n    pass\n",
        "try:\n    import keras\nexcept:\n    pass\n",
        "try:\n    import keras\nexcept ValueError:\n    pass\n",
    ],
)
def test_handler_cannot_run_answers_as_the_visitor(source: str) -> None:
    try_ = cst.ensure_type(cst.parse_module(source).body[0], cst.Try)
    for handler in try_.handlers:
        assert handler_cannot_run(handler, try_.body) == _old_handler_cannot_run(handler, try_.body)


@pytest.mark.parametrize(
    "source",
    [
        "def f():\n    yield 1\n",
        "def f():\n    x = yield\n    yield from g()\n",
        "def f():\n    g = lambda: (yield)\n",
        "def f():\n    def g():\n        yield 1\n",
        "def f():\n    class C:\n        x = [(yield)]\n",
        "def f():\n    for i in r:\n        if i:\n            yield i\n",
        "async def f():\n    yield 1\n",
        "def f():\n    return [x for x in (yield)]\n",
    ],
)
def test_the_yield_checks_answer_as_the_visitors(source: str) -> None:
    func = cst.ensure_type(cst.parse_module(source).body[0], cst.FunctionDef)
    assert _yields(func) == _old_yields(func)
    assert single_yield(func) == _old_single_yield(func)


# ------------------------------------------------------------------------ a module looked up once
PACKAGE = {
    "pyproject.toml": "[project]\nname = 'proj'\n",
    "pkg/__init__.py": "from .layers import *\nfrom .models import build\n",
    "pkg/layers.py": """\
        import keras
        from keras import layers


        class Twice(layers.Layer):
            def call(self, x):
                return x * 2
        """,
    "pkg/models.py": """\
        import keras
        from keras import layers
        from pkg.layers import Twice
        from . import layers as own


        def build(steps, seq):
            inputs = keras.Input((steps, 3))
            x = layers.LSTM(8, return_sequences=seq)(inputs)
            x = own.Twice()(x)
            x = layers.LSTM(8)(x)
            return keras.Model(inputs, x)
        """,
    "pkg/util.py": "SIZE = 3\n",
    "tools/util.py": "SIZE = 4\n",
    "tools/run.py": "from .util import SIZE\n",
    "train.py": """\
        import keras
        import pkg.models
        from pkg import *
        from pkg.layers import Twice, Missing
        from pkg.missing.deeper import thing

        model = pkg.models.build(10, False)
        other = build(4, False)
        out = Twice()(keras.Input((3, 2)))
        total = len([1]) + range(3)[0]
        """,
}


def _project(tmp_path: Path) -> Path:
    for name, text in PACKAGE.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_find_answers_as_find_module_and_once(tmp_path: Path) -> None:
    root = _project(tmp_path)
    train = (root / "train.py").resolve()
    modules = Modules(Context(cst.parse_module("")), train)
    package = (root / "pkg" / "__init__.py").resolve()
    asked = [
        (train, "pkg", 0),
        (train, "pkg.models", 0),
        (train, "pkg.missing.deeper", 0),
        (train, "pkg.missing", 0),
        (train, "os", 0),
        (package, "layers", 1),
        (package, "models", 1),
        (package, "nothing", 1),
        (package, "", 1),
        (package, "", 2),
        (package, "pkg", 2),
        (root / "pkg" / "models.py", "layers", 1),
        (package, "util", 1),  # the same name from another folder: another file
        (root / "tools" / "run.py", "util", 1),
        (root / "tools" / "run.py", "layers", 1),
    ]
    for origin, name, level in asked:
        first = modules._find(origin, name, level)
        assert first == _old_find(modules, origin, name, level), (origin, name, level)
        assert modules._find(origin, name, level) is first  # looked up once
    assert modules._find(package, "layers", 1)[0] == (root / "pkg" / "layers.py").resolve()
    assert modules._find(root / "tools" / "run.py", "util", 1)[0] == (root / "tools" / "util.py").resolve()
    assert modules._find(train, "pkg.missing", 0)[1]  # what it looked for is kept with the answer


def _outcome(result: FileResult) -> tuple[object, ...]:
    assert result.internal_error is None, result.internal_error
    analysis = result.analysis
    assert analysis is not None
    apps = sorted(str([str(t.shape) for t in a.outputs]) for a in analysis.applications)
    return (tuple(result.diagnostics), result.followed, tuple(apps), tuple(w for _, w in analysis.lost))


def _followers(tmp_path: Path) -> list[Path]:
    """The fixture project's program and real files that import project modules."""
    files = [_project(tmp_path) / "train.py"]
    for path in [*_cached(SCRIPTS, 10), *_cached(REALCODE, 20)]:
        if may_import_local(path.read_text(encoding="utf-8", errors="replace")):
            files.append(path)
    return files


def test_an_analysis_looking_modules_up_once_gives_what_it_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _followers(tmp_path)
    hits = [0]
    real_find = Modules._find

    def counted(self: Modules, origin: Path, name: str, level: int) -> tuple[Path | None, tuple[Path, ...]]:
        hits[0] += (origin, name, level) in self._found
        return real_find(self, origin, name, level)

    monkeypatch.setattr(Modules, "_find", counted)
    fast = [_outcome(lint_file(str(p), Options(isolated=True))) for p in files]
    assert hits[0] > 2 * len(files)  # the memo answers (most files ask again and again)
    monkeypatch.setattr(Modules, "_find", _old_find)
    slow = [_outcome(lint_file(str(p), Options(isolated=True))) for p in files]
    for path, a, b in zip(files, fast, slow):
        assert a == b, path
    assert sum(1 for o in fast if o[1]) > len(files) // 2  # most followed modules
