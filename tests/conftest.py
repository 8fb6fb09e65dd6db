from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tiers import heavy_loaded, imports_keras_at_top, keras_installed, module_imported_keras, reaches_keras

from lstmlint.api import FileResult, lint_source

KERAS_INSTALLED = keras_installed()


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run the CLI without lstmlint's result cache (lstmlint/run.py): no .lstmlint_cache in
    the working folder, and a test that patches the analysis never gets an earlier run's answer.
    tests/test_cache.py turns it back on."""
    monkeypatch.setenv("LSTMLINT_NO_CACHE", "1")


def lint(code: str, path: str = "model.py") -> FileResult:
    """Lint a dedented snippet; fail loudly if the tool itself broke."""
    result = lint_source(textwrap.dedent(code), path)
    assert result.internal_error is None, result.internal_error
    return result


def codes(code: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint(code).diagnostics]


@pytest.fixture
def lint_snippet() -> Callable[[str, str], FileResult]:
    return lint


# ----------------------------------------------------------------------------- test tiers
# See tests/tiers.py. `pytest -m "not keras"` is the fast tier (no TensorFlow needed);
# `pytest -m keras` the Keras tier; without TensorFlow installed the Keras tier is skipped.


def _selects_keras_tests(config: pytest.Config) -> bool:
    """Whether the ``-m`` expression can select a test marked ``keras`` (True when unsure)."""
    markexpr: str = config.getoption("markexpr", "") or ""
    if not markexpr.strip():
        return True
    try:
        from _pytest.mark.expression import Expression

        def only_keras(name: str, /, **_: object) -> bool:
            return name == "keras"

        def every_mark(name: str, /, **_: object) -> bool:
            return True

        expression = Expression.compile(markexpr)
        # a Keras-tier test carries `keras` and possibly other marks: selectable if either extreme matches
        return expression.evaluate(only_keras) or expression.evaluate(every_mark)
    except Exception:  # noqa: BLE001 - a private pytest API: when in doubt, collect as usual
        return True


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """``-m "not keras"``: do not import a test module that imports TensorFlow at import time."""
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        if not _selects_keras_tests(config) and imports_keras_at_top(collection_path):
            return True
    return None


def _in_keras_tier(item: pytest.Item) -> bool:
    if item.get_closest_marker("keras") is not None:
        return True
    if not isinstance(item, pytest.Function):
        return False
    if module_imported_keras(item.module) or reaches_keras(item.obj):
        return True
    for defs in item._fixtureinfo.name2fixturedefs.values():
        if any(reaches_keras(d.func) for d in defs):
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = pytest.mark.skip(reason="Keras tier: TensorFlow/Keras is not installed")
    for item in items:
        if _in_keras_tier(item):
            if item.get_closest_marker("keras") is None:
                item.add_marker(pytest.mark.keras)
            if not KERAS_INSTALLED:
                item.add_marker(missing)


@pytest.fixture(autouse=True)
def _fast_tier_needs_no_tensorflow(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test outside the Keras tier must not import TensorFlow/Keras (the fast-tier guarantee)."""
    before = heavy_loaded()
    yield
    if request.node.get_closest_marker("keras") is None:
        new = heavy_loaded() - before
        if new:
            pytest.fail(
                f"{request.node.nodeid} imported {', '.join(sorted(new))} but is not in the Keras tier: "
                "mark it @pytest.mark.keras, or decorate the helper that runs Keras with "
                "tiers.needs_keras",
                pytrace=False,
            )
