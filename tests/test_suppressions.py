"""Inline suppressions (`# lstmlint: ignore[...]`, `# noqa: ...`) and LST901 unused-suppression."""

from __future__ import annotations

import textwrap

import pytest

from lstmlint.api import Options, lint_source
from lstmlint.rules import RULES
from lstmlint.source import suppressions

HEAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
"""
BAD_LINE = "y = layers.LSTM(8)(x)"          # LST101 on line 5
CLEAN_LINE = "y = layers.Dense(8)(x)"       # nothing on line 5


def found(tail: str, options: Options | None = None) -> list[tuple[int, str]]:
    result = lint_source(HEAD + textwrap.dedent(tail), "m.py", options)
    assert result.internal_error is None, result.internal_error
    return [(d.line, d.code) for d in result.diagnostics]


def test_unsuppressed_finding_is_reported() -> None:
    assert found(BAD_LINE) == [(5, "LST101")]


@pytest.mark.parametrize("comment", [
    "# noqa: LST101",
    "# noqa:LST101",
    "# NOQA: LST101",
    "# NoQA: lst101",
    "# noqa: E501,LST101",
    "# noqa: E501, LST101 W291",
    "# noqa: LST1",                     # a prefix, as flake8 allows
    "# noqa",                           # bare: everything, flake8 semantics
    "# type: ignore  # noqa: LST101",
    "# lstmlint: ignore[LST101]",
    "# lstmlint: ignore[LST101 , LST1]",
    "# LSTMLINT: Ignore[lst101]",
    "#lstmlint:ignore[LST101]",
    "# lstmlint: ignore",               # bare: everything
])
def test_suppression_on_the_reported_line(comment: str) -> None:
    assert found(f"{BAD_LINE}  {comment}") == []


@pytest.mark.parametrize("comment", [
    "# noqa: E501",                     # another tool's code: not ours, nothing suppressed
    "# noqa: LST102",
    "# lstmlint: ignore[LST102]",
    "# noqa : LST101",                  # flake8 would read this as a bare noqa... see below
])
def test_suppression_for_other_codes_does_not_hide_the_finding(comment: str) -> None:
    codes = [c for _, c in found(f"{BAD_LINE}  {comment}")]
    if comment == "# noqa : LST101":
        assert codes == []              # "# noqa" followed by anything else is flake8's bare noqa
    else:
        assert "LST101" in codes


def test_noqa_inside_a_string_is_not_a_comment() -> None:
    assert found(f'{BAD_LINE}; s = "# noqa: LST101"') == [(5, "LST101")]


def test_multi_line_call_accepts_the_first_or_the_last_line_only() -> None:
    call = """\
    y = layers.LSTM(
        8,{mid}
    )(x){last}
    """
    assert found(call.format(mid="", last="")) == [(5, "LST101")]
    assert found(call.format(mid="", last="  # noqa: LST101")) == []
    assert found(call.format(mid="  # noqa: LST101", last="")) == [(5, "LST101"), (6, "LST901")]
    first = "y = layers.LSTM(  # lstmlint: ignore[LST101]\n    8,\n)(x)\n"
    assert found(first) == []


def test_unused_suppressions_are_reported_as_lst901() -> None:
    assert found(f"{CLEAN_LINE}  # lstmlint: ignore[LST101]") == [(5, "LST901")]
    assert found(f"{CLEAN_LINE}  # lstmlint: ignore") == [(5, "LST901")]
    assert found(f"{CLEAN_LINE}  # noqa: LST101") == [(5, "LST901")]
    assert found(f"{CLEAN_LINE}  # noqa: LST101,E501") == [(5, "LST901")]
    # partly used: the stale code is named, the finding stays suppressed
    result = lint_source(HEAD + f"{BAD_LINE}  # lstmlint: ignore[LST101, LST102]\n", "m.py")
    [d] = result.diagnostics
    assert (d.code, d.severity.value, d.line, d.column) == ("LST901", "warning", 5, 24)
    assert "`LST102`" in d.message and "LST101" not in d.message
    assert d.help == "remove `LST102` from the comment"


@pytest.mark.parametrize("comment", [
    "# noqa",                   # may serve pyflakes, ruff, ...
    "# noqa: E501",             # another tool's code
    "# noqa: E501, F401",
    "# noqa: BLE001 - reason",
])
def test_never_reports_noqa_that_serves_other_tools(comment: str) -> None:
    assert found(f"{CLEAN_LINE}  {comment}") == []


def test_unknown_codes_are_reported() -> None:
    result = lint_source(HEAD + f"{CLEAN_LINE}  # lstmlint: ignore[LST999, E501]\n", "m.py")
    [d] = result.diagnostics
    assert d.code == "LST901" and "unknown codes `LST999`, `E501`" in d.message
    assert d.help == "remove `# lstmlint: ignore[LST999, E501]`"
    [d] = lint_source(HEAD + f"{CLEAN_LINE}  # noqa: LST999\n", "m.py").diagnostics
    assert d.code == "LST901" and "unknown code `LST999`" in d.message


def test_codes_that_are_not_enabled_are_not_called_unused() -> None:
    # with LST101 deselected (or ignored) its finding cannot fire, so its suppression is not stale
    tail = f"{BAD_LINE}  # noqa: LST101"
    assert found(tail, Options(select=frozenset({"LST11", "LST9"}))) == []
    assert found(tail, Options(ignore=frozenset({"LST101"}))) == []
    # and LST901 itself can be switched off or suppressed
    assert found(f"{CLEAN_LINE}  # noqa: LST101", Options(ignore=frozenset({"LST901"}))) == []
    assert found(f"{CLEAN_LINE}  # noqa: LST101, LST901") == []


def test_flake8_mode_leaves_noqa_to_flake8() -> None:
    options = Options(noqa=False)
    assert found(f"{BAD_LINE}  # noqa: LST101", options) == [(5, "LST101")]
    assert found(f"{CLEAN_LINE}  # noqa: LST101", options) == []
    assert found(f"{BAD_LINE}  # lstmlint: ignore[LST101]", options) == []


def test_files_without_findings_or_markers_are_not_tokenized(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = suppressions.find_suppressions
    monkeypatch.setattr(suppressions, "find_suppressions", lambda text: calls.append(1) or real(text))
    assert found(f"{CLEAN_LINE}  # noqa: E501") == []
    assert calls == []                                # clean, and no lstmlint marker: no tokenize
    found(f"{CLEAN_LINE}  # noqa: lst101")
    found(f"{CLEAN_LINE}  # lstmlint: ignore")
    found(BAD_LINE)
    assert len(calls) == 3


def test_parse_comment_positions() -> None:
    [s] = suppressions.parse_comment("# lstmlint: ignore[LST101,LST102]", 7, 4)
    assert (s.kind, s.codes, s.span.line, s.span.column) == ("lstmlint", ("LST101", "LST102"), 7, 5)
    [s] = suppressions.parse_comment("# NOQA", 1, 0)
    assert (s.kind, s.codes) == ("noqa", None)


def test_unused_suppression_is_a_registered_rule() -> None:
    rule = RULES["LST901"]
    assert rule.name == "unused-suppression" and rule.severity.value == "warning"


def test_suppressions_work_in_notebook_cells(tmp_path) -> None:
    import json

    from lstmlint.api import lint_file

    def notebook(code: str) -> str:
        p = tmp_path / "m.ipynb"
        p.write_text(json.dumps({
            "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                       "source": code.splitlines(True)}],
            "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5,
        }))
        return str(p)

    assert [d.code for d in lint_file(notebook(HEAD + BAD_LINE + "\n")).diagnostics] == ["LST101"]
    assert lint_file(notebook(HEAD + BAD_LINE + "  # noqa: LST101\n")).diagnostics == []
    [d] = lint_file(notebook(HEAD + CLEAN_LINE + "  # lstmlint: ignore[LST101]\n")).diagnostics
    assert (d.code, d.line) == ("LST901", 5)
