from __future__ import annotations

import textwrap

import pytest

from lstmlint.api import FileResult, lint_source


def lint(code: str, path: str = "model.py") -> FileResult:
    """Lint a dedented snippet; fail loudly if the tool itself broke."""
    result = lint_source(textwrap.dedent(code), path)
    assert result.internal_error is None, result.internal_error
    return result


def codes(code: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint(code).diagnostics]


@pytest.fixture
def lint_snippet():
    return lint
