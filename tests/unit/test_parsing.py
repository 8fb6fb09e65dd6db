"""``source/parsing.py``: libcst's parse without its per-node re-validation, only where lstmlint
owns the process, only in the parsing thread and only during the parse."""

from __future__ import annotations

import threading
from pathlib import Path

import libcst as cst
import pytest
from libcst._nodes.base import CSTNode

from lstmlint.api import FileResult, lint_source
from lstmlint.run import Task
from lstmlint.source import parsing

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = sorted((ROOT / "fixtures").rglob("*.py")) + sorted((ROOT / "tests" / "corpus").glob("*/*.py"))
ORIGINAL = CSTNode.__dict__["__post_init__"]


def _validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every ``_validate`` of a ``Name`` (a node every parse builds)."""
    seen: list[str] = []
    validate = cst.Name._validate

    def counted(self: cst.Name) -> None:
        seen.append(self.value)
        validate(self)

    monkeypatch.setattr(cst.Name, "_validate", counted)
    return seen


def test_trees_are_identical_on_fixtures_and_corpus_pairs() -> None:
    assert len(SOURCES) > 100
    with parsing.owned():
        for path in SOURCES:
            text = path.read_text(encoding="utf-8")
            plain = cst.parse_module(text)
            fast = parsing.parse_module(text)
            assert fast.deep_equals(plain), path
            assert fast.code == plain.code == text, path
    assert CSTNode.__dict__["__post_init__"] is ORIGINAL


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
    assert CSTNode.__dict__["__post_init__"] is ORIGINAL


def test_linting_through_the_api_does_not_patch_libcst(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _validations(monkeypatch)
    during: list[object] = []
    parse = cst.parse_module

    def spy(source: str | bytes) -> cst.Module:
        during.append(CSTNode.__dict__["__post_init__"])
        return parse(source)

    monkeypatch.setattr(cst, "parse_module", spy)
    assert not parsing.owns_process()
    result = lint_source("import keras\nx = keras.layers.Dense(4)(keras.Input((3,)))\n", "<string>")
    assert result.module is not None
    assert during and all(p is ORIGINAL for p in during)
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

    with parsing.owned(), parsing._unvalidated():
        assert CSTNode.__dict__["__post_init__"] is parsing._post_init
        with parsing._unvalidated():  # re-entrant
            pass
        assert CSTNode.__dict__["__post_init__"] is parsing._post_init
        worker = threading.Thread(target=build)
        worker.start()
        worker.join()
    assert len(errors) == 1
    assert CSTNode.__dict__["__post_init__"] is ORIGINAL


def test_restored_after_a_syntax_error_and_reported_the_same_way() -> None:
    from lstmlint.settings import Options

    bad = "import keras\nx = keras.layers.Dense(4)(\n"
    with pytest.raises(cst.ParserSyntaxError) as plain:
        cst.parse_module(bad)
    with parsing.owned(), pytest.raises(cst.ParserSyntaxError) as fast:
        parsing.parse_module(bad)
    assert str(fast.value) == str(plain.value)
    assert CSTNode.__dict__["__post_init__"] is ORIGINAL
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
