"""The one code table (``lstmlint.codes``): every consumer reads it, and nothing spells a code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from lstmlint.codes import CONFIRM_CODES, META_CODES, PREFIX, TABLE, Code, codes_under, known, matches, parse_code
from lstmlint.diagnostics import Severity
from lstmlint.rules import RULES
from lstmlint.rules.base import Rule

PACKAGE = Path(__file__).resolve().parents[2] / "lstmlint"


def test_every_code_has_one_row_and_one_rule() -> None:
    assert set(TABLE) == set(Code) == set(RULES)
    for code, info in TABLE.items():
        assert info.code is code and re.fullmatch(rf"{PREFIX}\d{{3}}", code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", info.name) and info.summary.strip()
    assert len({info.name for info in TABLE.values()}) == len(TABLE)


@pytest.mark.parametrize("code", sorted(Code))
def test_a_rule_takes_name_severity_and_summary_from_the_table(code: Code) -> None:
    rule = RULES[code]
    info = TABLE[code]
    assert (rule.code, rule.name, rule.severity, rule.summary) == (code, info.name, info.severity, info.summary)
    assert isinstance(rule, Rule)


def test_parse_known_and_prefixes() -> None:
    assert parse_code(" lst101 ") is Code.RECURRENT_INPUT_NOT_A_SEQUENCE
    assert parse_code("LST999") is None and parse_code("E501") is None and parse_code("") is None
    assert known("LST1") and known("lst10") and known("LST901") and known("LST")
    assert not known("LST999") and not known("LST8") and not known("") and not known("E5")
    assert codes_under("LST11") == [
        Code.MERGE_SHAPE_MISMATCH,
        Code.MERGE_BROADCASTS_VECTOR_OVER_TIME,
        Code.CONCATENATE_SHAPE_MISMATCH,
        Code.DOT_AXIS_MISMATCH,
        Code.MERGE_CALLED_WITH_WRONG_INPUTS,
        Code.MERGE_BATCH_SIZE_MISMATCH,
        Code.GROUPS_DO_NOT_DIVIDE_CHANNELS,
    ]
    assert codes_under("LST8") == [] and codes_under("") == []
    assert matches(Code.DOT_AXIS_MISMATCH, frozenset({"LST11"})) and not matches("LST101", frozenset({"LST11"}))
    assert not matches("LST101", None)


def test_code_groups() -> None:
    assert {TABLE[c].severity for c in CONFIRM_CODES} <= {Severity.WARNING, Severity.INFO}
    assert all(TABLE[c].name.startswith("confirm-") for c in CONFIRM_CODES) and len(CONFIRM_CODES) == 4
    assert META_CODES == {Code.UNUSED_SUPPRESSION}


def _code_literals(path: Path) -> list[int]:
    """Lines of string constants that are exactly a code (docstrings and messages may mention codes)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"LST\d{3}", node.value)
    ]


def test_no_code_is_spelled_outside_the_table() -> None:
    found = {
        str(p.relative_to(PACKAGE.parent)): lines
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.name != "codes.py" and (lines := _code_literals(p))
    }
    assert found == {}, f"use lstmlint.codes.Code instead of code strings: {found}"
