"""The bundled fixtures, through the installed console script: exactly the marked findings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from expectations import expected_findings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
BAD = sorted((FIXTURES / "bad").glob("*.py"))
FIXED = sorted((FIXTURES / "fixed").glob("*.py"))
CLEAN = sorted((FIXTURES / "clean").glob("*.py"))


def _console_script() -> list[str]:
    exe = Path(sys.executable).parent / "lstmlint"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("lstmlint")
    assert found, "the lstmlint console script is not installed"
    return [found]


@pytest.fixture(scope="module")
def report() -> dict[str, list[dict]]:
    """One run of the real CLI over fixtures/, findings grouped by file."""
    proc = subprocess.run(
        _console_script() + ["--format", "json", str(FIXTURES)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # the bad fixtures hold errors
    assert proc.stderr == ""
    by_file: dict[str, list[dict]] = {}
    for item in json.loads(proc.stdout):
        by_file.setdefault(str(Path(item["path"]).resolve()), []).append(item)
    return by_file


def test_every_bad_fixture_has_a_corrected_twin() -> None:
    assert BAD, "no bad fixtures"
    assert {p.name for p in BAD} == {p.name for p in FIXED}


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_fixture_reports_exactly_the_marked_findings(path: Path, report: dict) -> None:
    expected = expected_findings(path)
    assert expected, f"{path.name} marks no expected finding"
    got = {(d["line"], d["severity"], d["code"]) for d in report.get(str(path.resolve()), [])}
    assert got == expected


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_every_error_has_shapes_and_a_help_line(path: Path, report: dict) -> None:
    for d in report.get(str(path.resolve()), []):
        assert d["help"], d
        assert "(" in d["message"] and ")" in d["message"], d["message"]  # names the shapes or layer
        secondary = [lb for lb in d["labels"] if not lb["primary"]]
        assert secondary, f"no operand origin shown for {d['code']} at line {d['line']}"


@pytest.mark.parametrize("path", FIXED + CLEAN, ids=lambda p: p.parent.name + "/" + p.name)
def test_corrected_and_clean_fixtures_have_no_findings(path: Path, report: dict) -> None:
    assert expected_findings(path) == set()
    assert report.get(str(path.resolve()), []) == []


def test_text_report_shows_shapes_and_help() -> None:
    proc = subprocess.run(
        _console_script() + ["--no-color", str(FIXTURES / "bad" / "seed000_skip_concat.py")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    out = proc.stdout
    assert "seed000_skip_concat.py:9:10: error[LST112]" in out
    assert "(None, 20, 6)" in out and "(None, 32)" in out
    assert "help: set `return_sequences=True` on the `LSTM` at line 8" in out
    assert "\x1b[" not in out  # no colour when not a terminal
