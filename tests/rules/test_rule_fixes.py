"""Each rule attaches its own fix: the planner asks the finding's rule, and nothing else."""

from __future__ import annotations

import pytest

from lstmlint.api import lint_source
from lstmlint.codes import Code
from lstmlint.findings import Finding
from lstmlint.fix.builders import Planner, build_fixes
from lstmlint.fix.plan import FixPlan
from lstmlint.rules import RULES
from lstmlint.rules.base import Rule

STACK = (
    "import keras\n"
    "from keras import layers\n"
    "\n"
    "inputs = keras.Input(shape=(20, 8))\n"
    "x = layers.LSTM(64)(inputs)\n"
    "x = layers.LSTM(32)(x)\n"
)

WITH_FIX = {
    Code.RECURRENT_INPUT_NOT_A_SEQUENCE,
    Code.REPEAT_VECTOR_INPUT_NOT_A_VECTOR,
    Code.LAYER_INPUT_RANK_MISMATCH,
    Code.KERAS2_ONLY_ARGUMENT,
    Code.MERGE_SHAPE_MISMATCH,
    Code.MERGE_BROADCASTS_VECTOR_OVER_TIME,
    Code.CONCATENATE_SHAPE_MISMATCH,
    Code.INVALID_LAYER_ARGUMENT,    # Input(shape=int) -> (int,)
    Code.KERAS1_ARGUMENT_NAME,
    Code.REMOVED_MODEL_METHOD,
    Code.KERAS2_IMPORT,
    Code.REMOVED_BACKEND_FUNCTION,
    Code.TF_FUNCTION_ON_KERAS_TENSOR,
    Code.FIT_INPUT_SHAPE_MISMATCH,  # one sample passed to predict without its batch axis
}

# Rules whose fix covers one kind of their findings, not the kind their documented example shows:
# the program their fix must cure instead.
FIX_EXAMPLES = {
    Code.FIT_INPUT_SHAPE_MISMATCH: (
        "import numpy as np\n"
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(5, 1))\n"
        "model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(8)(inputs)))\n"
        "yhat = model.predict(np.zeros(5))\n"
    ),
}


def test_the_rules_that_attach_a_fix() -> None:
    assert {code for code, rule in RULES.items() if type(rule).fix is not Rule.fix} == WITH_FIX


def test_the_planner_takes_the_fix_from_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    result = lint_source(STACK, "m.py")
    [fix] = build_fixes(result)
    assert fix.target.code == Code.RECURRENT_INPUT_NOT_A_SEQUENCE and fix.safe
    assert fix.description == "set `return_sequences=True` on the `LSTM` at line 5"

    asked: list[Finding] = []

    def no_fix(self: Rule, finding: Finding, planner: Planner) -> FixPlan | None:
        asked.append(finding)
        return None

    monkeypatch.setattr(type(RULES[Code.RECURRENT_INPUT_NOT_A_SEQUENCE]), "fix", no_fix)
    assert build_fixes(lint_source(STACK, "m.py")) == []
    assert len(asked) == 1 and asked[0].problem.code == Code.RECURRENT_INPUT_NOT_A_SEQUENCE


@pytest.mark.parametrize("code", sorted(WITH_FIX))
def test_every_fix_of_a_documented_example_cures_it(code: Code) -> None:
    """The documented bad example is fixed (with --unsafe-fixes where needed) to a clean program,
    by that rule's own fix."""
    from lstmlint.fix import fix_source

    rule = RULES[code]
    out = fix_source(FIX_EXAMPLES.get(code, rule.example), "example.py", unsafe=True)
    assert out.applied, f"{code}: no fix applied to its own example"
    assert [d.code for d in out.result.diagnostics] == [], out.fixed
    assert {a.code for a in out.applied} == {code}
