"""Differential test 1: every bundled program, lstmlint's verdict against real Keras.

For each program in ``fixtures/`` and ``tests/corpus/`` (whatever exists at run time,
regressions included): run it in-process in a fresh namespace (the programs are ours;
TensorFlow is imported once), and take the statement Keras raises in from the innermost
traceback frame of the program. lstmlint's first *error* (warnings never count) must be in
that same statement; a program Keras runs to the end must have no lstmlint error.

Programs marked ``# keras-raises`` hold a mistake Keras only notices when data flows (an
``initial_state`` or attention of the wrong width): Keras builds the model and raises at the
marked statement; lstmlint may report the mistake (error or warning) where it is, earlier.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from program_runs import run_program as run_once

from lstmlint.api import lint_source
from lstmlint.diagnostics import Severity

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = sorted(ROOT.glob("fixtures/**/*.py")) + sorted((ROOT / "tests" / "corpus").glob("**/*.py"))
RAISES = re.compile(r"#\s*keras-raises\b")


@pytest.fixture(scope="module")
def keras():
    keras = pytest.importorskip("keras")
    return keras


def statement_of(tree: ast.Module, line: int) -> tuple[int, int] | None:
    """(first, last) line of the innermost statement that contains ``line``."""
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno):
            span = (node.lineno, node.end_lineno or node.lineno)
            if best is None or span[1] - span[0] <= best[1] - best[0]:
                best = span
    return best


def run_program(path: Path, keras) -> tuple[int | None, str | None]:
    """Run one of our programs; (line of the innermost frame in it, error) or (None, None).

    Each program runs once per session (tests/program_runs.py), shared with tests/test_corpus.py."""
    run = run_once(path.read_text(encoding="utf-8"), str(path.resolve()))
    if not run.raised:
        return None, None
    return run.line, f"{run.error_type}: {' '.join(run.error_text.split())[:300]}"


@pytest.mark.parametrize("path", PROGRAMS, ids=[str(p.relative_to(ROOT)) for p in PROGRAMS])
def test_keras_raises_where_lstmlint_reports_its_first_error(path: Path, keras) -> None:
    text = path.read_text(encoding="utf-8")
    result = lint_source(text, str(path))
    assert result.internal_error is None, result.internal_error
    errors = sorted(d.line for d in result.diagnostics if d.severity is Severity.ERROR)
    keras_line, message = run_program(path, keras)
    tree = ast.parse(text)
    raises_at = [n for n, line in enumerate(text.splitlines(), 1) if RAISES.search(line)]
    if keras_line is None:
        assert not errors, f"Keras runs {path.name}, but lstmlint reports an error at line {errors[0]}"
        return
    if raises_at and statement_of(tree, keras_line) == statement_of(tree, raises_at[0]):
        # the model was built; Keras noticed the mistake only when data flowed
        assert not errors or errors[0] < raises_at[0], "an error after the point where Keras raises"
        return
    if not errors:
        # silence is right only where lstmlint could not follow the shapes into that statement
        stmt = statement_of(tree, keras_line)
        proved = [app for app in (result.analysis.applications if result.analysis else [])
                  if result.locate is not None and statement_of(tree, result.locate(app.node).line) == stmt
                  and _proved(app)]
        if proved and "LST???" in text:
            pytest.xfail("the corpus marks this mistake with a code not assigned yet (LST???)")
        assert not proved, (
            f"Keras raises at line {keras_line} ({message}); lstmlint knew the input shapes there "
            f"({', '.join(str(t.shape) for t in proved[0].inputs)}) and reports no error"
        )
        return
    assert statement_of(tree, errors[0]) == statement_of(tree, keras_line), (
        f"lstmlint's first error is at line {errors[0]}, Keras raises at line {keras_line}: {message}"
    )


def _proved(app) -> bool:
    """lstmlint knew every input shape of this application, every dimension included."""
    from lstmlint.shapes import UNKNOWN

    return bool(app.inputs) and all(
        t.shape.dims is not None and UNKNOWN not in t.shape.dims and not t.poisoned for t in app.inputs
    )
