"""The pre-commit hook, run by the real pre-commit against a snapshot of this repository.

pre-commit installs lstmlint from the hook repository into its own virtualenv (pip, from PyPI
for the dependencies), so these tests need git and network access; they take ~half a minute.

Why a snapshot: `pre-commit try-repo /path` uses HEAD, and folds in uncommitted changes only
for files git already tracks (`git add -u` in a shadow clone), so a new, not yet committed
module would be missing, and a checkout without `.git` would fail. The snapshot is this working
tree's package files committed to a fresh repository: the same thing a fresh clone in CI has.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
BAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)
"""
CLEAN = BAD.replace("layers.LSTM(8)(inputs)", "layers.LSTM(8, return_sequences=True)(inputs)")
GIT_ID = ["-c", "user.name=lstmlint tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]


def git(cwd: Path, *args: str) -> str:
    r = subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return r.stdout.strip()


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository's package files, committed to a fresh git repository: (path, commit)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "setup.cfg", "MANIFEST.in"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "lstmlint", repo / "lstmlint", ignore=ignore)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    out = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", NO_COLOR="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    out.pop("PYTHONPATH", None)          # the hook must run from its own installed copy
    out.pop("VIRTUAL_ENV", None)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "ok.py").write_text(CLEAN)
    (tmp_path / "notes.txt").write_text("import keras  # not Python: the hook must not see it\n")
    (tmp_path / "bad.ipynb").write_text(json.dumps({   # types_or: [python, jupyter]
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# model"]},
                  {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": BAD.splitlines(True)}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    return tmp_path


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def test_hook_manifest() -> None:
    import yaml  # pre-commit depends on PyYAML

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "lstmlint" and hook["entry"] == "lstmlint" and hook["language"] == "python"
    assert hook["types_or"] == ["python", "jupyter"]
    assert hook["require_serial"] is True        # one process: one summary line


def test_try_repo_fails_on_a_bad_file_and_passes_a_clean_one(
    hook_repo: tuple[Path, str], env: dict[str, str], project: Path
) -> None:
    repo, rev = hook_repo
    bad = pre_commit(project, env, "try-repo", str(repo), "lstmlint", "--ref", rev,
                     "--files", "bad.py", "bad.ipynb", "notes.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "lstmlint" in bad.stdout and "Failed" in bad.stdout
    assert "bad.py:5:5: error[LST101] `LSTM` needs a 3-D input" in bad.stdout
    assert "bad.ipynb:5:5: error[LST101] `LSTM` needs a 3-D input" in bad.stdout
    assert "notebook cell 2, line 5" in bad.stdout
    assert "notes.txt" not in bad.stdout.split("Failed", 1)[1]
    assert bad.stdout.count("Found ") == 1, bad.stdout    # require_serial: one process, one summary
    ok = pre_commit(project, env, "try-repo", str(repo), "lstmlint", "--ref", rev, "--files", "ok.py")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout


def test_pre_commit_config_snippet_from_the_readme(
    hook_repo: tuple[Path, str], env: dict[str, str], project: Path
) -> None:
    """The .pre-commit-config.yaml users copy, pointed at the snapshot; PRE_COMMIT_HOME caches the env."""
    repo, rev = hook_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: lstmlint\n"
    )
    git(project, "add", "-A")
    bad = pre_commit(project, env, "run", "--all-files")
    assert bad.returncode == 1 and "bad.py:5:5: error[LST101]" in bad.stdout, bad.stdout + bad.stderr
    assert "bad.ipynb:5:5: error[LST101]" in bad.stdout
    git(project, "rm", "-q", "--cached", "bad.py", "bad.ipynb")
    (project / "bad.py").unlink()
    (project / "bad.ipynb").unlink()
    ok = pre_commit(project, env, "run", "--all-files")
    assert ok.returncode == 0 and "Passed" in ok.stdout, ok.stdout + ok.stderr


def test_pre_commit_config_with_a_git_url_and_a_commit_rev(
    hook_repo: tuple[Path, str], env: dict[str, str], project: Path
) -> None:
    """The snippet of docs/integrations.md as written: `repo:` a git URL, `rev:` a full commit hash."""
    repo, rev = hook_repo
    assert len(rev) == 40
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: lstmlint\n"
    )
    git(project, "add", "-A")
    bad = pre_commit(project, env, "run", "--all-files")
    assert bad.returncode == 1 and "bad.py:5:5: error[LST101]" in bad.stdout, bad.stdout + bad.stderr
    assert bad.stdout.count("Found ") == 1, bad.stdout


def test_docs_snippet_matches_what_is_tested() -> None:
    docs = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    assert "    rev: 0123456789abcdef0123456789abcdef01234567" in docs and "- id: lstmlint" in docs
    assert "OWNER/lstmlint   # this repository" not in docs and "rev: v0.1.0" not in docs
