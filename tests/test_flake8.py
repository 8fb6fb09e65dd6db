"""The flake8 plugin, run by the real flake8 in a subprocess (entry point `flake8.extension`)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest.importorskip("flake8")

BAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)
a = keras.Input(shape=(10, 32))
b = layers.Dense(32)(layers.LSTM(32)(a))
s = layers.Add()([a, b])
t = layers.LSTM(8)(x)  # noqa: LST101
u = layers.LSTM(8)(x)  # lstmlint: ignore[LST101]
"""
CLEAN = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8, return_sequences=True)(inputs)
y = layers.LSTM(8)(x)
"""


def flake8(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "flake8", "--isolated", "--select", "LST", *args]
    return subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120)


def test_entry_point_is_registered() -> None:
    [ep] = entry_points(group="flake8.extension").select(name="LST")
    assert ep.value == "lstmlint.flake8:Plugin"
    from lstmlint.flake8 import Plugin

    assert ep.load() is Plugin


def test_flake8_reports_lst_findings_at_the_right_lines(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(BAD)
    r = flake8(tmp_path, "model.py")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert [ln.split(" ", 1)[0] for ln in lines] == ["model.py:5:5:", "model.py:8:5:"]
    assert lines[0].startswith("model.py:5:5: LST101 `LSTM` needs a 3-D input")
    assert lines[1].startswith("model.py:8:5: LST111 ")
    # flake8's own --ignore / --disable-noqa apply to LST codes like any other
    assert flake8(tmp_path, "model.py", "--extend-ignore", "LST111").stdout.count("\n") == 1
    noqa_off = flake8(tmp_path, "model.py", "--disable-noqa").stdout
    assert "model.py:9:5: LST101" in noqa_off and "model.py:10:" not in noqa_off


def test_clean_file_passes_and_other_plugins_codes_are_untouched(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text(CLEAN)
    r = flake8(tmp_path, "ok.py")
    assert (r.returncode, r.stdout) == (0, ""), r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--select", "E,F,W,LST", "ok.py"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "LST" not in r.stdout


def test_plugin_lints_the_lines_flake8_read(tmp_path: Path) -> None:
    # from stdin: no file on disk, so the plugin must use flake8's lines
    r = flake8(tmp_path, "-", "--stdin-display-name", "virtual.py", stdin=BAD)
    assert r.returncode == 1
    assert r.stdout.startswith("virtual.py:5:5: LST101 ")
    assert not (tmp_path / "virtual.py").exists()


def test_skip_file_comment_is_honoured_by_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text("# lstmlint: skip-file\n" + BAD)
    r = flake8(tmp_path, "model.py")
    assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr
