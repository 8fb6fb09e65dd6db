"""What a user expects of a linter's command line (issue 16), through click's CliRunner and, for
each option, once more through the installed console script as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint.cli import main

BAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)
"""
CLEAN = BAD.replace("layers.LSTM(8)(inputs)", "layers.LSTM(8, return_sequences=True)(inputs)")
CONCISE_BAD = "bad.py:5:5: LST101 `LSTM` needs a 3-D input (batch, time, features), got 2-D"
SCRIPT = Path(sys.executable).with_name("lstmlint")


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def script(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    if not SCRIPT.exists():
        pytest.skip("the lstmlint console script is not installed next to this Python")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["COLUMNS"] = "100"
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, input=input, capture_output=True, text=True, timeout=120, env=env
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "ok.py").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


# ------------------------------------------------------------------ --format concise
def test_concise_is_one_line_per_finding_then_the_summary(project: Path) -> None:
    r = run("--format", "concise", "bad.py", "ok.py")
    assert r.exit_code == 1
    assert r.output.splitlines() == [CONCISE_BAD, "Found 1 error in 1 file (2 files checked)."]


def test_concise_through_the_console_script(project: Path) -> None:
    r = script("--format", "concise", "--quiet", ".", cwd=project)
    assert r.returncode == 1, r.stderr
    assert r.stdout.splitlines() == [CONCISE_BAD]


# ------------------------------------------------------------------ paths without ./
def test_walked_paths_have_no_leading_dot_slash(project: Path) -> None:
    (project / "pkg").mkdir()
    (project / "pkg" / "model.py").write_text(BAD, encoding="utf-8")
    for args in ((), (".",), ("./pkg",), ("./pkg/model.py",)):
        r = run("--format", "concise", "--quiet", *args)
        paths = [line.split(":", 1)[0] for line in r.output.splitlines()]
        assert paths and all(not p.startswith("./") for p in paths), (args, r.output)
    assert run("--format", "concise", "--quiet").output.splitlines()[0] == CONCISE_BAD


# ------------------------------------------------------------------ --exit-zero
def test_exit_zero_keeps_the_report_and_exits_0(project: Path) -> None:
    r = run("--exit-zero", "bad.py")
    assert r.exit_code == 0
    assert "error[LST101]" in r.output and "Found 1 error" in r.output


def test_exit_zero_does_not_hide_usage_errors(project: Path) -> None:
    assert run("--exit-zero", "--select", "LST999", "bad.py").exit_code == 2


def test_exit_zero_through_the_console_script(project: Path) -> None:
    r = script("--exit-zero", "--format", "concise", "bad.py", cwd=project)
    assert r.returncode == 0 and CONCISE_BAD in r.stdout


# ------------------------------------------------------------------ --output-file
def test_output_file_receives_the_report(project: Path) -> None:
    r = run("--format", "json", "--output-file", "report.json", "bad.py")
    assert r.exit_code == 1
    assert r.output == ""
    [item] = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert item["code"] == "LST101" and item["path"] == "bad.py"


def test_output_file_with_text_and_statistics_is_not_coloured(project: Path) -> None:
    r = run("--output-file", "out.txt", "--statistics", "bad.py")
    assert r.exit_code == 1 and r.output == ""
    text = (project / "out.txt").read_text(encoding="utf-8")
    assert "bad.py:5:5: error[LST101]" in text and "\x1b[" not in text
    assert "\n1  LST101  recurrent-input-not-a-sequence\n" in text


def test_output_file_that_cannot_be_written_is_a_clear_error(project: Path) -> None:
    r = CliRunner().invoke(main, ["--output-file", str(project / "missing" / "out.txt"), "bad.py"])
    assert r.exit_code == 2
    assert "lstmlint: error: cannot write" in r.output and "Traceback" not in r.output


def test_output_file_through_the_console_script(project: Path) -> None:
    r = script("--format", "sarif", "-o", "out.sarif", "bad.py", cwd=project)
    assert r.returncode == 1 and r.stdout == ""
    log = json.loads((project / "out.sarif").read_text(encoding="utf-8"))
    assert [res["ruleId"] for res in log["runs"][0]["results"]] == ["LST101"]


# ------------------------------------------------------------------ --quiet
@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_quiet_prints_findings_without_a_summary(project: Path, fmt: str) -> None:
    loud = run("--format", fmt, "bad.py", "ok.py").output
    quiet = run("--format", fmt, "--quiet", "bad.py", "ok.py").output
    assert "LST101" in quiet
    assert len(quiet.splitlines()) == len(loud.splitlines()) - 1
    assert "Found 1 error" not in quiet and "error(s)" not in quiet


def test_quiet_on_a_clean_run_prints_nothing(project: Path) -> None:
    r = run("-q", "ok.py")
    assert r.exit_code == 0 and r.output == ""


def test_quiet_through_the_console_script(project: Path) -> None:
    r = script("-q", "ok.py", cwd=project)
    assert r.returncode == 0 and r.stdout == ""


# ------------------------------------------------------------------ standard input
def test_stdin_with_a_filename(project: Path) -> None:
    r = run("--format", "concise", "--quiet", "-", "--stdin-filename", "pkg/model.py", input=BAD)
    assert r.exit_code == 1
    assert r.output.splitlines() == [CONCISE_BAD.replace("bad.py", "pkg/model.py")]


def test_stdin_without_a_filename_is_called_stdin(project: Path) -> None:
    r = run("--format", "concise", "--quiet", "-", input=BAD)
    assert r.output.splitlines() == [CONCISE_BAD.replace("bad.py", "<stdin>")]
    assert run("-", input=CLEAN).exit_code == 0


def test_stdin_filename_alone_reads_stdin_and_applies_its_config(project: Path) -> None:
    sub = project / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.lstmlint]\nignore = ["LST101"]\n', encoding="utf-8")
    assert run("--stdin-filename", "sub/model.py", input=BAD).exit_code == 0
    assert run("--stdin-filename", "other.py", input=BAD).exit_code == 1


def test_stdin_is_decoded_like_a_file(project: Path) -> None:
    latin = ("# -*- coding: latin-1 -*-\n# caf\xe9\n" + BAD).encode("latin-1")
    r = run("--format", "concise", "--quiet", "-", input=latin)
    assert r.exit_code == 1 and ":7:5: LST101" in r.output
    r = run("--format", "concise", "-", input=b"import keras\x00\n")
    assert "LST001" in r.output and "NUL" in r.output


def test_stdin_notebook(project: Path) -> None:
    nb = json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": BAD.splitlines(True),
                }
            ],
            "metadata": {"language_info": {"name": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )
    r = run("--format", "concise", "--quiet", "-", "--stdin-filename", "nb.ipynb", input=nb)
    assert r.exit_code == 1 and r.output.startswith("nb.ipynb:5:5: LST101")


def test_stdin_next_to_files(project: Path) -> None:
    r = run("--format", "concise", "--quiet", "ok.py", "-", "--stdin-filename", "piped.py", input=BAD)
    assert r.output.splitlines() == [CONCISE_BAD.replace("bad.py", "piped.py")]


def test_stdin_usage_errors(project: Path) -> None:
    assert run("bad.py", "--stdin-filename", "x.py", input=BAD).exit_code == 2
    assert run("-", "-", input=BAD).exit_code == 2
    assert run("--fix", "-", input=BAD).exit_code == 2


def test_stdin_through_the_console_script(project: Path) -> None:
    r = script("-", "--stdin-filename", "editor.py", "--format", "concise", cwd=project, input=BAD)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == CONCISE_BAD.replace("bad.py", "editor.py")


# ------------------------------------------------------------------ # lstmlint: skip-file
def test_skip_file_comment_opts_a_file_out(project: Path) -> None:
    (project / "bad.py").write_text("# lstmlint: skip-file\n" + BAD, encoding="utf-8")
    r = run("bad.py", "ok.py")
    assert r.exit_code == 0 and "No shape problems found in 2 files." in r.output


def test_skip_file_anywhere_but_not_inside_a_string(project: Path) -> None:
    (project / "bad.py").write_text(BAD + "\n    #   LSTMLINT :  skip-file  \n", encoding="utf-8")
    assert run("bad.py").exit_code == 0
    (project / "bad.py").write_text('DOC = """\n# lstmlint: skip-file\n"""\n' + BAD, encoding="utf-8")
    assert run("bad.py").exit_code == 1
    (project / "bad.py").write_text(BAD + "x = 1  # lstmlint: skip-file\n", encoding="utf-8")
    assert run("bad.py").exit_code == 1  # not on a line of its own: not a file directive


def test_skip_file_through_the_console_script(project: Path) -> None:
    (project / "bad.py").write_text("# lstmlint: skip-file\n" + BAD, encoding="utf-8")
    r = script("bad.py", cwd=project)
    assert r.returncode == 0 and "No shape problems" in r.stdout


# ------------------------------------------------------------------ --show-fixes
def test_show_fixes_in_text_concise_and_json(project: Path) -> None:
    text = run("--show-fixes", "bad.py").output
    assert "= fix: set `return_sequences=True` on the `LSTM` at line 4" in text and "(safe: `lstmlint --fix`)" in text
    concise = run("--show-fixes", "--format", "concise", "--quiet", "bad.py").output
    assert concise.startswith(CONCISE_BAD + " [fix: set `return_sequences=True`")
    [item] = json.loads(run("--show-fixes", "--format", "json", "bad.py").output)
    assert item["fix"]["applicability"] == "safe" and "return_sequences=True" in item["fix"]["title"]
    assert "fix" not in json.loads(run("--format", "json", "bad.py").output)[0]
    assert "= fix:" not in run("bad.py").output


def test_show_fixes_is_read_only(project: Path) -> None:
    before = (project / "bad.py").read_bytes()
    run("--show-fixes", "bad.py")
    assert (project / "bad.py").read_bytes() == before


def test_show_fixes_through_the_console_script(project: Path) -> None:
    r = script("--show-fixes", "bad.py", cwd=project)
    assert r.returncode == 1 and "= fix: set `return_sequences=True`" in r.stdout


# ------------------------------------------------------------------ rule names and documentation URLs
def test_json_findings_carry_the_rule_name_and_url(project: Path) -> None:
    from lstmlint import REPOSITORY_URL

    [item] = json.loads(run("--format", "json", "bad.py").output)
    assert item["name"] == "recurrent-input-not-a-sequence"
    assert item["url"] == f"{REPOSITORY_URL}/blob/main/docs/rules/LST101.md"
    assert (Path(__file__).resolve().parents[2] / "docs" / "rules" / "LST101.md").is_file()


def test_sarif_rules_carry_help_uri(project: Path) -> None:
    log = json.loads(run("--format", "sarif", "bad.py").output)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(r["helpUri"].endswith(f"/docs/rules/{r['id']}.md") for r in rules)


def test_text_shows_the_documentation(project: Path) -> None:
    out = run("bad.py").output
    assert "  = docs: https://" in out and out.count("docs/rules/LST101.md") == 1


def test_help_lines_are_wrapped_to_the_terminal_width(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_help = "\n".join(
        [
            "import keras",
            "from keras import layers",
            "inputs = keras.Input(shape=(10, 4))",
            "a_branch_with_a_rather_long_name = layers.LSTM(8)(inputs)",
            "y = layers.Add()([inputs, a_branch_with_a_rather_long_name])",
            "",
        ]
    )
    (project / "long.py").write_text(long_help, encoding="utf-8")
    for width in (60, 100):
        monkeypatch.setenv("COLUMNS", str(width))
        out = run("long.py").output
        tail = [line for line in out.splitlines() if not line.startswith("long.py:") and "|" not in line]
        # a URL longer than the line is never broken; every other line fits
        assert tail and all(len(line) <= width or line.strip().startswith("= docs: https://") for line in tail), out
        assert any("= help:" in line for line in tail)


# ------------------------------------------------------------------ subcommands next to paths
def test_help_shows_the_linter_usage(project: Path) -> None:
    r = run("--help")
    assert r.exit_code == 0
    assert r.output.startswith("Usage: lstmlint [OPTIONS] [PATHS]...")
    for option in (
        "--format",
        "concise",
        "--exit-zero",
        "--output-file",
        "--quiet",
        "--stdin-filename",
        "--no-respect-gitignore",
        "--show-fixes",
    ):
        assert option in r.output


def test_a_folder_is_linted_even_with_no_arguments(project: Path) -> None:
    r = run()
    assert r.exit_code == 1 and "bad.py:5:5" in r.output


def test_check_can_be_named(project: Path) -> None:
    assert run("check", "--format", "concise", "-q", "bad.py").output.splitlines() == [CONCISE_BAD]


def test_version_and_help_through_the_console_script(project: Path) -> None:
    from lstmlint import __version__

    assert __version__ in script("--version", cwd=project).stdout
    r = script("--help", cwd=project)
    assert r.returncode == 0 and "--stdin-filename" in r.stdout and "--exit-zero" in r.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_through_the_console_script(project: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".gitignore").write_text("bad.py\n", encoding="utf-8")
    r = script("--format", "concise", ".", cwd=project)
    assert r.returncode == 0 and "1 file" in r.stdout
    r = script("--format", "concise", "--no-respect-gitignore", ".", cwd=project)
    assert r.returncode == 1 and CONCISE_BAD in r.stdout


# ------------------------------------------------------------------ message wording
def test_concatenate_lists_ranks_in_the_order_of_the_shapes(project: Path) -> None:
    (project / "cat.py").write_text(
        "import keras\nfrom keras import layers\na = keras.Input(shape=(20, 6))\nb = layers.LSTM(32)(a)\n"
        "c = layers.Concatenate()([a, b])\nd = layers.Concatenate()([b, a])\n",
        encoding="utf-8",
    )
    lines = run("--format", "concise", "-q", "cat.py").output.splitlines()
    assert lines == [
        "cat.py:5:5: LST112 `Concatenate` cannot join inputs of different ranks (3-D, 2-D): "
        "(None, 20, 6) and (None, 32)",
        "cat.py:6:5: LST112 `Concatenate` cannot join inputs of different ranks (2-D, 3-D): "
        "(None, 32) and (None, 20, 6)",
    ]


def test_stdin_is_bounded_like_a_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstmlint.source.files as files

    monkeypatch.setattr(files, "MAX_BYTES", 100)
    r = run("--format", "concise", "-", "--stdin-filename", "big.py", input=BAD * 5)
    assert r.exit_code == 1
    assert r.output.startswith("big.py:1:1: LST001 standard input is too large to check")
