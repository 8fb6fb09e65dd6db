"""The command line: formats, exit statuses, and bad input handled without tracebacks."""

from __future__ import annotations

import json
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
CLEAN = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8, return_sequences=True)(inputs)
y = layers.LSTM(8)(x)
"""
JSON_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "severity", "message", "help"}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_clean_file_exits_0(tmp_path: Path) -> None:
    r = run(str(write(tmp_path, "ok.py", CLEAN)))
    assert r.exit_code == 0
    assert "No shape problems found in 1 file." in r.output


def test_error_exits_1_and_json_follows_the_schema(tmp_path: Path) -> None:
    r = run("--format", "json", str(write(tmp_path, "bad.py", BAD)))
    assert r.exit_code == 1
    items = json.loads(r.output)
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert JSON_KEYS <= set(item)
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (5, 5, 5, 22)
    assert item["code"] == "LST101" and item["severity"] == "error"
    assert item["help"] == "set `return_sequences=True` on the `LSTM` at line 4 so it hands on every time step"


def test_warning_only_exits_0(tmp_path: Path) -> None:
    code = (
        "from keras import Input, layers\n"
        "a = Input(shape=(5, 8))\n"
        "b = layers.LSTM(8)(a)\n"
        "c = layers.Add()([a, b])\n"
    )
    r = run("--format", "json", str(write(tmp_path, "warn.py", code)))
    assert r.exit_code == 0
    assert [d["severity"] for d in json.loads(r.output)] == ["warning"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.py")).exit_code == 2
    assert run("--format", "xml", str(tmp_path)).exit_code == 2
    assert run("--select", "LST999", str(tmp_path)).exit_code == 2


def test_select_and_ignore(tmp_path: Path) -> None:
    path = str(write(tmp_path, "bad.py", BAD))
    assert run("--ignore", "LST101", path).exit_code == 0
    assert run("--select", "LST1", path).exit_code == 1
    assert run("--select", "LST11", path).exit_code == 0


def test_syntax_error_is_a_finding_and_the_run_goes_on(tmp_path: Path) -> None:
    write(tmp_path, "a_broken.py", "import keras\nmodel.add(keras.layers.LSTM(3)\n")
    write(tmp_path, "b_bad.py", BAD)
    r = run("--format", "json", str(tmp_path))
    assert r.exit_code == 1
    items = json.loads(r.output)
    assert [(Path(i["path"]).name, i["code"]) for i in items] == [("a_broken.py", "LST002"), ("b_bad.py", "LST101")]
    assert "syntax error" in items[0]["message"]
    assert items[0]["line"] >= 2


def test_undecodable_file_is_a_finding(tmp_path: Path) -> None:
    write(tmp_path, "latin.py", "# keras model\nname = 'caf\xe9'\n".encode("latin-1"))
    r = run("--format", "json", str(tmp_path))
    assert r.exit_code == 1
    (item,) = json.loads(r.output)
    assert item["code"] == "LST001" and "decode" in item["message"]


def test_declared_encoding_is_honoured(tmp_path: Path) -> None:
    text = "# -*- coding: latin-1 -*-\nimport keras\nname = 'caf\xe9'\n" + BAD.split("\n", 1)[1]
    r = run("--format", "json", str(write(tmp_path, "latin.py", text.encode("latin-1"))))
    assert [i["code"] for i in json.loads(r.output)] == ["LST101"]


def test_huge_file_is_skipped_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstmlint.source.files as files

    monkeypatch.setattr(files, "MAX_BYTES", 100)
    monkeypatch.setattr(files.read_source, "__defaults__", (100,))
    import lstmlint.api

    if hasattr(lstmlint.api, "MAX_BYTES"):          # api passes the limit explicitly
        monkeypatch.setattr(lstmlint.api, "MAX_BYTES", 100)
    r = run("--format", "json", str(write(tmp_path, "big.py", BAD * 5)))
    (item,) = json.loads(r.output)
    assert item["code"] == "LST001" and "too large" in item["message"]


def test_binary_file_is_a_finding(tmp_path: Path) -> None:
    r = run("--format", "json", str(write(tmp_path, "blob.py", b"keras\x00\x01\x02")))
    (item,) = json.loads(r.output)
    assert item["code"] == "LST001"


def test_files_without_keras_are_not_parsed(tmp_path: Path) -> None:
    write(tmp_path, "plain.py", "def f(:\n")  # would be a syntax error if parsed
    r = run(str(tmp_path))
    assert r.exit_code == 0


def test_default_path_is_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "bad.py", BAD)
    monkeypatch.chdir(tmp_path)
    r = run("--format", "json")
    assert r.exit_code == 1
    assert len(json.loads(r.output)) == 1


def test_virtualenvs_and_caches_are_not_walked(tmp_path: Path) -> None:
    write(tmp_path, "ok.py", CLEAN)
    (tmp_path / ".venv").mkdir()
    write(tmp_path / ".venv", "bad.py", BAD)
    assert run(str(tmp_path)).exit_code == 0


def test_internal_error_exits_2_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstmlint.api as api

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated")

    monkeypatch.setattr(api, "analyze", boom)
    write(tmp_path, "bad.py", BAD)
    r = CliRunner().invoke(main, [str(tmp_path)])
    assert r.exit_code == 2
    assert "internal error while checking" in r.output and "simulated" in r.output
    assert "Traceback" not in r.output
