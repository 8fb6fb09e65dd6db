"""``source/parsing.py``: libcst's parse with light node constructors (no per-node
re-validation), only where lstmlint owns the process, only in the parsing thread and only
during the parse."""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import threading
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from libcst._nodes.base import CSTNode

from lstmlint.api import FileResult, lint_source
from lstmlint.run import Task
from lstmlint.source import parsing

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = sorted((ROOT / "fixtures").rglob("*.py")) + sorted((ROOT / "tests" / "corpus").glob("*/*.py"))
ORIGINAL = CSTNode.__dict__["__post_init__"]
NODE_CLASSES = parsing._node_classes()
OWN_INITS = {cls: cls.__dict__["__init__"] for cls in NODE_CLASSES}
REALCODE = Path(os.environ.get("LSTMLINT_REALCODE_CACHE", Path.home() / ".cache" / "lstmlint-realcode"))


def _libcst_as_it_was() -> bool:
    """No light constructor left in place, libcst's own validation hook untouched."""
    return CSTNode.__dict__["__post_init__"] is ORIGINAL and all(
        cls.__dict__["__init__"] is own for cls, own in OWN_INITS.items()
    )


def _validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every ``_validate`` of a ``Name`` (a node every parse builds)."""
    seen: list[str] = []
    validate = cst.Name._validate

    def counted(self: cst.Name) -> None:
        seen.append(self.value)
        validate(self)

    monkeypatch.setattr(cst.Name, "_validate", counted)
    return seen


@pytest.fixture
def light_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Owned parses use the light constructors from the first one (``LIGHT_AFTER`` 0)."""
    monkeypatch.setattr(parsing, "LIGHT_AFTER", 0)


@pytest.mark.usefixtures("light_at_once")
def test_trees_are_identical_on_fixtures_and_corpus_pairs() -> None:
    assert len(SOURCES) > 100
    with parsing.owned():
        for path in SOURCES:
            text = path.read_text(encoding="utf-8")
            plain = cst.parse_module(text)
            fast = parsing.parse_module(text)
            assert fast.deep_equals(plain), path
            assert fast.code == plain.code == text, path
    assert _libcst_as_it_was()


@pytest.mark.usefixtures("light_at_once")
def test_validation_is_skipped_only_inside_an_owned_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _validations(monkeypatch)
    parsing.parse_module("x = foo(y)\n")
    assert seen, "a parse outside an owned process validates as libcst does"
    seen.clear()
    with parsing.owned():
        parsing.parse_module("x = foo(y)\n")
        assert seen == []
        cst.Name("built_by_a_fix")  # outside the parse: validated
        assert seen == ["built_by_a_fix"]
    assert _libcst_as_it_was()


def test_linting_through_the_api_does_not_patch_libcst(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _validations(monkeypatch)
    during: list[object] = []
    parse = cst.parse_module

    def spy(source: str | bytes) -> cst.Module:
        during.append(_libcst_as_it_was())
        return parse(source)

    monkeypatch.setattr(cst, "parse_module", spy)
    assert not parsing.owns_process()
    result = lint_source("import keras\nx = keras.layers.Dense(4)(keras.Input((3,)))\n", "<string>")
    assert result.module is not None
    assert during and all(during)
    assert "x" in seen


def test_flake8_plugin_does_not_own_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import ast

    from lstmlint.flake8 import Plugin

    seen = _validations(monkeypatch)
    text = "import keras\nx = keras.layers.LSTM(4)(keras.Input((3,)))\n"
    found = list(Plugin(ast.parse(text), text.splitlines(True), "model.py").run())
    assert found  # the LSTM on a 2-D input
    assert "x" in seen and not parsing.owns_process()


def test_invalid_nodes_still_raise_inside_an_owned_process() -> None:
    with parsing.owned(), pytest.raises(cst.CSTValidationError):
        cst.Name("")
    with parsing.owned(), pytest.raises(cst.CSTValidationError):
        cst.Subscript(value=cst.Name("a"), slice=[])  # a fix building a bad node


def test_other_threads_validate_while_a_parse_runs() -> None:
    errors: list[BaseException] = []

    def build() -> None:
        try:
            cst.Name("")
        except cst.CSTValidationError as e:
            errors.append(e)

    with parsing.owned(), parsing._light_nodes():
        assert cst.Name.__dict__["__init__"] is not OWN_INITS[cst.Name]
        with parsing._light_nodes():  # re-entrant
            pass
        assert threading.get_ident() in parsing._parsing
        cst.Name("")  # this thread is parsing: not validated
        worker = threading.Thread(target=build)
        worker.start()
        worker.join()
    assert len(errors) == 1
    assert not parsing._parsing
    assert _libcst_as_it_was()


@pytest.mark.usefixtures("light_at_once")
def test_restored_after_a_syntax_error_and_reported_the_same_way() -> None:
    from lstmlint.settings import Options

    bad = "import keras\nx = keras.layers.Dense(4)(\n"
    with pytest.raises(cst.ParserSyntaxError) as plain:
        cst.parse_module(bad)
    with parsing.owned(), pytest.raises(cst.ParserSyntaxError) as fast:
        parsing.parse_module(bad)
    assert str(fast.value) == str(plain.value)
    assert not parsing._parsing
    assert _libcst_as_it_was()
    outside = lint_source(bad, "model.py", Options(isolated=True)).diagnostics
    with parsing.owned():
        inside = lint_source(bad, "model.py", Options(isolated=True)).diagnostics
    assert outside and inside == outside
    assert outside[0].code == "LST002"


def _owner(task: Task) -> FileResult:
    """A pool task that tells whether its worker process is lstmlint's."""
    return FileResult(task.path, internal_error=f"owned={parsing.owns_process()}")


def test_the_command_line_and_its_workers_own_their_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import lstmlint.api as api
    from lstmlint.cli import main
    from lstmlint.run import in_pool
    from lstmlint.settings import Options

    owned_while_parsing: list[bool] = []
    parse = parsing.parse_module

    def spy(source: str) -> cst.Module:
        owned_while_parsing.append(parsing.owns_process())
        return parse(source)

    monkeypatch.setattr(api, "parse_module", spy)
    model = tmp_path / "model.py"
    model.write_text("import keras\nx = keras.layers.LSTM(4)(keras.Input((3,)))\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["--isolated", "--no-cache", "--jobs", "1", str(model)])
    assert run.exit_code == 1 and "LST101" in run.output
    assert owned_while_parsing == [True]
    assert not parsing.owns_process()  # only while the command ran
    done = list(in_pool([Task(str(model), Options(isolated=True))], 1, _owner))
    assert [r.internal_error for r in done] == ["owned=True"]
    assert not parsing.owns_process()


def _rebuilt(node: cst.CSTNode) -> cst.CSTNode:
    """``node`` built again by its class from its fields, by keyword, children first."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, cst.CSTNode):
            value = _rebuilt(value)
        elif isinstance(value, (list, tuple)):
            value = type(value)(_rebuilt(v) if isinstance(v, cst.CSTNode) else v for v in value)
        values[f.name] = value
    return type(node)(**values)


def test_light_constructors_take_the_same_parameters_with_the_same_defaults() -> None:
    assert len(NODE_CLASSES) > 150
    assert {cst.Name, cst.Call, cst.Module, cst.SimpleWhitespace, cst.FunctionDef} <= set(NODE_CLASSES)
    for cls in NODE_CLASSES:
        light = parsing._light_init(cls)
        assert light is not None, cls
        own = inspect.signature(OWN_INITS[cls], follow_wrapped=False)
        assert inspect.signature(light, follow_wrapped=False) == own, cls


def test_light_constructors_build_what_libcst_builds() -> None:
    """Every node of the fixtures' parses, built again field by field, by keyword (as the parser
    calls them) and by position, with and without the light constructors; and each class with only
    its required fields, which takes every default and default factory."""
    trees = [cst.parse_module(p.read_text(encoding="utf-8")) for p in SOURCES[:60]]
    with parsing.owned():
        for tree in trees:
            with parsing._light_nodes():
                light = _rebuilt(tree)
            assert light.deep_equals(tree) and light.code == tree.code
        name = cst.Name("x")
        with parsing._light_nodes():
            by_position = cst.Attribute(name, cst.Name("y"))
            bare = cst.Call(func=name)
        assert by_position.deep_equals(cst.Attribute(name, cst.Name("y")))
        assert bare.deep_equals(cst.Call(func=name))
        assert bare.whitespace_after_func is not cst.Call(func=name).whitespace_after_func  # a factory
        with parsing._light_nodes():
            pairs = [(cls, cls(**_required(cls))) for cls in NODE_CLASSES if _required(cls) is not None]
        assert len(pairs) > 60
        for cls, built in pairs:
            assert built.deep_equals(cls(**_required(cls))), cls
    assert _libcst_as_it_was()


def _required(cls: type) -> dict[str, Any] | None:
    """Arguments for ``cls``'s fields without a default: a Name for each, or None if that is not
    what the field takes (the class is left out)."""
    needed = [
        f
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if any(f.type not in ("Name", "BaseExpression", "Union[Name, Attribute]") for f in needed):
        return None
    return {f.name: cst.Name("n") for f in needed}


@pytest.mark.usefixtures("light_at_once")
@pytest.mark.skipif(not (REALCODE / "manifest.json").exists(), reason="real-code cache not fetched")
def test_trees_are_identical_on_real_code() -> None:
    rows = json.loads((REALCODE / "manifest.json").read_text(encoding="utf-8"))["files"]
    paths = [REALCODE / "files" / r["file"] for r in rows][::20]
    with parsing.owned():
        for path in paths:
            if path.exists():
                text = path.read_text(encoding="utf-8")
                assert parsing.parse_module(text).deep_equals(cst.parse_module(text)), path
    assert _libcst_as_it_was()


def test_light_constructors_only_once_enough_source_was_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that parses little never makes them (they cost more than a small file's parse
    gains); the parse that reaches ``LIGHT_AFTER`` makes them, and every owned parse after it
    uses them."""
    monkeypatch.setattr(parsing, "_light", {})
    monkeypatch.setattr(parsing, "_parsed", 0)
    monkeypatch.setattr(parsing, "LIGHT_AFTER", 40)
    seen = _validations(monkeypatch)
    with parsing.owned():
        parsing.parse_module("small = f(x)\n")  # 13 characters
        assert seen == ["small", "f", "x"] and not parsing._light
        assert _libcst_as_it_was()
        seen.clear()
        parsing.parse_module("second = g(y)\n" * 2)  # 13 + 28 >= 40
        assert seen == [] and parsing._light
        parsing.parse_module("third = h(z)\n")
        assert seen == []
    assert _libcst_as_it_was()
    with parsing.owned():  # made once: the next owned run uses them from its first parse
        parsing.parse_module("fourth = k(w)\n")
    assert seen == []
    assert _libcst_as_it_was()
