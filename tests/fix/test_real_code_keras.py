"""Keras agrees with the fixes of issue 15: each case, fixed by the real CLI with
``--fix --unsafe-fixes`` on a temporary file, builds in real Keras and its model has the output
shape the user meant. The programs are our own test inputs (lstmlint never runs user code)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import CASES, KERAS_MODULE, STYLES, Case, after, before
from click.testing import CliRunner

from lstmlint.cli import main

pytestmark = pytest.mark.keras

keras = pytest.importorskip("keras")


def _meant(text: str, name: str, case: Case, style: str) -> tuple[int | None, ...]:
    """Run the program in the Keras its imports name (``tf_keras`` for Keras 2) and return the
    shape of ``case.probe``: the first output of a model built from tensors, or a tensor."""
    lib = pytest.importorskip(KERAS_MODULE[style])
    lib.backend.clear_session()
    namespace: dict[str, object] = {"__name__": f"case_{name}"}
    exec(compile(text, name, "exec"), namespace)  # noqa: S102 - our own test programs
    value = namespace[case.probe]
    if isinstance(value, lib.Model):
        return tuple(value.outputs[0].shape)
    return tuple(value.shape)  # type: ignore[attr-defined]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fixed_program_builds_with_the_meant_shape(tmp_path: Path, name: str, style: str) -> None:
    case = CASES[name]
    path = tmp_path / "model.py"
    path.write_text(before(case, style), encoding="utf-8")
    with pytest.raises(ValueError):  # Keras refuses the program as written
        _meant(before(case, style), name, case, style)
    r = CliRunner().invoke(main, ["--fix", "--unsafe-fixes", "--no-color", str(path)])
    assert r.exit_code == 0, r.output
    text = path.read_text(encoding="utf-8")
    assert text == after(case, style)
    assert _meant(text, name, case, style) == case.shape
