"""User-controlled text cannot take over the output (issue 14, "Injection", for the reporters):
a line break in a file name never starts a line of its own (no `::workflow command::` at line
start in text, concise, --verbose or the internal-error line), Markdown cannot be broken out of,
and no terminal control character from a file reaches the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint.cli import main
from lstmlint.report.safe import one_line, printable

BAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)  # \x1b]0;pwned\x07\x1b[2J\u202e
"""
EVIL_NAME = "evil\n::error file=x.py::injected\r\n::warning::again.py"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def evil(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    path = tmp_path / EVIL_NAME
    try:
        path.write_text(BAD, encoding="utf-8")
    except OSError:
        pytest.skip("this file system does not allow line breaks in file names")
    return path


def no_injected_lines(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith("::"), line
    assert "\r" not in text


def test_printable_escapes_controls_and_bidi() -> None:
    assert printable("a\nb\x1b[31m\u202e\tc") == "a\\nb\\x1b[31m\\u202e\tc"
    assert one_line("a\nb\tc\x07") == "a b\\tc\\x07"
    assert printable("plain `code` é") == "plain `code` é"


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_file_name_with_line_breaks_stays_on_its_line(evil: Path, fmt: str) -> None:
    r = run("--format", fmt, ".")
    assert r.exit_code == 1
    no_injected_lines(r.output)
    assert "evil\\n::error file=x.py::injected\\r\\n::warning::again.py:5:5:" in r.output


def test_github_format_escapes_the_file_name(evil: Path) -> None:
    r = run("--format", "github", ".")
    lines = r.output.splitlines()
    assert len([line for line in lines if line.startswith("::")]) == 1
    assert "file=evil%0A%3A%3Aerror" in lines[0]


def test_verbose_stderr_keeps_file_names_on_their_line(evil: Path) -> None:
    r = CliRunner().invoke(main, ["--verbose", "--format", "json", "."])
    text = r.output
    json_end = r.output.rindex("]")
    no_injected_lines(text[json_end + 1 :] if json_end >= 0 else text)
    assert "evil\\n::error" in text


def test_internal_error_line_keeps_file_names_on_their_line(evil: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstmlint.api

    def boom(*_: object, **__: object) -> object:
        raise RuntimeError("bad\n::error::from the message")

    monkeypatch.setattr(lstmlint.api, "analyze", boom)
    r = CliRunner().invoke(main, ["--format", "concise", "."])
    assert r.exit_code == 2
    text = r.output
    no_injected_lines(text)
    assert "internal error while checking evil\\n::error" in text
    assert "RuntimeError: bad \\n" not in text and "RuntimeError: bad ::error::from the message" in text


def test_no_terminal_control_characters_from_source_in_text(evil: Path) -> None:
    for args in (["--no-color"], ["--annotate", "--no-color"], ["--format", "concise"]):
        r = run(*args, ".")
        assert "\x1b" not in r.output and "\x07" not in r.output and "\u202e" not in r.output, args
    r = run(".")
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202e" in r.output


def test_colour_output_has_only_our_own_escape_sequences(evil: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from lstmlint.api import lint_paths
    from lstmlint.report import get_reporter

    buf = io.StringIO()
    get_reporter("text")(list(lint_paths(["."])), buf, color=True)
    out = buf.getvalue()
    assert "\x1b[" in out  # coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0  # but only SGR colour codes
    assert "\x07" not in out and "\u202e" not in out


def test_markdown_file_names_and_backticks_cannot_break_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "a`b\n\n# Heading\n\n<img src=x>.py"
    try:
        (tmp_path / name).write_text(BAD.replace("y = layers", "y = layers"), encoding="utf-8")
    except OSError:
        pytest.skip("this file system does not allow line breaks in file names")
    r = run("--format", "markdown", ".")
    headings = [line for line in r.output.splitlines() if line.startswith("#")]
    assert headings[0] == "## lstmlint"
    assert all(line.startswith(("## lstmlint", "#### error[", "#### warning[")) for line in headings), headings
    [finding] = [line for line in headings if line.startswith("#### ")]
    # the whole location is one code span, with the file name's backtick and line breaks inside it
    assert finding.endswith("``a`b\\n\\n# Heading\\n\\n<img src=x>.py:5:5``")


def test_markdown_message_with_an_unbalanced_backtick(tmp_path: Path) -> None:
    from lstmlint.report.markdown import _text

    assert _text("`LSTM` needs `x`") == "`LSTM` needs `x`"
    assert _text("name `a`b` is odd") == "name \\`a\\`b\\` is odd"
    assert _text("# not a heading\n\nnor a paragraph") == "\\# not a heading  nor a paragraph"
    assert _text("> quote") == "\\> quote"


def test_json_keeps_the_exact_file_name(evil: Path) -> None:
    [item] = json.loads(run("--format", "json", ".").output)
    assert item["path"] == EVIL_NAME  # JSON escapes it itself; the data stays exact


def test_verbose_never_passes_control_characters_from_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.py").write_text(
        "import keras\nmodel = keras.Sequential([keras.layers.LSTM(4)])\n"
        "x = mystery('\x1b]0;title\x07')  # \x1b[2J\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["--verbose", "--no-color", "m.py"])
    assert "\x1b" not in r.output and "\x07" not in r.output
    assert "m.py" in r.output
