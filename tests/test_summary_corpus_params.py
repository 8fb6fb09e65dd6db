"""The static summary's parameter totals against Keras' ``count_params()`` for every model
of the corpus (``tests/corpus/*/good.py``): wherever lstmlint gives a total, it is Keras'."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import types
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

from lstmlint.api import lint_source  # noqa: E402
from lstmlint.graph.summary import summarize  # noqa: E402

pytestmark = pytest.mark.keras

CORPUS = Path(__file__).parent / "corpus"
PROGRAMS = sorted(p for p in CORPUS.glob("*/good.py") if p.parent.name != "regressions")


def _skip(*args: object, **kwargs: object) -> None:
    return None


def keras_models(path: Path) -> dict[str, int]:
    """Every ``keras.Model`` the program binds at module level -> ``count_params()``. Training
    and prediction are skipped (they do not change a built model's count; a model Keras builds
    only when data arrives is left out, as it is not ``built``)."""
    keras.backend.clear_session()
    module = types.ModuleType("__corpus_params__")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    sink = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            warnings.simplefilter("ignore")
            exec(compile(path.read_text(), str(path), "exec"), module.__dict__)  # noqa: S102 - our own corpus
        return {name: v.count_params() for name, v in module.__dict__.items()
                if isinstance(v, keras.Model) and v.built}
    finally:
        sys.modules.pop(module.__name__, None)
        module.__dict__.clear()


def test_corpus_parameter_totals_equal_keras(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("fit", "predict", "evaluate", "train_on_batch", "predict_on_batch", "test_on_batch", "save"):
        monkeypatch.setattr(keras.Model, name, _skip)
    assert len(PROGRAMS) >= 50
    compared, mismatches = 0, []
    for path in PROGRAMS:
        code = path.read_text()
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
