"""[tool.lstmlint] in pyproject.toml: discovery, each key, command-line overrides, bad input."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint import settings as config_mod
from lstmlint.api import lint_paths
from lstmlint.cli import main
from lstmlint.settings import ConfigError, Options, Resolver, load

# LST101 (error) at line 5
BAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)
"""
# LST111 (warning: Add broadcasts a vector over time) at line 5
WARN = """\
from keras import layers, Input
a = Input(shape=(10, 32))
b = Input(shape=(32,))
c = layers.Dense(32)(b)
s = layers.Add()([a, c])
"""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write files under tmp_path (dedented) and run from there."""
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str]) -> Path:
        for name, text in files.items():
            p = tmp_path / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return make


def run(*args: str):
    return CliRunner().invoke(main, ["--format", "json", *args], catch_exceptions=False)


def found(*args: str) -> list[tuple[str, int, str]]:
    r = run(*args)
    assert r.exit_code in (0, 1), r.output
    return sorted((os.path.relpath(d["path"]).replace(os.sep, "/"), d["line"], d["code"]) for d in json.loads(r.stdout))


def checked(paths: list[str], options: Options | None = None) -> list[str]:
    return sorted(os.path.relpath(r.path).replace(os.sep, "/") for r in lint_paths(paths, options))


def test_no_config_reports_everything(tree) -> None:
    tree({"a.py": BAD, "w.py": WARN})
    assert found(".") == [("a.py", 5, "LST101"), ("w.py", 5, "LST111")]


def test_select_and_ignore_from_pyproject(tree) -> None:
    tree({"a.py": BAD, "w.py": WARN, "pyproject.toml": '[tool.lstmlint]\nselect = ["LST11"]\n'})
    assert found(".") == [("w.py", 5, "LST111")]
    tree({"pyproject.toml": '[tool.lstmlint]\nignore = ["lst111"]\n'})
    assert found(".") == [("a.py", 5, "LST101")]


def test_command_line_overrides_select_and_ignore(tree) -> None:
    tree({"a.py": BAD, "w.py": WARN, "pyproject.toml": '[tool.lstmlint]\nselect = ["LST11"]\nignore = ["LST111"]\n'})
    assert found(".") == []
    assert found(".", "--select", "LST1") == [("a.py", 5, "LST101")]      # config ignore still applies
    assert found(".", "--ignore", "LST101") == [("w.py", 5, "LST111")]    # config select still applies
    assert found(".", "--isolated") == [("a.py", 5, "LST101"), ("w.py", 5, "LST111")]


def test_per_file_ignores_are_relative_to_the_config_file(tree) -> None:
    tree({
        "proj/pyproject.toml": """\
            [tool.lstmlint.per-file-ignores]
            "legacy/*.py" = ["LST101"]
            "w.py" = ["LST111"]
            """,
        "proj/legacy/old.py": BAD,
        "proj/new.py": BAD,
        "proj/sub/w.py": WARN,          # a pattern without "/" matches the name anywhere
        "proj/sub/legacy/x.py": BAD,    # "legacy/*.py" is anchored at proj/, so this one is reported
    })
    assert found("proj") == [("proj/new.py", 5, "LST101"), ("proj/sub/legacy/x.py", 5, "LST101")]
    os.chdir("proj/sub")  # the patterns do not depend on where lstmlint runs
    assert found("../..") == [("../new.py", 5, "LST101"), ("legacy/x.py", 5, "LST101")]


def test_exclude_replaces_defaults_and_extend_exclude_adds(tree) -> None:
    tree({"a.py": BAD, "build/b.py": BAD, "gen/c.py": BAD, "pkg/gen/d.py": BAD, "pkg/e.py": BAD})
    assert checked(["."]) == ["a.py", "gen/c.py", "pkg/e.py", "pkg/gen/d.py"]  # build/ by default
    tree({"pyproject.toml": '[tool.lstmlint]\nextend-exclude = ["gen"]\n'})
    assert checked(["."]) == ["a.py", "pkg/e.py"]
    tree({"pyproject.toml": '[tool.lstmlint]\nextend-exclude = ["pkg/gen"]\n'})
    assert checked(["."]) == ["a.py", "gen/c.py", "pkg/e.py"]   # "/" anchors at the config's folder
    tree({"pyproject.toml": '[tool.lstmlint]\nexclude = ["gen", "*/e.py"]\n'})
    assert checked(["."]) == ["a.py", "build/b.py"]              # defaults replaced: build/ is checked
    # the command line replaces (--exclude) or adds to (--extend-exclude) the configured patterns
    assert checked(["."], Options(exclude=("a.py",))) == ["build/b.py", "gen/c.py", "pkg/e.py", "pkg/gen/d.py"]
    assert checked(["."], Options(extend_exclude=("build",))) == ["a.py"]
    r = CliRunner().invoke(main, [".", "--exclude", "gen,build,pkg", "--extend-exclude", "a.py"])
    assert r.exit_code == 0 and "0 files" in r.output


def test_named_files_are_excluded_too_so_pre_commit_honours_exclude(tree) -> None:
    tree({"gen/c.py": BAD, "a.py": BAD, "pyproject.toml": '[tool.lstmlint]\nextend-exclude = ["gen"]\n'})
    assert checked(["gen/c.py", "a.py"]) == ["a.py"]


def test_current_folder_is_never_excluded_by_its_own_name(tree) -> None:
    root = tree({"build/a.py": BAD, "build/venv/b.py": BAD})
    os.chdir(root / "build")
    assert checked(["."]) == ["a.py"]
    assert checked([str(root / "build")]) == ["a.py"]


def test_nearest_pyproject_with_a_table_wins(tree) -> None:
    tree({
        "pyproject.toml": '[tool.lstmlint]\nignore = ["LST101"]\n',
        "a.py": BAD,
        "inner/pyproject.toml": '[project]\nname = "inner"\n',   # no [tool.lstmlint]: passed over
        "inner/b.py": BAD,
        "other/pyproject.toml": '[tool.lstmlint]\nselect = ["LST1"]\n',   # its own settings
        "other/c.py": BAD,
    })
    assert found(".") == [("other/c.py", 5, "LST101")]


def test_config_files_are_read_once_per_directory(tree, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"pkg/m{i}.py": BAD for i in range(5)} | {f"pkg/sub/n{i}.py": BAD for i in range(5)}
    tree(files | {"pyproject.toml": '[tool.lstmlint]\nignore = ["LST101"]\n'})
    calls: list[str] = []
    real = config_mod.load
    monkeypatch.setattr(config_mod, "load", lambda path, **kw: calls.append(path) or real(path, **kw))
    results = list(lint_paths(["."]))
    assert len(results) == 10 and all(not r.diagnostics for r in results)
    assert len(calls) == 1


def test_warnings_as_errors(tree) -> None:
    tree({"w.py": WARN})
    assert run("w.py").exit_code == 0
    assert run("w.py", "--warnings-as-errors").exit_code == 1
    tree({"pyproject.toml": "[tool.lstmlint]\nwarnings-as-errors = true\n"})
    assert run("w.py").exit_code == 1
    assert run("w.py", "--no-warnings-as-errors").exit_code == 0
    assert run("w.py", "--isolated").exit_code == 0


def test_explicit_config_file(tree) -> None:
    tree({"a.py": BAD, "cfg/lint.toml": '[tool.lstmlint]\nignore = ["LST101"]\nextend-exclude = ["skip"]\n',
          "skip/b.py": BAD})
    assert found(".", "--config", "cfg/lint.toml") == []
    assert checked(["."], Options(config="cfg/lint.toml")) == ["a.py"]


@pytest.mark.parametrize(("toml", "message"), [
    ('[tool.lstmlint]\nselct = ["LST101"]\n', "unknown key 'selct' in [tool.lstmlint]"),
    ('[tool.lstmlint]\nper_file_ignores = {}\n', "did you mean 'per-file-ignores'?"),
    ('[tool.lstmlint]\nselect = ["LST999"]\n', "unknown code or prefix 'LST999'"),
    ('[tool.lstmlint]\nignore = "LST101"\n', "ignore must be a list of codes"),
    ('[tool.lstmlint.per-file-ignores]\n"x.py" = ["E501"]\n', "unknown code or prefix 'E501'"),
    ('[tool.lstmlint]\nwarnings-as-errors = "yes"\n', "warnings-as-errors must be true or false"),
    ('[tool.lstmlint]\nexclude = "build"\n', "exclude must be a list of glob patterns"),
    ('[tool.lstmlint\nselect = 1\n', "not valid TOML"),
])
def test_bad_configuration_is_one_clear_line_and_exit_2(tree, toml: str, message: str) -> None:
    tree({"a.py": BAD, "pyproject.toml": toml})
    r = CliRunner().invoke(main, ["."])
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert lines[0].startswith("lstmlint: error: ") and "pyproject.toml" in lines[0]
    assert message in lines[0]


def test_config_without_a_table_given_explicitly_is_an_error(tree) -> None:
    tree({"a.py": BAD, "other.toml": "[tool.black]\n"})
    r = CliRunner().invoke(main, [".", "--config", "other.toml"])
    assert r.exit_code == 2 and "no [tool.lstmlint] table" in r.stderr


def test_someone_elses_broken_pyproject_is_not_our_business(tree) -> None:
    tree({"a.py": BAD, "pyproject.toml": "[project\nname = 1\n"})
    assert found(".") == [("a.py", 5, "LST101")]


def test_load_and_resolver_directly(tmp_path: Path) -> None:
    p = tmp_path / "pyproject.toml"
    p.write_text('[tool.lstmlint]\nselect = ["LST1"]\n[tool.lstmlint.per-file-ignores]\n"t/*" = ["LST111"]\n')
    cfg = load(str(p))
    assert cfg is not None and cfg.select == frozenset({"LST1"})
    r = Resolver(Options(ignore=frozenset({"LST102"})))
    o = r.options_for(str(tmp_path / "t" / "x.py"))
    assert o.select == frozenset({"LST1"}) and o.ignore == frozenset({"LST102", "LST111"})
    assert not o.wants("LST111") and not o.wants("LST102") and o.wants("LST101") and not o.wants("LST001")
    with pytest.raises(ConfigError):
        Resolver(Options(config=str(tmp_path / "missing.toml")))
