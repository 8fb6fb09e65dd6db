"""Structural gates of issue 9 ("Done when"), checked by reading lstmlint's source with ``ast``.

* a recurrent, convolution, merge or attention layer's name is a string literal in at most
  two modules of ``lstmlint/`` (its spec, and at most one more with a stated reason);
* no raw code literal (``"LST101"``) outside ``lstmlint/codes.py``: everything else names a
  code through ``Code``.

The other gates of the issue live next to this one: no import cycle in
``tests/unit/test_import_graph.py``; the lint path never importing TensorFlow in
``tests/test_lint_path_is_light.py``; mypy and ruff in ``.ci/run``.
Fast tier: nothing here imports TensorFlow or runs lstmlint on a program.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from lstmlint.layers import spec as layer_spec

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lstmlint"

# the layer families whose names must live in one place (Traits.family values)
GATED_FAMILIES = frozenset({"recurrent", "cell", "wrapper", "conv", "merge", "attention"})
# a name may appear in its spec module and in at most one more (with a stated reason)
MAX_MODULES_PER_NAME = 2
CODE_LITERAL = re.compile(r"LST\d{3}")
CODES_MODULE = "lstmlint.codes"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring constants (module, classes, functions): documentation, not code."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _string_literals(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Every string constant that is not a docstring, with its line."""
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.value, node.lineno


def _gated_layer_names() -> dict[str, str]:
    """Layer name or alias -> its family, for every gated family in the registry."""
    names: dict[str, str] = {}
    for s in layer_spec.all_specs():
        traits = s.traits
        family = traits.family
        if traits.recurrent and family not in GATED_FAMILIES:
            family = "recurrent"
        if traits.merge and family not in GATED_FAMILIES:
            family = "merge"
        if family in GATED_FAMILIES:
            for name in (s.name, *s.aliases):
                names[name] = family
    return names


def test_the_registry_lists_the_gated_families() -> None:
    """The gate below is not vacuous: the registry yields names of each gated family."""
    names = _gated_layer_names()
    for expected in ("LSTM", "GRU", "Conv1D", "Add", "Concatenate", "Attention"):
        assert expected in names, f"{expected} not found among the registry's gated layers"


def test_literals_are_counted_and_docstrings_are_not() -> None:
    tree = ast.parse('"""LSTM"""\ndef f():\n    """GRU"""\n    return {"LSTM": 1, "k": f"{x}LST101"}\n')
    assert sorted(v for v, _ in _string_literals(tree)) == ["LST101", "LSTM", "k"]
    assert CODE_LITERAL.fullmatch("LST101") and not CODE_LITERAL.fullmatch("error[LST101]")


def test_each_layer_name_is_a_literal_in_at_most_two_modules() -> None:
    names = _gated_layer_names()
    where: dict[str, set[str]] = defaultdict(set)
    for module, path in _modules().items():
        for value, _ in _string_literals(_tree(path)):
            if value in names:
                where[value].add(module)
    spread = {name: sorted(mods) for name, mods in where.items() if len(mods) > MAX_MODULES_PER_NAME}
    assert not spread, "layer names written in more than 2 modules:\n" + "\n".join(
        f"  {name} ({names[name]}): {len(mods)} modules: {', '.join(mods)}" for name, mods in sorted(spread.items())
    )


def test_no_raw_code_literal_outside_the_code_table() -> None:
    raw: list[str] = []
    for module, path in _modules().items():
        if module == CODES_MODULE:
            continue
        for value, line in _string_literals(_tree(path)):
            if CODE_LITERAL.fullmatch(value):
                raw.append(f"  {path.relative_to(ROOT)}:{line}: {value!r}")
    assert not raw, "raw code literals (use lstmlint.codes.Code):\n" + "\n".join(raw)
