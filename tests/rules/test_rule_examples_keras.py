"""Keras tier: each rule's examples, where they build a model, run in real Keras 3.

A bad example of an error rule must make Keras raise; a bad example of a warning rule must
build and run (Keras accepts it: that is why it is only a warning); every good example must
build and run.
"""

from __future__ import annotations

import pytest

from lstmlint.codes import Code
from lstmlint.diagnostics import Severity
from lstmlint.rules import RULES
from lstmlint.rules.base import Rule

pytestmark = pytest.mark.keras
keras = pytest.importorskip("keras")


def _builds_models(rule: Rule) -> bool:
    """Both examples are Python that imports Keras (LST002's example is a syntax error on purpose)."""
    try:
        for program in (rule.example, rule.use_instead):
            compile(program, "<example>", "exec")
    except SyntaxError:
        return False
    return rule.runnable and ("import keras" in rule.example or "from keras" in rule.example)


KERAS = sorted(code for code, rule in RULES.items() if _builds_models(rule))


def _run(program: str) -> None:
    keras.backend.clear_session()
    exec(compile(program, "<example>", "exec"), {"__name__": "__example__"})  # noqa: S102 - our own docs


def test_the_model_building_examples_are_the_ones_expected() -> None:
    assert Code.RECURRENT_INPUT_NOT_A_SEQUENCE in KERAS and Code.FIT_TARGET_BROADCAST in KERAS
    assert Code.SYNTAX_ERROR not in KERAS and len(KERAS) >= 24


@pytest.mark.parametrize("code", KERAS)
def test_bad_example_in_keras(code: Code) -> None:
    rule = RULES[code]
    if rule.severity is Severity.ERROR:
        with pytest.raises(Exception):  # noqa: B017 - Keras raises ValueError, TypeError, NotImplementedError...
            _run(rule.example)
    else:
        _run(rule.example)


@pytest.mark.parametrize("code", KERAS)
def test_good_example_in_keras(code: Code) -> None:
    _run(RULES[code].use_instead)


@pytest.mark.parametrize("code", [c for c in KERAS if type(RULES[c]).fix is not Rule.fix])
def test_fixed_bad_example_builds_in_keras(code: Code) -> None:
    from test_rule_fixes import FIX_EXAMPLES  # a rule whose fix covers another kind of finding

    from lstmlint.fix import fix_source

    example = FIX_EXAMPLES.get(code, RULES[code].example)
    out = fix_source(example, "example.py", unsafe=True)
    assert out.applied and out.fixed != example
    _run(out.fixed)
