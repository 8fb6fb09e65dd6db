"""The static summary's parameter totals against Keras' ``count_params()`` for every model
of the corpus (``tests/corpus/*/good.py``): wherever lstmlint gives a total, it is Keras'.

Keras' side comes from the session's one run of each program (``tests/program_runs.py``, shared
with ``tests/test_corpus.py`` and ``tests/test_differential_programs.py``): the count of every
built ``keras.Model`` the program leaves bound at module level. The programs run as scripts, to
the end (``fit`` included: training does not change a built model's count, and a model Keras
builds only when data arrives is then compared too)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
pytest.importorskip("keras")

from program_runs import run_program

from lstmlint.api import lint_source
from lstmlint.graph.summary import summarize

pytestmark = pytest.mark.keras

CORPUS = Path(__file__).parent / "corpus"
PROGRAMS = sorted(p for p in CORPUS.glob("*/good.py") if p.parent.name != "regressions")


def keras_models(path: Path) -> dict[str, int]:
    """Every built ``keras.Model`` the program binds at module level -> ``count_params()``."""
    run = run_program(path.read_text(encoding="utf-8"), str(path.resolve()))
    assert not run.params_errors, f"{path.parent.name}: count_params() raised: {run.params_errors}"
    return run.models


def test_corpus_parameter_totals_equal_keras() -> None:
    assert len(PROGRAMS) >= 50
    compared, mismatches = 0, []
    for path in PROGRAMS:
        code = path.read_text(encoding="utf-8")
        result = lint_source(code, str(path))
        ours = {s.name: s.total.total for s in summarize(result.analysis) if s.total is not None}
        theirs = keras_models(path)
        for name in sorted(ours.keys() & theirs.keys()):
            compared += 1
            if ours[name] != theirs[name]:
                mismatches.append(f"{path.parent.name}:{name}: lstmlint {ours[name]:,}, Keras {theirs[name]:,}")
    print(f"corpus parameter totals compared with Keras: {compared} models, {len(mismatches)} differ")
    assert not mismatches, "\n".join(mismatches)
    assert compared >= 50
