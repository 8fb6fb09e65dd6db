"""Shared by the tests/test_frontend_*.py modules: run a snippet through lstmlint's interpreter
and through real Keras (the snippets are ours), and compare.

TensorFlow is imported once per test session (module import cache); each snippet runs in a
fresh namespace after ``keras.backend.clear_session()``.
"""

from __future__ import annotations

import os
import sys
import textwrap
import traceback
from dataclasses import dataclass
from typing import Any

import libcst as cst

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tiers import needs_keras

from lstmlint.api import lint_source
from lstmlint.diagnostics import Diagnostic
from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.interp.overlays.values import ArrayValue, FunctionalModel, SequentialModel
from lstmlint.interp.values import ObjectValue

FILENAME = "<snippet>"


@dataclass
class KerasRun:
    namespace: dict[str, Any]
    error: BaseException | None
    line: int | None          # the snippet line where Keras/Python raised

    @property
    def raised(self) -> bool:
        return self.error is not None


@needs_keras
def keras_run(code: str) -> KerasRun:
    import keras

    keras.backend.clear_session()
    code = textwrap.dedent(code)
    ns: dict[str, Any] = {"__name__": "__main__"}
    try:
        exec(compile(code, FILENAME, "exec"), ns)  # noqa: S102 - the snippets are our own test cases
    except Exception as e:  # noqa: BLE001 - any failure is the measurement
        line = None
        for frame, lineno in traceback.walk_tb(sys.exc_info()[2]):
            if frame.f_code.co_filename == FILENAME:
                line = lineno
        return KerasRun(ns, e, line)
    return KerasRun(ns, None, None)


def interpret(code: str) -> Interpreter:
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)))
    interp.run()
    return interp


def inferred(interp: Interpreter, name: str) -> str:
    """The shape lstmlint inferred for a global name (a tensor, an array or a model's output)."""
    value = interp.globals[name]
    if isinstance(value, Tensor):
        return str(value.shape)
    if isinstance(value, ArrayValue):
        return str(tuple(value.dims))
    if isinstance(value, (SequentialModel, FunctionalModel)):
        outs = value.model.outputs
        return str(outs[0].shape) if len(outs) == 1 else str([str(t.shape) for t in outs])
    if isinstance(value, ObjectValue) and value.model is not None:
        outs = value.model.outputs
        return str(outs[0].shape) if len(outs) == 1 else "?"
    if isinstance(value, (list, tuple)):
        return str([inferred_value(v) for v in value])
    return repr(value)


def inferred_value(v: Any) -> str:
    return str(v.shape) if isinstance(v, Tensor) else repr(v)


@needs_keras
def keras_shape(run: KerasRun, name: str) -> str:
    import keras

    value = run.namespace[name]
    if isinstance(value, keras.Model):
        outs = value.outputs
        return str(tuple(outs[0].shape)) if len(outs) == 1 else "?"
    if isinstance(value, (list, tuple)):
        return str([str(tuple(v.shape)) for v in value])
    return str(tuple(value.shape))


@needs_keras
def compare(code: str, names: list[str]) -> tuple[Interpreter, KerasRun]:
    """Assert that lstmlint and Keras agree on the shapes of ``names`` (Keras must not raise)."""
    interp = interpret(code)
    run = keras_run(code)
    assert not run.raised, f"Keras raised: {run.error!r} at line {run.line}"
    for name in names:
        assert inferred(interp, name) == keras_shape(run, name), name
    return interp, run


def findings(code: str, path: str = "model.py") -> list[Diagnostic]:
    result = lint_source(textwrap.dedent(code), path)
    assert result.internal_error is None, result.internal_error
    return result.diagnostics


def errors(code: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in findings(code) if d.severity.value == "error"]


def warnings_(code: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in findings(code) if d.severity.value == "warning"]


@needs_keras
def agree_on_error(code: str, code_expected: str | None) -> list[Diagnostic]:
    """lstmlint reports an error exactly where Keras raises (or nothing when Keras runs)."""
    diags = findings(code)
    errs = [(d.line, d.code) for d in diags if d.severity.value == "error"]
    run = keras_run(code)
    if code_expected is None:
        assert not run.raised, f"Keras raised {run.error!r} at line {run.line}"
        assert errs == [], errs
    else:
        assert run.raised, "Keras did not raise"
        assert (run.line, code_expected) in errs, (errs, run.line, repr(run.error))
    return diags
