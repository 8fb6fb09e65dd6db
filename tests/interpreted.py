"""The interpreter run on a snippet, for the tests that look at the values it computes
(``interpret``), and a tensor expression traced inside a custom layer's ``call``, where Keras
runs TensorFlow on its tensors (``traced``); the model built on a line (``model_at``,
``model_output``) and the codes lstmlint reports on a snippet (``codes``)."""

from __future__ import annotations

import textwrap

import libcst as cst

from lstmlint.api import FileResult, lint_source
from lstmlint.graph.model import Model, Tensor
from lstmlint.interp import Interpreter
from lstmlint.settings import Options
from lstmlint.source.keras_target import KerasVersion, Target


def interpret(code: str, keras: str | Target = "3") -> Interpreter:
    """``code`` (dedented) run by the interpreter, judged by Keras ``keras`` (a version or a target)."""
    target = keras if isinstance(keras, Target) else Target(KerasVersion(keras), "test")
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)), target)
    interp.run()
    return interp


def traced(shape: tuple[int | None, ...], expr: str, keras: str = "3") -> Tensor:
    """The output of a custom layer whose ``call`` returns ``expr`` (of its input ``x``), applied
    to ``keras.Input(shape)``."""
    g = interpret(
        f"""
        import tensorflow as tf
        import keras
        class L(keras.layers.Layer):
            def call(self, x):
                return {expr}
        out = L()(keras.Input({shape!r}))
        """,
        keras,
    ).globals
    out = g["out"]
    assert isinstance(out, Tensor), out
    return out


def model_at(interp: Interpreter, line: int) -> Model:
    """The model whose constructor call is on ``line``."""
    code = interp.module.code
    found = [m for m in interp.result.models if code.count("\n", 0, _offset(interp, m)) + 1 == line]
    assert len(found) == 1, [m.kind for m in interp.result.models]
    return found[0]


def _offset(interp: Interpreter, m: Model) -> int:
    return interp.module.code.index(interp.module.code_for_node(m.node))


def model_output(interp: Interpreter, line: int) -> str:
    """The one output shape of the model built on ``line``, followed to the end."""
    m = model_at(interp, line)
    assert len(m.outputs) == 1 and not m.lost, m.lost
    return str(m.outputs[0].shape)


def codes(code: str, keras: str = "3") -> list[str]:
    """The codes lstmlint reports on ``code`` (dedented), judged by Keras ``keras``."""
    result = lint_source(textwrap.dedent(code), "script.py", Options(isolated=True, keras_version=keras))
    return [d.code for d in result.diagnostics]


def lint_program(head: str, body: str, keras: str = "3") -> FileResult:
    """``head`` (the imports) then ``body`` (dedented), linted as a file judged by Keras ``keras``."""
    result = lint_source(head + textwrap.dedent(body), "prog.py", Options(isolated=True, keras_version=keras))
    assert result.internal_error is None, result.internal_error
    return result


def findings(result: FileResult) -> list[tuple[int, str]]:
    """(line, code) of each diagnostic."""
    return [(d.line, d.code) for d in result.diagnostics]


def last_model_outputs(result: FileResult) -> list[str]:
    """The output shapes of the file's last model."""
    assert result.analysis is not None
    return [str(t.shape) for t in result.analysis.models[-1].outputs]
