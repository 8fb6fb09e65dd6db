"""Keras agrees with the fixes of issue 15: each case, fixed by the real CLI with
``--fix --unsafe-fixes`` on a temporary file, builds in real Keras and its model has the output
shape the user meant. The programs are our own test inputs (lstmlint never runs user code)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import CASES, STYLES, after, before
from click.testing import CliRunner

from lstmlint.cli import main

pytestmark = pytest.mark.keras

keras = pytest.importorskip("keras")


def _model(text: str, name: str) -> object:
    keras.backend.clear_session()
    namespace: dict[str, object] = {"__name__": f"case_{name}"}
    exec(compile(text, name, "exec"), namespace)  # noqa: S102 - our own test programs
    model = namespace["model"]
    assert isinstance(model, keras.Model)
    return model


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fixed_program_builds_with_the_meant_shape(tmp_path: Path, name: str, style: str) -> None:
    case = CASES[name]
    path = tmp_path / "model.py"
    path.write_text(before(case, style), encoding="utf-8")
    with pytest.raises(ValueError):  # Keras refuses the program as written
        _model(before(case, style), name)
    r = CliRunner().invoke(main, ["--fix", "--unsafe-fixes", "--no-color", str(path)])
    assert r.exit_code == 0, r.output
    text = path.read_text(encoding="utf-8")
    assert text == after(case, style)
    model = _model(text, name)
    assert tuple(model.outputs[0].shape) == case.shape  # type: ignore[attr-defined]
