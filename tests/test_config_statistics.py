"""`--statistics`: findings counted by code, printed after the report."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lstmlint.api import lint_paths
from lstmlint.cli import main
from lstmlint.report.stats import count_by_code, render_statistics

HEAD = "import keras\nfrom keras import layers\ninputs = keras.Input(shape=(10, 4))\nx = layers.LSTM(8)(inputs)\n"
LST101 = "y = layers.LSTM(8)(x)\n"
LST901 = "z = layers.Dense(8)(x)  # lstmlint: ignore[LST101]\n"
# --statistics ends with the shape coverage (lstmlint/report/coverage.py): 4 + 2 + 1 layer applications
COVERAGE = "shape coverage: 7 of 7 layer applications fully known (100.0 %), 0 of 0 models followed to the end\n"


def make(tmp_path: Path) -> Path:
    (tmp_path / "a.py").write_text(HEAD + LST101 + LST101 + LST901)
    (tmp_path / "b.py").write_text(HEAD + LST101)
    (tmp_path / "c.py").write_text(HEAD)
    return tmp_path


def test_counts_by_code(tmp_path: Path) -> None:
    results = list(lint_paths([str(make(tmp_path))]))
    assert count_by_code(results) == [("LST101", 3), ("LST901", 1)]
    assert render_statistics(results) == "3  LST101  recurrent-input-not-a-sequence\n1  LST901  unused-suppression\n"
    assert render_statistics([]) == ""


def test_statistics_follow_the_text_report(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, [str(make(tmp_path)), "--statistics", "--no-color"])
    assert r.exit_code == 1
    out = r.stdout
    assert out.endswith("Found 3 errors and 1 warning in 2 files (3 files checked).\n"
                        "3  LST101  recurrent-input-not-a-sequence\n1  LST901  unused-suppression\n" + COVERAGE)
    without = CliRunner().invoke(main, [str(tmp_path), "--no-color"]).stdout
    assert "recurrent-input-not-a-sequence" not in without


def test_statistics_keep_json_parseable(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, [str(make(tmp_path)), "--statistics", "--format", "json"])
    assert len(json.loads(r.stdout)) == 4
    assert r.stderr == "3  LST101  recurrent-input-not-a-sequence\n1  LST901  unused-suppression\n" + COVERAGE
