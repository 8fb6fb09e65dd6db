"""Keras tier: the ``RNN(custom cell)`` programs of ``rnn_custom_cell_cases.py`` built in
real Keras 3, against what lstmlint infers for them (``test_rnn_custom_cell.py``)."""

from __future__ import annotations

import pytest
from keras_oracle import keras_outcome
from rnn_custom_cell_cases import BUILDS, EXPECTED, REFUSED, program


def as_text(shape: tuple[int | None, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_keras_builds_what_lstmlint_infers(name: str) -> None:
    built, shapes = keras_outcome(program(BUILDS[name]))
    assert built, shapes
    assert isinstance(shapes, list)
    expected = EXPECTED[name]
    if expected is not None:
        assert [as_text(s) for s in shapes] == expected


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_refuses_what_lstmlint_reports(name: str) -> None:
    built, message = keras_outcome(program(REFUSED[name]))
    assert not built
    assert "fully-defined" in str(message)
