"""The table of ``tests/operator_cases.py`` run in real Keras 3 and tf_keras 2.21: Keras raises
on the line where lstmlint reports LST110 (with Keras' broadcasting error), and builds every
program lstmlint leaves clean."""

from __future__ import annotations

import pytest
from frontend_keras import agree_on_error, keras_run
from operator_cases import CASES, error_line
from tiers import needs_keras

# what Keras says when shapes do not broadcast: Keras 3 (``keras.ops``), TensorFlow (a layer's
# ``call``, tf_keras' TFOpLambda), and Keras 3's Lambda that could not infer its output
BROADCAST_ERRORS = ("Cannot broadcast shape", "Dimensions must be equal", "Lambda.call()")


@pytest.mark.parametrize(("program", "code"), [pytest.param(p, c, id=i) for i, p, c in CASES])
def test_keras_raises_exactly_where_lstmlint_reports(program: str, code: str | None) -> None:
    agree_on_error(program, code)


@needs_keras
def _error_text(program: str) -> tuple[int | None, str]:
    run = keras_run(program)
    assert run.raised
    return run.line, f"{run.error}"


@pytest.mark.parametrize(("program", "code"), [pytest.param(p, c, id=i) for i, p, c in CASES if c == "LST110"])
def test_the_error_is_a_broadcasting_error(program: str, code: str) -> None:
    line, text = _error_text(program)
    assert line == error_line(program)
    assert any(marker in text for marker in BROADCAST_ERRORS), text
