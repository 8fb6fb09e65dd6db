"""A folder walk skips what git ignores, by git's own rules (nested .gitignore, .git/info/exclude,
core.excludesFile, tracked files never ignored); outside a work tree nothing is ignored."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint.api import lint_paths
from lstmlint.cli import main
from lstmlint.settings import Options
from lstmlint.source.gitignore import GitIgnore

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BAD = "import keras\nx = keras.layers.LSTM(4)(keras.Input(shape=(5,)))\n"
GIT_ID = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A work tree whose global git config is ours: core.excludesFile points at global-ignore."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "global-ignore").write_text("global_*.py\n", encoding="utf-8")
    (home / ".gitconfig").write_text(f"[core]\n\texcludesFile = {home / 'global-ignore'}\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "work"
    root.mkdir()
    git(root, "init", "-q")
    files = [
        "keep.py",
        "top_ignored.py",
        "global_model.py",
        "excluded_by_info.py",
        "tracked_but_ignored.py",
        "pkg/keep.py",
        "pkg/nested_ignored.py",
        "pkg/sub/deep.py",
        "generated/model.py",
        "pkg/negated/model.py",
    ]
    for name in files:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(BAD, encoding="utf-8")
    (root / ".gitignore").write_text("top_ignored.py\ngenerated/\ntracked_but_ignored.py\n", encoding="utf-8")
    (root / "pkg" / ".gitignore").write_text(
        "nested_ignored.py\nsub/\nnegated/*\n!negated/model.py\n", encoding="utf-8"
    )
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("excluded_by_info.py\n", encoding="utf-8")
    git(root, "add", "-f", "tracked_but_ignored.py")
    monkeypatch.chdir(root)
    return root


def walked(options: Options | None = None) -> list[str]:
    return [r.path for r in lint_paths(["."], options or Options(isolated=True))]


def test_git_rules_decide(repo: Path) -> None:
    # ignored: by .gitignore, by a nested .gitignore (file, folder, pattern), by .git/info/exclude,
    # by core.excludesFile; kept: a negated pattern, and a tracked file whatever the patterns say
    assert walked() == ["keep.py", "tracked_but_ignored.py", "pkg/keep.py", "pkg/negated/model.py"]


def test_no_respect_gitignore_walks_everything(repo: Path) -> None:
    everything = set(walked(Options(isolated=True, respect_gitignore=False)))
    assert {
        "top_ignored.py",
        "global_model.py",
        "excluded_by_info.py",
        "pkg/nested_ignored.py",
        "pkg/sub/deep.py",
        "generated/model.py",
    } <= everything


def test_named_files_are_checked_even_when_ignored(repo: Path) -> None:
    r = CliRunner().invoke(main, ["--format", "concise", "-q", "top_ignored.py", "generated/model.py"])
    assert [line.split(":")[0] for line in r.output.splitlines()] == ["top_ignored.py", "generated/model.py"]


def test_walking_a_subfolder_uses_the_repository_rules(repo: Path) -> None:
    r = CliRunner().invoke(main, ["--format", "concise", "-q", "pkg"])
    assert sorted(line.split(":")[0] for line in r.output.splitlines()) == ["pkg/keep.py", "pkg/negated/model.py"]


def test_cli_flag(repo: Path) -> None:
    on = CliRunner().invoke(main, ["--format", "concise", "-q", "--isolated"]).output
    off = CliRunner().invoke(main, ["--format", "concise", "-q", "--isolated", "--no-respect-gitignore"]).output
    assert "top_ignored.py" not in on and "top_ignored.py" in off


def test_outside_a_work_tree_nothing_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / ".gitignore").write_text("ignored.py\n", encoding="utf-8")
    (plain / "ignored.py").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(plain)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert walked() == ["ignored.py"]


@pytest.mark.parametrize("git", [None, shutil.which("false") or "/bin/false"], ids=["missing", "refusing"])
def test_without_git_its_rules_still_apply(repo: Path, git: str | None) -> None:
    # git not installed, or refusing the repository (a checkout owned by another user in a CI
    # container): the same files, by the same rules, in pure Python (source/ignore_rules.py)
    ignored = GitIgnore(git=git)
    for name in ("top_ignored.py", "global_model.py", "excluded_by_info.py", "pkg/nested_ignored.py",
                 "pkg/sub/deep.py", "generated/model.py"):
        assert ignored(str(repo / name)) or ignored(str(repo / name).rsplit("/", 1)[0]), name
    for name in ("keep.py", "tracked_but_ignored.py", "pkg/keep.py", "pkg/negated/model.py"):
        assert not ignored(str(repo / name)), name
    assert GitIgnore()(str(repo / "top_ignored.py"))


def test_one_git_call_per_work_tree(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(cmd: list[str], *args: object, **kwargs: object) -> object:
        calls.append(cmd)
        return real(cmd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    ignored = GitIgnore()
    for name in ("keep.py", "pkg/keep.py", "pkg/sub/deep.py", "generated/model.py"):
        ignored(os.path.join(str(repo), name))
    assert len(calls) == 1
