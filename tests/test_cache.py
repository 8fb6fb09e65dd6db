"""The result cache (lstmlint/cache.py, used by lstmlint/run.py): keyed by everything that decides
a file's findings, atomic, and never trusted when an entry fails to load. Fast tier: no TensorFlow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import lstmlint.run as run
from lstmlint.cache import GITIGNORE, Cache, Entry, cache_key, entry_from_json, entry_json
from lstmlint.cli import main
from lstmlint.diagnostics import Diagnostic, Label, Severity, Span
from lstmlint.report.coverage import Coverage
from lstmlint.settings import Options

BAD = (
    "import keras\nfrom keras import layers\n"
    "inputs = keras.Input(shape=(10, 4))\n"
    "x = layers.LSTM(8)(inputs)\n"
    "y = layers.LSTM(8)(x)\n"
)
GOOD = BAD.replace("LSTM(8)(inputs)", "LSTM(8, return_sequences=True)(inputs)")


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSTMLINT_NO_CACHE", raising=False)       # conftest turns it off for other tests


def key(content: bytes = b"x = 1\n", options: Options | None = None, **kw: str) -> str:
    return cache_key("a.py", content, options or Options(), code="code-1", **kw)


def test_the_key_changes_with_everything_that_decides_the_findings() -> None:
    base = key()
    assert base == key()                                                   # stable
    assert key(b"x = 2\n") != base                                         # the file's content
    assert key(options=Options(ignore=frozenset({"LST1"}))) != base         # the configuration
    assert key(options=Options(warnings_as_errors=True)) != base
    assert key(keras_target="keras2") != base                              # the Keras target
    assert key(version="999.0") != base                                    # lstmlint's version
    assert cache_key("a.py", b"x = 1\n", Options(), code="code-2") != base  # lstmlint's code
    assert cache_key("b.py", b"x = 1\n", Options(), code="code-1") != base  # the path it is reported as


def test_the_key_does_not_depend_on_set_order() -> None:
    one = Options(select=frozenset({"LST101", "LST2", "LST3"}))
    two = Options(select=frozenset(["LST3", "LST2", "LST101"]))
    assert key(options=one) == key(options=two)


def test_an_entry_round_trips() -> None:
    diag = Diagnostic("a.py", Span(5, 5, 5, 24), "LST101", Severity.ERROR, "needs a 3-D input",
                      labels=(Label(Span(4, 5, 4, 20), "(None, 8)", False),), notes=("a note",),
                      help="set it", data={"cell": 2})
    entry = Entry((diag,), Coverage(3, 4, 1, 2), None, "source text\n")
    back = entry_from_json(entry_json(entry))
    assert back == entry
    assert back.diagnostics[0].data == {"cell": 2}


def test_an_entry_that_json_cannot_hold_is_not_stored(tmp_path: Path) -> None:
    diag = Diagnostic("a.py", Span(1, 1, 1, 1), "LST101", Severity.ERROR, "m", data={"node": object()})
    cache = Cache(tmp_path / "c")
    assert cache.put("ab" * 32, Entry((diag,), Coverage())) is False
    assert cache.get("ab" * 32) is None


@pytest.mark.parametrize("garbage", ["", "{", "[]", '{"diagnostics": 3}', '{"diagnostics": [], "coverage": [1]}',
                                     "\udcff"])
def test_a_corrupt_entry_is_ignored(tmp_path: Path, garbage: str) -> None:
    cache = Cache(tmp_path / "c")
    k = "cd" * 32
    assert cache.put(k, Entry((), Coverage(1, 1, 0, 0)))
    path = next((tmp_path / "c").rglob(f"{k}.json"))
    path.write_text(garbage, encoding="utf-8", errors="surrogateescape")
    assert cache.get(k) is None


def test_the_folder_is_marked_for_git_and_backups(tmp_path: Path) -> None:
    cache = Cache(tmp_path / ".lstmlint_cache")
    cache.put("ef" * 32, Entry((), Coverage()))
    assert (tmp_path / ".lstmlint_cache" / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert "*" in GITIGNORE.splitlines()
    assert (tmp_path / ".lstmlint_cache" / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: ")
    assert not list((tmp_path / ".lstmlint_cache").rglob("*.tmp"))        # nothing left from atomic writes


def test_clear_removes_only_what_lstmlint_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "keep.txt").write_text("user data")
    cache = Cache(folder)
    cache.put("01" * 32, Entry((), Coverage()))
    cache.clear()
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    empty = Cache(tmp_path / "c")
    empty.put("01" * 32, Entry((), Coverage()))
    empty.clear()
    assert not (tmp_path / "c").exists()


# ------------------------------------------------------------------ through run_paths / the CLI
class Counting:
    """Counts the files the run really analyses (the rest came from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = run.lint_file

        def lint_file(path: str, options: Options | None = None) -> object:
            self.paths.append(Path(path).name)
            return real(path, options)

        monkeypatch.setattr(run, "lint_file", lint_file)


def lint(paths: list[Path], cache: Path, options: Options | None = None) -> list[tuple[str, list[str], int]]:
    results = run.run_paths([str(p) for p in paths], options or Options(isolated=True), jobs=1, cache_dir=str(cache))
    return [(Path(r.path).name, [f"{d.line}:{d.code}" for d in r.diagnostics], r.coverage.layers if r.coverage else -1)
            for r in results]


def test_an_unchanged_file_is_answered_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    files = [tmp_path / "bad.py", tmp_path / "good.py"]
    count = Counting(monkeypatch)
    cold = lint(files, tmp_path / "cache")
    assert count.paths == ["bad.py", "good.py"]
    assert cold[0][1] == ["5:LST101"] and cold[1][1] == []
    warm = lint(files, tmp_path / "cache")
    assert warm == cold                              # same findings, same coverage
    assert count.paths == ["bad.py", "good.py"]      # nothing analysed again
    (tmp_path / "good.py").write_text(BAD)           # a change to the file
    again = lint(files, tmp_path / "cache")
    assert count.paths[2:] == ["good.py"]
    assert again[1][1] == ["5:LST101"]


def test_a_configuration_change_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    count = Counting(monkeypatch)
    assert lint([tmp_path / "bad.py"], tmp_path / "cache")[0][1] == ["5:LST101"]
    ignoring = Options(isolated=True, ignore=frozenset({"LST101"}))
    assert lint([tmp_path / "bad.py"], tmp_path / "cache", ignoring)[0][1] == []      # a command-line change
    assert count.paths == ["bad.py", "bad.py"]
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.lstmlint]\nselect = ["LST"]\n')
    assert lint([tmp_path / "bad.py"], tmp_path / "cache", Options())[0][1] == ["5:LST101"]
    assert lint([tmp_path / "bad.py"], tmp_path / "cache", Options())[0][1] == ["5:LST101"]
    assert len(count.paths) == 3
    config.write_text('[tool.lstmlint]\nselect = ["LST"]\nignore = ["LST101"]\n')   # a change to the file's config
    assert lint([tmp_path / "bad.py"], tmp_path / "cache", Options())[0][1] == []
    assert len(count.paths) == 4


def test_a_version_or_keras_target_change_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    count = Counting(monkeypatch)
    lint([tmp_path / "bad.py"], tmp_path / "cache")
    lint([tmp_path / "bad.py"], tmp_path / "cache")
    assert len(count.paths) == 1
    real_key = run.cache_key
    monkeypatch.setattr(run, "cache_key", lambda *a, **kw: real_key(*a, **kw, version="0.0.0-other"))
    lint([tmp_path / "bad.py"], tmp_path / "cache")
    assert len(count.paths) == 2
    monkeypatch.setattr(run, "cache_key", lambda *a, **kw: real_key(*a, **{**kw, "keras_target": "keras2"}))
    lint([tmp_path / "bad.py"], tmp_path / "cache")
    assert len(count.paths) == 3


def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    cold = lint([tmp_path / "bad.py"], tmp_path / "cache")
    [entry] = list((tmp_path / "cache").rglob("*.json"))
    entry.write_text('{"diagnostics": [{"path": 1}]')              # truncated by a crash, say
    count = Counting(monkeypatch)
    assert lint([tmp_path / "bad.py"], tmp_path / "cache") == cold
    assert count.paths == ["bad.py"]                                # re-analysed, not trusted
    assert json.loads(entry.read_text())["diagnostics"][0]["code"] == "LST101"   # rewritten
    assert lint([tmp_path / "bad.py"], tmp_path / "cache") == cold
    assert count.paths == ["bad.py"]                                # and used again


def test_cli_cache_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["bad.py", "--format", "json", "--isolated"])
    assert first.exit_code == 1, first.output
    assert (tmp_path / ".lstmlint_cache" / ".gitignore").is_file()
    count = Counting(monkeypatch)
    second = runner.invoke(main, ["bad.py", "--format", "json", "--isolated"])
    assert second.stdout == first.stdout and count.paths == []
    third = runner.invoke(main, ["bad.py", "--format", "json", "--isolated", "--no-cache"])
    assert third.stdout == first.stdout and count.paths == ["bad.py"]
    runner.invoke(main, ["bad.py", "--isolated", "--cache-dir", str(tmp_path / "elsewhere")])
    assert (tmp_path / "elsewhere" / ".gitignore").is_file()
    runner.invoke(main, ["bad.py", "--isolated", "--clear-cache"])
    assert count.paths == ["bad.py", "bad.py", "bad.py"]            # --clear-cache emptied it first
    cleaned = runner.invoke(main, ["clean", "--isolated"])
    assert cleaned.exit_code == 0 and "removed" in cleaned.stdout
    assert not (tmp_path / ".lstmlint_cache").exists()


def test_the_environment_can_turn_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LSTMLINT_NO_CACHE", "1")
    assert run.run_settings(Options(), cache_dir="x", cwd=str(tmp_path)).cache_dir is None
    monkeypatch.setenv("LSTMLINT_NO_CACHE", "0")
    assert run.run_settings(Options(), cache_dir="x", cwd=str(tmp_path)).cache_dir == "x"


def test_cache_dir_and_jobs_in_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.lstmlint]\ncache-dir = "build/lint-cache"\njobs = 3\n')
    settings = run.run_settings(Options(), cwd=str(tmp_path))
    assert settings.cache_dir == str(tmp_path / "build" / "lint-cache")
    assert settings.jobs == 3
    assert run.run_settings(Options(), jobs=1, cache_dir="x", cwd=str(tmp_path)) == run.RunSettings(1, "x")
    assert run.run_settings(Options(), use_cache=False, cwd=str(tmp_path)).cache_dir is None
    (tmp_path / "pyproject.toml").write_text("[tool.lstmlint]\njobs = 0\n")
    from lstmlint.settings import ConfigError

    with pytest.raises(ConfigError, match="jobs must be"):
        run.run_settings(Options(), cwd=str(tmp_path))


def _lint_into(args: tuple[str, str]) -> list[tuple[str, list[str]]]:
    folder, cache = args
    return [(r.path, [d.code for d in r.diagnostics])
            for r in run.run_paths([folder], Options(isolated=True), jobs=1, cache_dir=cache)]


def test_concurrent_runs_share_a_cache_safely(tmp_path: Path) -> None:
    import multiprocessing

    for k in range(12):
        (tmp_path / "src").mkdir(exist_ok=True)
        (tmp_path / "src" / f"m{k}.py").write_text(BAD if k % 2 else GOOD)
    args = (str(tmp_path / "src"), str(tmp_path / "cache"))
    with multiprocessing.get_context("fork").Pool(3) as pool:
        outcomes = pool.map(_lint_into, [args] * 3)
    assert outcomes[0] == outcomes[1] == outcomes[2]
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 12
    assert all(Cache(tmp_path / "cache").get(e.stem) is not None for e in entries)   # none torn
    assert not list((tmp_path / "cache").rglob("*.tmp"))
    assert _lint_into(args) == outcomes[0]
