"""``source.positions.Locator`` gives exactly libcst's ``PositionProvider`` spans (1-based), for any
node, asked in any order, without resolving the metadata over the whole module."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from lstmlint import api
from lstmlint.diagnostics import Span
from lstmlint.settings import Options
from lstmlint.source.notebooks import notebook_source
from lstmlint.source.positions import Locator

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = sorted([*(ROOT / "tests" / "corpus").rglob("*.py"), *(ROOT / "fixtures").rglob("*.py")])
NOTEBOOKS = sorted([*(ROOT / "tests" / "corpus").rglob("*.ipynb"), *(ROOT / "fixtures").rglob("*.ipynb")])


def libcst_spans(module: cst.Module) -> dict[cst.CSTNode, Span]:
    """What ``api.Locator`` computed before: the whole module's ``PositionProvider``, made 1-based."""
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return {node: Span(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)
            for node, r in positions.items()}


def all_nodes(module: cst.Module) -> Iterator[cst.CSTNode]:
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def assert_same(text: str, seed: int = 0) -> int:
    module = cst.parse_module(text)
    expected = libcst_spans(module)
    nodes = list(all_nodes(module))
    assert set(expected) <= set(nodes)
    forward = Locator(module)
    got = {node: forward(node) for node in nodes}        # depth first: roughly in file order
    shuffled = list(nodes)
    random.Random(seed).shuffle(shuffled)
    anyorder = Locator(module)
    got_shuffled = {node: anyorder(node) for node in shuffled}
    backward = Locator(module)
    got_backward = {node: backward(node) for node in reversed(nodes)}
    for node in nodes:
        # a few nodes are never generated (a `match` pattern's unused whitespace): before, too,
        # they were at Span(1, 1, 1, 1)
        want = expected.get(node, Span(1, 1, 1, 1))
        assert got[node] == want, (type(node).__name__, module.code_for_node(node)[:80])
        assert got_shuffled[node] == want
        assert got_backward[node] == want
    return len(nodes)


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_node_of_every_corpus_program(path: Path) -> None:
    assert assert_same(path.read_text(encoding="utf-8")) > 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_node_of_every_notebook_program(path: Path) -> None:
    nb = notebook_source(path.read_text(encoding="utf-8"))
    assert assert_same(nb.text) > 1


def test_there_are_programs() -> None:
    assert len(PROGRAMS) > 100 and NOTEBOOKS


EDGE_CASES = {
    "empty": "",
    "only newline": "\n",
    "no trailing newline": "import keras\nx = keras.layers.LSTM(4)",
    "header and footer comments": "# head\n\n#!x\nimport keras\n\n# tail\n   # tail 2\n",
    "only comments": "# a\n# b",
    "crlf": "import keras\r\nx = (1,\r\n     2)\r\ndef f(a):\r\n    return a\r\n",
    "lone cr": "import keras\rx = 1\ry = (2,\r 3)\r",
    "mixed newlines": "a = 1\r\nb = 2\nc = '''x\r\ny'''\rd = 4\n",
    "tabs and unicode": "def f():\n\tx = 'é😀'  # ünï\n\tif x:\n\t\treturn [x,\n\t\t  x]\n",
    "continuation": "x = 1 + \\\n    2\nif x: y = 3; z = 4\n",
    "decorators and classes": "@dec(1)\n@other\nclass A(B, metaclass=M):\n    '''doc'''\n\n    @property\n    def f(self) -> int:\n        return 1\n",
    "strings": "s = f'{a!r:>{w}} {b}' 'x' \"y\"\nt = b'x' rb'y'\n",
    "comprehensions": "x = [a for a in b if a]\ny = {k: v for k, v in z}\nw = lambda q, *r, **s: q\n",
    "with and try": "with a as b, c:\n    pass\ntry:\n    1\nexcept (E, F) as e:\n    raise\nelse:\n    2\nfinally:\n    3\n",
    "match": "match x:\n    case [1, *r]:\n        pass\n    case {'a': b}:\n        pass\n    case _:\n        pass\n",
    "async": "async def f():\n    async with a:\n        await b\n    async for c in d:\n        yield c\n",
    "indent of 2 and blank lines": "if x:\n\n  # c\n  y = 1\n\n\n  z = 2\nelse:\n  pass\n",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name: str) -> None:
    assert assert_same(EDGE_CASES[name], seed=len(name)) >= 1


def test_a_node_not_in_the_module_is_at_the_start() -> None:
    module = cst.parse_module("x = 1\ny = 2\n")
    locate = Locator(module)
    assert locate(cst.Name("x")) == Span(1, 1, 1, 1)
    y = module.body[1]
    assert locate(y) == Span(2, 1, 2, 6)


def test_only_the_statements_up_to_the_node_are_generated() -> None:
    text = "import keras\n" + "".join(f"x{i} = keras.layers.Dense({i})\n" for i in range(200))
    module = cst.parse_module(text)
    locate = Locator(module)
    first = module.body[1]
    assert locate(first) == Span(2, 1, 2, 27)
    assert locate._next == 2   # the laziness itself
    assert locate(module.body[-1]) == Span(201, 1, 201, 31)
    assert locate._next == len(module.body)


def test_the_nodes_reported_on_the_fixtures_are_where_libcst_puts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every node a rule locates while linting the fixtures: the span equals libcst's, and the
    diagnostics use it."""
    asked: list[tuple[cst.Module, cst.CSTNode, Span]] = []

    class Recording(Locator):
        def __call__(self, node: cst.CSTNode) -> Span:
            span = super().__call__(node)
            asked.append((self.module, node, span))
            return span

    monkeypatch.setattr(api, "Locator", Recording)
    with_findings = 0
    for path in PROGRAMS:
        result = api.lint_file(str(path), Options(isolated=True))
        assert result.internal_error is None, (path, result.internal_error)
        with_findings += bool(result.diagnostics)
    assert with_findings > 20 and len(asked) > 50
    cache: dict[int, dict[cst.CSTNode, Span]] = {}
    for module, node, span in asked:
        expected = cache.setdefault(id(module), libcst_spans(module))
        assert span == expected.get(node, Span(1, 1, 1, 1))
