"""Keras agrees with the fixes: every bad fixture, fixed by the real CLI on a temporary copy,
builds in real Keras, with the output shapes its corrected twin (fixtures/fixed) has.

The fixtures are our own programs, so running them here is fine (lstmlint itself never runs
user code). TensorFlow is imported once for the whole module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from lstmlint.api import lint_source  # noqa: E402
from lstmlint.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BAD = sorted((ROOT / "fixtures" / "bad").glob("*.py"))
TWIN = ROOT / "fixtures" / "fixed"

# Where the fix rightly differs from the hand-written twin. seed001_unet_skips: the twin
# projects each encoder skip down to its decoder layer and also returns skip1 from the model;
# --fix projects the narrower branch up (the help line's advice, no change of the model's
# outputs), so the skip tensors are wider; the model output (None, 9, 1) is the same.
DIFFERENT_ON_PURPOSE = {"seed001_unet_skips.py": {"skip1", "skip2", "model"}}
# No fix is offered for these (pooling too long; a pooled vector fed to an LSTM).
NO_FIX = {"cnn_lstm_pooling.py"}


def _build(text: str, name: str) -> dict[str, object]:
    """Run a fixture program and return the shapes of what it built, by variable name."""
    namespace: dict[str, object] = {"__name__": f"fixture_{name}"}
    exec(compile(text, name, "exec"), namespace)  # noqa: S102 - our own fixtures
    shapes: dict[str, object] = {}
    for var, value in namespace.items():
        if isinstance(value, keras.Model):
            outs = tuple(tuple(o.shape) for o in value.outputs)
            # every layer's output shape, as a multiset: the same architecture, whatever the names
            inner = sorted(repr(tuple(layer.output.shape)) for layer in value.layers)
            shapes[var] = ("model", outs, tuple(inner))
        elif isinstance(value, keras.KerasTensor):
            shapes[var] = tuple(value.shape)
    return shapes


def _fix(tmp_path: Path, bad: Path, *flags: str) -> str:
    copy = tmp_path / bad.name
    shutil.copyfile(bad, copy)
    result = CliRunner().invoke(main, ["--fix", "--no-color", *flags, str(copy)])
    assert result.exit_code in (0, 1), result.output
    return copy.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", BAD, ids=[p.name for p in BAD])
def test_fix_with_unsafe_fixes_builds_in_keras_like_the_twin(tmp_path: Path, bad: Path) -> None:
    original = bad.read_text(encoding="utf-8")
    text = _fix(tmp_path, bad, "--unsafe-fixes")
    assert bad.read_text(encoding="utf-8") == original, "the fixture itself must never change"
    if bad.name in NO_FIX:
        assert text == original
        return
    assert text != original
    remaining = lint_source(text, bad.name).diagnostics
    assert not remaining, [(d.line, d.code, d.message) for d in remaining]
    ours = _build(text, bad.name)                       # raises if Keras refuses the model
    twin = _build((TWIN / bad.name).read_text(encoding="utf-8"), bad.name)
    skip = DIFFERENT_ON_PURPOSE.get(bad.name, set())
    compared = 0
    for var in sorted(set(ours) & set(twin) - skip):
        assert ours[var] == twin[var], var
        compared += 1
    assert compared >= 1
    for var in skip & set(ours):
        # shapes that differ on purpose still end in the same model output
        if isinstance(ours[var], tuple) and ours[var][:1] == ("model",):
            assert ours[var][1][0] == twin[var][1][0]


@pytest.mark.parametrize("bad", BAD, ids=[p.name for p in BAD])
def test_safe_fix_alone_builds_whenever_nothing_remains(tmp_path: Path, bad: Path) -> None:
    text = _fix(tmp_path, bad)
    remaining = [d for d in lint_source(text, bad.name).diagnostics if d.severity.value == "error"]
    if remaining:
        return
    _build(text, bad.name)
