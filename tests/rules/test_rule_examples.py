"""Every rule's documented examples are programs, linted here (fast tier: no TensorFlow).

The *Example* of a rule (docs/rules/<code>.md, ``lstmlint --explain``) must produce that
rule's code, and nothing but it; its *Use instead* must produce no finding at all.
"""

from __future__ import annotations

import pytest

from lstmlint.api import lint_source
from lstmlint.codes import Code
from lstmlint.rules import RULES

RUNNABLE = sorted(code for code, rule in RULES.items() if rule.runnable)


def _codes(program: str) -> list[str]:
    result = lint_source(program, "example.py")
    assert result.internal_error is None, result.internal_error
    return [str(d.code) for d in result.diagnostics]


@pytest.mark.parametrize("code", RUNNABLE)
def test_bad_example_produces_its_own_code_and_nothing_else(code: Code) -> None:
    found = _codes(RULES[code].example)
    assert found == [str(code)], f"{code}'s example gives {found}"


@pytest.mark.parametrize("code", RUNNABLE)
def test_good_example_produces_nothing(code: Code) -> None:
    found = _codes(RULES[code].use_instead)
    assert found == [], f"{code}'s 'Use instead' gives {found}"


def test_every_rule_the_analysis_raises_has_runnable_examples() -> None:
    # only the rules whose findings come from outside the analysis (unreadable files, --confirm) are exempt
    exempt = {code for code, rule in RULES.items() if not rule.runnable}
    assert exempt == {
        Code.UNREADABLE_FILE,
        Code.FILE_TOO_COMPLEX,
        Code.CONFIRM_SHAPE_DISAGREEMENT,
        Code.CONFIRM_UNREPORTED_KERAS_ERROR,
        Code.CONFIRM_MODEL_RESULT,
        Code.CONFIRM_NOT_REBUILT,
    }
    assert len(RUNNABLE) == len(Code) - len(exempt)
