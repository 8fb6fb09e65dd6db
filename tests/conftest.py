from __future__ import annotations

import os
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


# ----------------------------------------------------------------------------- parallel runs
# `pytest` runs on pytest-xdist workers (addopts in pyproject.toml: `-n auto --dist loadgroup`);
# `pytest -n 0` runs in this process. Tests go to the workers one by one, except two kinds of
# xdist group, each run whole by one worker (pytest-xdist 3.8 tags the group onto
# `item._nodeid`, which pytest 9.2 no longer reads: `_group_in_node_id` below puts it where it
# does, or the groups would be scheduled one by one and a program could run once in each worker):
# * the test modules below run our example programs in real Keras through tests/program_runs.py,
#   which keeps each outcome for the session: their Keras-tier tests form two groups, the good
#   twins (with the test that runs them all) and the rest, so every program runs in one worker
#   only (once), and the two largest pieces of work start at once on two workers;
# * the tests of a module that share a module- or session-scoped fixture of that module (a
#   confirm worker process, a pre-commit environment, a CLI run over fixtures/) are one group per
#   module, so the fixture is set up once, not once per worker.

PROGRAM_RUN_MODULES = frozenset({"test_corpus.py", "test_differential_programs.py", "test_summary_corpus_params.py"})
MAX_AUTO_WORKERS = 4  # each worker imports TensorFlow (~1 GB, seconds): more rarely pays off


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """Without pytest-xdist (not installed, or ``pytest -p no:xdist``) the ``-n``/``--dist`` of
    addopts are accepted and ignored, so the suite runs in this process instead of refusing them."""
    if pluginmanager.has_plugin("xdist"):
        return
    group = parser.getgroup("xdist-absent", "pytest-xdist is not active: its options are ignored")
    # `-n` is a lowercase short option, which pytest reserves: added as pytest-xdist adds it
    group._addoption("-n", "--numprocesses", dest="numprocesses", default=None, help="ignored")
    group.addoption("--dist", dest="dist", default="no", help="ignored")


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: unknown without it
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: the usable cores, at most MAX_AUTO_WORKERS.

    PYTEST_XDIST_AUTO_NUM_WORKERS=N overrides it (answered by pytest-xdist itself)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS))


def _program_group(item: pytest.Item) -> str:
    """The xdist group of a Keras-tier test of PROGRAM_RUN_MODULES: by the program it runs."""
    callspec = getattr(item, "callspec", None)
    path = callspec.params.get("path") if callspec is not None else None
    if isinstance(path, Path) and path.stem != "good":
        return "keras-programs-bad"
    return "keras-programs-good"  # a good twin, or a test that runs many of them


def _shares_a_module_fixture(item: pytest.Item) -> bool:
    """The test uses a module- or session-scoped fixture defined in its own test module."""
    if not isinstance(item, pytest.Function):
        return False
    module_id = item.nodeid.split("::", 1)[0]
    return any(
        d.scope in ("module", "session") and d.baseid == module_id
        for defs in item._fixtureinfo.name2fixturedefs.values()
        for d in defs
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = pytest.mark.skip(reason="Keras tier: TensorFlow/Keras is not installed")
    for item in items:
        if _in_keras_tier(item):
            if item.get_closest_marker("keras") is None:
                item.add_marker(pytest.mark.keras)
            if not KERAS_INSTALLED:
                item.add_marker(missing)
            if item.path.name in PROGRAM_RUN_MODULES:
                item.add_marker(pytest.mark.xdist_group(_program_group(item)))
                continue
        if _shares_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(f"fixtures-of-{item.path.name}"))
    if hasattr(config, "workerinput") and config.getvalue("loadgroup"):  # an xdist worker, --dist loadgroup
        for item in items:
            _group_in_node_id(item)


def _group_in_node_id(item: pytest.Item) -> None:
    """``--dist loadgroup`` schedules together the tests whose node ids end in the same ``@group``
    (the controller sees node ids only). pytest-xdist 3.8 appends it to ``item._nodeid``, which
    pytest 9.2 no longer reads (the id is the ``NodeId`` in ``item._id``): the suffix is written
    there, as xdist means it. On a pytest that still reads ``_nodeid``, xdist's own works."""
    names = sorted(
        {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
    )
    current = getattr(item, "_id", None)
    if not names or current is None or "@" in item.nodeid.rpartition("]")[2]:
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # a pytest without structured node ids: xdist's `_nodeid` is read there
        return
    if isinstance(current, NodeId):
        item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


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
