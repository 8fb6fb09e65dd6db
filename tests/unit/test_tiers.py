"""The test tiers (tests/tiers.py): which tests conftest puts in the Keras tier, read from code."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiers import imports_keras_at_top, needs_keras, reaches_keras


@needs_keras
def _oracle() -> None:
    """Stands for a helper that builds in Keras (never called here)."""


def _calls_the_oracle() -> None:
    _oracle()


def _via_a_helper() -> None:
    _calls_the_oracle()


def _imports_keras() -> None:
    import keras  # noqa: F401  (never called: only read)


def _imports_from_tensorflow() -> None:
    from tensorflow import keras  # noqa: F401  (never called: only read)


def _skips_without_keras() -> None:
    pytest.importorskip("keras")


def _lint_only() -> None:
    text = "import keras\nx = keras.Input(shape=(3,))\n"   # Keras only inside a string
    assert "keras" in text


class _Runner:
    def __init__(self) -> None:
        import keras  # noqa: F401  (never called: only read)


def _makes_a_runner() -> None:
    _Runner()


@pytest.mark.parametrize(
    "fn", [_oracle, _calls_the_oracle, _via_a_helper, _imports_keras, _imports_from_tensorflow,
           _skips_without_keras, _makes_a_runner],
)
def test_code_that_reaches_keras_is_keras_tier(fn: object) -> None:
    assert reaches_keras(fn)


def test_lint_only_code_is_fast_tier() -> None:
    assert not reaches_keras(_lint_only)
    assert not reaches_keras(test_lint_only_code_is_fast_tier)


def test_the_oracle_helpers_are_declared() -> None:
    import frontend_keras
    import keras_oracle

    for helper in (frontend_keras.keras_run, frontend_keras.compare, frontend_keras.agree_on_error,
                   keras_oracle.keras_outcome):
        assert reaches_keras(helper), helper.__name__
    for lint_only in (frontend_keras.findings, frontend_keras.errors, frontend_keras.interpret):
        assert not reaches_keras(lint_only), lint_only.__name__


@pytest.mark.parametrize(
    "source,heavy",
    [
        ('import pytest\nkeras = pytest.importorskip("keras")\n', True),
        ('import pytest\npytest.importorskip("tensorflow")\n', True),
        ("import keras\n", True),
        ("from tensorflow import keras\n", True),
        ('import pytest\ndef test():\n    pytest.importorskip("keras")\n', False),
        ('SOURCE = "import keras"\n', False),
        ("import libcst\n", False),
    ],
)
def test_modules_that_import_keras_when_imported(tmp_path: Path, source: str, heavy: bool) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(source, encoding="utf-8")
    assert imports_keras_at_top(path) is heavy
