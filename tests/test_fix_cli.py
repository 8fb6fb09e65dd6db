"""``--fix`` / ``--diff`` / ``--unsafe-fixes`` through the CLI, and atomic, faithful writing."""

from __future__ import annotations

import difflib
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint.cli import main
from lstmlint.fix.writer import WriteError, write_atomic

STACK = (
    "from keras.models import Sequential\n"
    "from keras.layers import LSTM, Dense\n"
    "\n"
    "model = Sequential()\n"
    "model.add(LSTM(20, input_shape=(3, 1)))  # first\n"
    "model.add(LSTM(20))\n"
    "model.add(LSTM(20))\n"
    "model.add(Dense(1))\n"
)
STACK_FIXED = STACK.replace("LSTM(20, input_shape", "LSTM(20, return_sequences=True, input_shape").replace(
    "model.add(LSTM(20))\nmodel.add(LSTM(20))", "model.add(LSTM(20, return_sequences=True))\nmodel.add(LSTM(20))"
)
SKIP = (
    "import tensorflow as tf\n"
    "\n"
    "inputs = tf.keras.Input(shape=(20, 6))\n"
    "lstm1 = tf.keras.layers.LSTM(32)(inputs)\n"
    "add = tf.keras.layers.Add()([inputs, lstm1])\n"
    "g = tf.keras.layers.GRU(8)(inputs)\n"
    "g2 = tf.keras.layers.GRU(8)(g)\n"
)


def run(*args: str):
    return CliRunner().invoke(main, ["--no-color", *args])


def write(tmp_path: Path, name: str, text: str, **kw) -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(kw.get("encoding", "utf-8")))
    return p


def test_fix_writes_safe_fixes_and_reports_clean(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", STACK)
    r = run("--fix", str(p))
    assert r.exit_code == 0, r.output
    assert p.read_text() == STACK_FIXED
    assert "Fixed 2 problems; none remain." in r.output
    assert f"{p}:6: LST101 fixed (safe): set `return_sequences=True` on the `LSTM` at line 5" in r.output
    assert [f.name for f in tmp_path.iterdir()] == ["m.py"], "no temporary file left behind"


def test_fix_twice_equals_fix_once(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", SKIP)
    run("--fix", "--unsafe-fixes", str(p))
    once = p.read_bytes()
    r = run("--fix", "--unsafe-fixes", str(p))
    assert p.read_bytes() == once
    assert "Fixed 0 problems; none remain." in r.output and r.exit_code == 0


def test_unsafe_fixes_wait_for_the_flag_and_the_exit_status_follows_what_remains(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", SKIP)
    r = run("--fix", str(p))
    assert r.exit_code == 1
    text = p.read_text()
    assert "GRU(8, return_sequences=True)(inputs)" in text  # safe: applied
    assert "inputs_proj" not in text  # unsafe: not applied
    assert "Fixed 1 problem; 1 remains (1 fixable with --unsafe-fixes)." in r.output
    words = " ".join(r.output.split())  # the text report wraps notes to the terminal's width
    assert "unsafe fix available with --unsafe-fixes (it adds a layer with weights)" in words
    r = run("--fix", "--unsafe-fixes", str(p))
    assert r.exit_code == 0, r.output
    assert "inputs_proj = tf.keras.layers.Dense(32)(inputs)" in p.read_text()


def test_diff_shows_every_fix_and_writes_nothing(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", SKIP)
    r = CliRunner(**_separate()).invoke(main, ["--diff", str(p)])
    assert p.read_text() == SKIP
    assert r.exit_code == 1
    fixed_copy = write(tmp_path, "copy.py", SKIP)
    run("--fix", "--unsafe-fixes", str(fixed_copy))
    after = fixed_copy.read_text().splitlines(True)
    expected = "".join(difflib.unified_diff(SKIP.splitlines(True), after, str(p), str(p)))
    assert r.stdout == expected, "--diff shows exactly what --fix --unsafe-fixes writes"
    stderr = r.stderr
    assert "LST110 would fix (unsafe)" in stderr and "LST101 would fix (safe)" in stderr
    assert "Would fix 2 problems (1 unsafe: applied only with --fix --unsafe-fixes); none remain." in stderr


def _separate() -> dict:
    """Keep stderr apart from stdout (click < 8.2 needs asking; 8.2+ always does)."""
    import inspect

    return {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters else {}


def test_diff_of_a_clean_file_is_empty(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", STACK_FIXED)
    r = CliRunner().invoke(main, ["--diff", str(p)])
    assert r.exit_code == 0
    assert "---" not in r.output and "Would fix 0 problems; none remain." in r.output


def test_fix_with_json_keeps_stdout_json(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", SKIP)
    r = CliRunner(**_separate()).invoke(main, ["--fix", "--format", "json", str(p)])
    data = json.loads(r.stdout)
    assert [d["code"] for d in data] == ["LST110"]
    assert any("--unsafe-fixes" in n for n in data[0]["notes"])


def test_crlf_line_endings_are_kept(tmp_path: Path) -> None:
    p = tmp_path / "m.py"
    p.write_bytes(SKIP.replace("\n", "\r\n").encode())
    run("--fix", "--unsafe-fixes", str(p))
    data = p.read_bytes()
    assert b"inputs_proj" in data
    assert data.count(b"\r\n") == data.count(b"\n") == SKIP.count("\n") + 1


def test_declared_encoding_and_bom_are_kept(tmp_path: Path) -> None:
    latin = "# -*- coding: latin-1 -*-\n# données: café\n" + STACK
    p = tmp_path / "latin.py"
    p.write_bytes(latin.encode("latin-1"))
    run("--fix", str(p))
    assert p.read_bytes() == ("# -*- coding: latin-1 -*-\n# données: café\n" + STACK_FIXED).encode("latin-1")
    q = tmp_path / "bom.py"
    q.write_bytes(b"\xef\xbb\xbf" + ("# é\n" + STACK).encode())
    run("--fix", str(q))
    assert q.read_bytes() == b"\xef\xbb\xbf" + ("# é\n" + STACK_FIXED).encode()


def test_permissions_are_kept_and_symlinks_written_through(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", STACK)
    os.chmod(p, 0o750)
    link = tmp_path / "link.py"
    link.symlink_to(p)
    run("--fix", str(link))
    assert link.is_symlink() and p.read_text() == STACK_FIXED
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o750


def test_a_file_changed_during_the_run_is_not_overwritten(tmp_path: Path, monkeypatch) -> None:
    p = write(tmp_path, "m.py", STACK)
    from lstmlint.fix import command

    real = command.fix_source

    def meddle(text, path, options, unsafe):
        out = real(text, path, options, unsafe)
        Path(path).write_text(STACK + "# edited meanwhile\n")
        return out

    monkeypatch.setattr(command, "fix_source", meddle)
    r = run("--fix", str(p))
    assert p.read_text() == STACK + "# edited meanwhile\n"
    assert "changed on disk while lstmlint was fixing it; not overwritten" in r.output
    assert r.exit_code == 2
    assert [f.name for f in tmp_path.iterdir()] == ["m.py"]


def test_write_atomic_refuses_a_stale_original(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", "a = 1\n")
    with pytest.raises(WriteError):
        write_atomic(str(p), "a = 2\n", b"a = 0\n")
    assert p.read_text() == "a = 1\n"
    write_atomic(str(p), "a = 2\n", b"a = 1\n")
    assert p.read_text() == "a = 2\n"


def test_fix_on_a_folder_leaves_files_without_findings_untouched(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.py", "import keras\nx = keras.Input(shape=(3, 2))\n")
    before = os.stat(clean).st_mtime_ns
    p = write(tmp_path, "m.py", STACK)
    r = run("--fix", str(tmp_path))
    assert r.exit_code == 0
    assert os.stat(clean).st_mtime_ns == before
    assert p.read_text() == STACK_FIXED


# ------------------------------------------------- --diff shows source text escaped
HOSTILE = (
    "import keras\n"
    "from keras import layers\n"
    "\n"
    'title = "\x1b]0;pwned\x07\x1b[2J"  # \u202e reversed\n'
    "inputs = keras.Input(shape=(10, 4))\n"
    "x = layers.LSTM(8)(inputs)  # \x1b[31mred\x1b[0m\n"
    "x = layers.LSTM(4)(x)\n"
)


def test_diff_escapes_control_characters_from_the_source(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", HOSTILE)
    r = CliRunner(**_separate()).invoke(main, ["--diff", str(p)])
    assert r.exit_code == 1
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in r.stdout and raw not in r.stderr
    assert "+x = layers.LSTM(8, return_sequences=True)(inputs)  # \\x1b[31mred\\x1b[0m\n" in r.stdout
    assert ' title = "\\x1b]0;pwned\\x07\\x1b[2J"  # \\u202e reversed\n' in r.stdout
    assert "3 lines of the diff hold control characters, shown escaped" in r.stderr  # title, -x, +x
    assert p.read_text() == HOSTILE


def test_diff_escapes_a_hostile_file_name(tmp_path: Path) -> None:
    p = write(tmp_path, "m\x1b[2J.py", STACK)
    r = CliRunner(**_separate()).invoke(main, ["--diff", str(p)])
    assert r.exit_code == 1
    assert "\x1b" not in r.stdout and "\x1b" not in r.stderr
    assert r.stdout.startswith(f"--- {tmp_path}/m\\x1b[2J.py\n+++ {tmp_path}/m\\x1b[2J.py\n")


def test_diff_of_plain_text_still_applies_with_patch(tmp_path: Path) -> None:
    # lines are cut at newlines only, as patch cuts them: a form feed or a CRLF ending stays
    # inside its line, and nothing is escaped or announced when nothing needs to be
    from lstmlint.fix.command import diff_text

    before = "a = 1\r\n\x0c\r\nb = 2\r\nc = 3"
    after = "a = 1\r\n\x0c\r\nb = 20\r\nc = 3"
    text, escaped = diff_text("m.py", before, after)
    assert escaped == 1  # the form feed context line is shown as \x0c
    assert "-b = 2\r\n+b = 20\r\n" in text and " c = 3\n\\ No newline at end of file\n" in text
    clean, none = diff_text("m.py", "a = 1\nb = 2\n", "a = 1\nb = 3\n")
    assert none == 0
    assert clean == "".join(difflib.unified_diff(["a = 1\n", "b = 2\n"], ["a = 1\n", "b = 3\n"], "m.py", "m.py"))


def test_write_errors_name_a_hostile_file_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lstmlint.fix import command

    p = write(tmp_path, "m\x1b[2J.py", STACK)

    def refuse(path: str, text: str, data: bytes) -> None:
        raise WriteError(f"{path} is read-only; not fixed")

    monkeypatch.setattr(command, "write_atomic", refuse)
    r = CliRunner(**_separate()).invoke(main, ["--fix", "--no-color", str(p)])
    assert r.exit_code == 2
    assert "\x1b" not in r.stdout and "\x1b" not in r.stderr
    assert "m\\x1b[2J.py is read-only; not fixed" in r.stderr
