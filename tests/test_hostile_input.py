"""Hostile input (issue 14, "Crashes and lost runs"): every file that once crashed, blocked or ate
memory becomes a finding or a clean skip, and the other files of the run are still reported.

Fast tier (no TensorFlow). The cases that could crash or block the process run the real CLI in a
subprocess with a timeout, so a regression fails the test instead of killing the test run.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint import api
from lstmlint.api import lint_file, lint_source
from lstmlint.cli import main
from lstmlint.source import guard
from lstmlint.source.files import ReadError, decode, read_bytes

BAD = "from keras import layers, Input\nx = Input((4, 3))\ny = layers.LSTM(4)(layers.Dense(3)(x)[:, 0])\n"
CLEAN = "import keras\nx = 1\n"


def _cli(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "lstmlint", "--no-cache", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _codes(path: Path) -> list[str]:
    result = lint_file(str(path))
    assert result.internal_error is None, result.internal_error
    return [f"{d.code} {d.message}" for d in result.diagnostics]


# ------------------------------------------------------------------ parser crashes and cost
DEEP = {
    "and_chain_8000": "import keras\nx = " + " and ".join(["a"] * 8000) + "\n",
    "brackets_1500": "import keras\nx = " + "(" * 1500 + "1" + ")" * 1500 + "\n",
    "attribute_chain_20000": "import keras\nx = a" + ".b" * 20000 + "\n",
    "subscripts_5000": "import keras\nx = a" + "[0]" * 5000 + "\n",
    "layer_calls_1000": "from keras import layers, Input\nx = Input((4, 3))\ny = "
                        + "layers.Dense(4)(" * 1000 + "x" + ")" * 1000 + "\n",
    "unary_500": "import keras\nx = " + "-" * 500 + "1\n",
    "lambdas_20000": "import keras\nx = " + "lambda: " * 20000 + "1\n",
    "ternaries_10000": "import keras\nx = " + "a if b else " * 10000 + "c\n",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deeply_nested_code_is_a_finding_not_a_crash(name: str) -> None:
    result = lint_source(DEEP[name], f"{name}.py")
    assert result.internal_error is None
    assert [(d.code, d.line) for d in result.diagnostics] == [("LST003", 2 if name != "layer_calls_1000" else 3)]
    assert "not checked" in result.diagnostics[0].message
    assert "nested deeper than 200" in result.diagnostics[0].message


def test_a_file_that_crashes_libcst_costs_only_that_file(tmp_path: Path) -> None:
    # libcst's native parser segfaults on this file: the run used to die with nothing reported
    (tmp_path / "a_deep.py").write_text(DEEP["and_chain_8000"])
    (tmp_path / "b_brackets.py").write_text(DEEP["brackets_1500"])
    (tmp_path / "c_bad.py").write_text(BAD)
    out = _cli(["--format", "concise", "--jobs", "1", "."], tmp_path)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stdout.splitlines()
    assert "a_deep.py:2:1: LST003 file not checked: an expression nested deeper than 200 levels" in lines
    assert "b_brackets.py:2:1: LST003 file not checked: an expression nested deeper than 200 levels" in lines
    assert any(line.startswith("c_bad.py:3:5: LST101") for line in lines)


def test_huge_file_of_short_lines_is_refused_quickly(tmp_path: Path) -> None:
    # 209,697 short lines: libcst alone took 32-41 s and 4.7 GB on it
    path = tmp_path / "big.py"
    path.write_text("import keras\n" + "x=1\n" * 209_697)
    assert path.stat().st_size < 2 * 1024 * 1024
    out = _cli(["--format", "concise", str(path)], tmp_path, timeout=60)
    assert out.returncode == 1, out.stderr
    assert f"{path}:1:1: LST003 file not checked: 209,698 lines, more than the 30,000 lstmlint checks" in out.stdout


def test_integer_literal_over_4300_digits_is_a_finding(tmp_path: Path) -> None:
    # CPython refuses to compile it; the interpreter used to raise ValueError (exit 2)
    path = tmp_path / "big_int.py"
    path.write_text("import keras\nn = " + "7" * 5000 + "\n")
    [finding] = _codes(path)
    assert finding.startswith("LST003 file not checked: an integer literal longer than 4,300 digits")


def test_recursion_in_the_interpreter_is_a_finding_not_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # an expression the guard lets through but the interpreter cannot follow (RecursionError)
    monkeypatch.setattr(api.guard, "check", lambda text, **_: None)
    result = lint_source("import keras\nx = " + "-" * 900 + "1\n", "deep.py")
    assert result.internal_error is None
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("LST003", "file not checked: an expression is nested too deeply to analyse")]


def test_guard_lets_ordinary_code_through() -> None:
    ordinary = [
        "x = [" + ", ".join(["-1"] * 20000) + "]\n",                   # a long flat data literal
        "y = " + "layers.Dense(4)(" * 40 + "x" + ")" * 40 + "\n",        # 40 nested layer calls
        "z = a + b * c - (d / e) ** f if g and not h else i.j.k[0]\n",
        "def f(*args, **kwargs) -> int:\n    return -(-x)\n",
        "f(" + "lambda: 1, " * 300 + ")\n",
    ]
    for text in ordinary:
        assert guard.check(text) is None, text[:40]
    assert guard.check("x = 1\n" * 30_000) is None
    assert guard.check("x = 1\n" * 30_001) is not None


# ------------------------------------------------------------------ files that are not files
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_device_and_stdin_links_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.py")                      # used to block forever
    (tmp_path / "zero.py").symlink_to("/dev/zero")       # used to read until memory ran out
    (tmp_path / "stdin.py").symlink_to("/dev/stdin")     # used to block on the terminal
    (tmp_path / "z_bad.py").write_text(BAD)
    out = _cli(["--format", "concise", "--jobs", "1", "."], tmp_path, timeout=60)
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert "fifo.py:1:1: LST001 not a regular file (a FIFO): not read" in lines
    assert "zero.py:1:1: LST001 not a regular file (a character device): not read" in lines
    assert any(line.startswith("stdin.py:1:1: LST001 not a regular file") for line in lines)
    assert any(line.startswith("z_bad.py:3:5: LST101") for line in lines)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_through_the_cache_path_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "ok.py").write_text(CLEAN)
    out = subprocess.run([sys.executable, "-m", "lstmlint", "--format", "concise", "--cache-dir",
                          str(tmp_path / "cache"), "."], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60, stdin=subprocess.DEVNULL)
    assert "fifo.py:1:1: LST001 not a regular file (a FIFO): not read" in out.stdout


def test_read_bytes_is_bounded_and_refuses_non_files(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    big.write_bytes(b"#" * 101)
    with pytest.raises(ReadError, match="too large"):
        read_bytes(str(big), max_bytes=100)
    assert read_bytes(str(big), max_bytes=101) == b"#" * 101
    with pytest.raises(ReadError, match="a folder"):
        read_bytes(str(tmp_path))
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    with pytest.raises(ReadError, match="symbolic link loop"):
        read_bytes(str(tmp_path / "a.py"))


def test_symlink_loop_in_a_walked_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.py").symlink_to("b.py")
    (tmp_path / "b.py").symlink_to("a.py")
    (tmp_path / "c.py").write_text(BAD)
    out = CliRunner().invoke(main, ["--no-cache", "--format", "concise", str(tmp_path)])
    assert out.exit_code == 1, out.output
    assert f"{tmp_path / 'a.py'}:1:1: LST001 cannot read file: a symbolic link loop" in out.output
    assert f"{tmp_path / 'c.py'}:3:5: LST101" in out.output


# ------------------------------------------------------------------ encodings
@pytest.mark.parametrize("data, why", [
    (b"# coding: utf-7\nimport keras\nx = '+2AA-'\n", "lone surrogate"),         # decodes to '\ud800'
    (b"# coding: unicode_escape\nimport keras\nx = '\\ud800'\n", "lone surrogate"),
    (b"# coding: unicode_escape\nimport keras\nx = '\\N{nope}'\n", "cannot decode file as unicode_escape"),
    (b"# coding: hex\nimport keras\n", "not a text encoding"),
    (b"# coding: no-such-codec\nimport keras\n", "cannot decode file"),
])
def test_strange_coding_cookies_are_lst001(tmp_path: Path, data: bytes, why: str) -> None:
    path = tmp_path / "cookie.py"
    path.write_bytes(data)
    [finding] = _codes(path)
    assert finding.startswith("LST001") and why in finding


def test_a_utf7_file_that_is_text_is_checked() -> None:
    assert decode(b"# coding: utf-7\nimport keras\nx = 1\n") == "# coding: utf-7\nimport keras\nx = 1\n"


def test_ascii_stdout_and_non_utf8_file_names_never_traceback(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff.py")
    (tmp_path / name).write_text(BAD.replace("x = Input", "# é\nx = Input"), encoding="utf-8")
    for fmt in ("text", "concise", "json", "sarif", "github", "markdown"):
        out = _cli(["--format", fmt, "--jobs", "1", "."], tmp_path, env={"PYTHONIOENCODING": "ascii"})
        assert out.returncode == 1, (fmt, out.stderr)
        assert "Traceback" not in out.stderr, (fmt, out.stderr)
        assert "LST101" in out.stdout, fmt
    sarif = json.loads(_cli(["--format", "sarif", "."], tmp_path).stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "bad%FF.py"


# ------------------------------------------------------------------ internal errors
@pytest.mark.parametrize("value", ['float("nan")', "1e999", "-1e999"])
def test_non_finite_layer_sizes_are_findings_not_internal_errors(value: str) -> None:
    result = lint_source(f"from keras import layers, Input\nx = Input((4, 3))\ny = layers.Dense({value})(x)\n")
    assert result.internal_error is None
    assert [(d.code, d.help) for d in result.diagnostics] == [("LST107", "pass an integer `units`")]


def test_internal_error_is_exit_2_and_the_other_files_are_reported(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.py").write_text(BAD)
    (tmp_path / "boom.py").write_text(CLEAN)
    real = api.read_source

    def read(path: str, *args: int) -> tuple[str, bytes]:
        if path.endswith("boom.py"):
            raise KeyError("simulated bug")
        return real(path, *args)

    # a failure anywhere in lint_file (not only in the analysis) is that file's internal error
    monkeypatch.setattr(api, "read_source", read)
    out = CliRunner().invoke(main, ["--no-cache", "--jobs", "1", "--format", "concise", str(tmp_path)])
    assert out.exit_code == 2, out.output
    assert f"{tmp_path / 'a.py'}:3:5: LST101" in out.output
    assert f"internal error while checking {tmp_path / 'boom.py'}: KeyError" in out.output


# ------------------------------------------------------------------ --fix
def _fixable(tmp_path: Path, name: str = "m.py", prefix: bytes = b"") -> Path:
    path = tmp_path / name
    path.write_bytes(prefix + (
        b"from keras import layers, Input\n"
        b"inp = Input((10, 3))\n"
        b"h = layers.LSTM(8)(inp)\n"
        b"out = layers.LSTM(4)(h)\n"
    ))
    return path


def test_fix_does_not_write_a_read_only_file(tmp_path: Path) -> None:
    path = _fixable(tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        out = CliRunner().invoke(main, ["--fix", str(path)])
        assert path.read_bytes() == before               # also when the tests run as root
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
        assert f"{path} is read-only; not fixed" in out.output
    finally:
        path.chmod(0o644)


def test_fix_writes_a_writable_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = _fixable(tmp_path)
    path.chmod(0o640)
    out = CliRunner().invoke(main, ["--fix", str(path)])
    assert "return_sequences=True" in path.read_text(), out.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_fix_as_root_keeps_the_owner(tmp_path: Path) -> None:
    path = _fixable(tmp_path)
    os.chown(path, 12345, 23456)
    CliRunner().invoke(main, ["--fix", str(path)])
    assert "return_sequences=True" in path.read_text()
    assert (path.stat().st_uid, path.stat().st_gid) == (12345, 23456)


def test_fix_with_an_idna_cookie_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    # the fixed line holds a "label" longer than idna encodes (63 characters between dots)
    name = b"h" * 70
    path = tmp_path / "idna.py"
    path.write_bytes(b"# coding: idna\nfrom keras import layers, Input\ninp = Input((10, 3))\n"
                     + name + b" = layers.LSTM(8)(inp)\nout = layers.LSTM(4)(" + name + b")\n")
    before = path.read_bytes()
    out = _cli(["--fix", str(path)], tmp_path)
    assert "Traceback" not in out.stderr, out.stderr
    assert "cannot encode the fixed file as idna" in out.stdout + out.stderr
    assert path.read_bytes() == before


def test_a_failure_outside_the_analysis_is_exit_2_not_a_traceback(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.py").write_text(BAD)

    def broken(fmt: str) -> object:
        raise RuntimeError("simulated reporter bug")

    monkeypatch.setattr("lstmlint.cli.get_reporter", broken)
    monkeypatch.delenv("LSTMLINT_DEBUG", raising=False)
    out = CliRunner().invoke(main, ["--no-cache", str(tmp_path / "a.py")])
    assert out.exit_code == 2
    assert "lstmlint: internal error: RuntimeError: simulated reporter bug" in out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)
