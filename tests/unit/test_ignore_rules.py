"""The pure-Python ignore rules (used when git is missing or refuses a repository) give git's own
answers: every file of a work tree is walked or skipped exactly as `git status --ignored` says."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmlint.source.gitignore import GitIgnore
from lstmlint.source.ignore_rules import global_excludes_file, parse_line, tracked_paths

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
GIT_ID = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]

FILES = [
    "a.py",
    "b.txt",
    "build/out.py",
    "build/keep.py",
    "src/a.py",
    "src/model.py",
    "src/build/gen.py",
    "src/deep/er/a.py",
    "src/deep/er/b.log",
    "docs/x y.py",
    "docs/#hash.py",
    "docs/!bang.py",
    "data/[x].py",
    "data/a1.py",
    "data/aZ.py",
    "notes/.hidden.py",
]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1")
    return env


def _make(root: Path, ignores: dict[str, str], files: list[str] = FILES) -> None:
    root.mkdir(parents=True)
    subprocess.run(["git", *GIT_ID, "init", "-q"], cwd=root, check=True, capture_output=True)
    for name in files:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x = 1\n", encoding="utf-8")
    for where, text in ignores.items():
        p = root / where
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _walk_verdicts(root: Path, ignored: GitIgnore) -> dict[str, bool]:
    """Each file: skipped by a folder walk (itself or a folder above it ignored)."""
    out: dict[str, bool] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root)
            chain = [root.joinpath(*rel.parts[:k]) for k in range(1, len(rel.parts))]
            out[rel.as_posix()] = any(ignored(str(d)) for d in chain) or ignored(str(path))
    return out


def _compare(root: Path) -> None:
    by_git = _walk_verdicts(root, GitIgnore())
    by_rules = _walk_verdicts(root, GitIgnore(git=None))
    differ = {k: (by_git[k], by_rules[k]) for k in by_git if by_git[k] != by_rules[k]}
    assert not differ, f"(git, rules) differ: {differ}"


CASES = [
    "*.py\n",
    "build/\n",
    "/build\n",
    "build\n!build/keep.py\n",
    "build/*\n!build/keep.py\n",
    "src/**/a.py\n",
    "**/a.py\n",
    "src/**\n!src/model.py\n",
    "src/**/\n",
    "deep/er/\n",
    "er/\n",
    "s*/d*/\n",
    "*.py\n!/src/*.py\n",
    "data/a[0-9].py\n",
    "data/a[!0-9].py\n",
    "data/a[[:upper:]].py\n",
    "data/\\[x\\].py\n",
    "docs/x\\ y.py\n",
    "docs/x y.py   \n",
    "\\#hash.py\n",
    "\\!bang.py\n",
    "#hash.py\n",
    "*.log\n!*.log\n*.log\n",
    "?.py\n",
    "a?py\n",
    "**\n!**/\n!*.txt\n",
    "notes/.*\n",
    "src/***/a.py\n",
    "**/build/**\n",
    "src/deep/**/*.log\n",
    "\n\n# only comments\n",
    "data/[a\n",
    "*.py\\\n",
]


@needs_git
@pytest.mark.parametrize("text", CASES)
def test_root_gitignore_patterns_agree_with_git(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for k, v in _env(home).items():
        monkeypatch.setenv(k, v)
    root = tmp_path / "w"
    _make(root, {".gitignore": text})
    _compare(root)


@needs_git
def test_nested_info_exclude_and_global_sources_agree_with_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "excl").write_text("*.txt\n", encoding="utf-8")
    (home / ".gitconfig").write_text(f"[core]\n\texcludesFile = {home / 'excl'}\n", encoding="utf-8")
    for k, v in _env(home).items():
        monkeypatch.setenv(k, v)
    root = tmp_path / "w"
    _make(
        root,
        {
            ".gitignore": "*.log\nbuild/\n",
            "src/.gitignore": "!deep/er/b.log\nmodel.py\n/a.py\n",
            "src/deep/.gitignore": "er/a.py\n",
            ".git/info/exclude": "data/\n",
        },
    )
    _compare(root)
    assert global_excludes_file() == str(home / "excl")


@needs_git
def test_tracked_files_are_never_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for k, v in _env(home).items():
        monkeypatch.setenv(k, v)
    root = tmp_path / "w"
    _make(root, {".gitignore": "*.py\nbuild/\n"})
    for version in ("2", "3", "4"):
        subprocess.run(["git", *GIT_ID, "update-index", "--index-version", version], cwd=root, check=True)
        subprocess.run(["git", *GIT_ID, "add", "-f", "a.py", "build/keep.py", "src/deep/er/a.py"], cwd=root, check=True)
        assert tracked_paths(str(root / ".git")) == {"a.py", "build/keep.py", "src/deep/er/a.py"}
        _compare(root)
        rules = GitIgnore(git=None)
        assert not rules(str(root / "a.py")) and rules(str(root / "src" / "a.py"))
        assert not rules(str(root / "build")) and rules(str(root / "build" / "out.py"))


_component = st.sampled_from(["a", "b", "src", "build", "deep", "er", "data", "docs", "*", "?", "**", "a*", "*.py", "[ab]*"])


@st.composite
def _pattern(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_component, min_size=1, max_size=3))
    text = "/".join(parts)
    if draw(st.booleans()):
        text = "/" + text
    if draw(st.booleans()):
        text += "/"
    if draw(st.integers(0, 3)) == 0:
        text = "!" + text
    return text


@needs_git
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    top=st.lists(_pattern(), min_size=1, max_size=4),
    nested=st.lists(_pattern(), max_size=3),
)
def test_generated_patterns_agree_with_git(
    tmp_path_factory: pytest.TempPathFactory, top: list[str], nested: list[str]
) -> None:
    base = tmp_path_factory.mktemp("gen")
    home = base / "home"
    home.mkdir()
    old = {k: os.environ.get(k) for k in ("HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL")}
    os.environ.pop("GIT_CONFIG_GLOBAL", None)
    os.environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1")
    try:
        root = base / "w"
        _make(root, {".gitignore": "\n".join(top) + "\n", "src/.gitignore": "\n".join(nested) + "\n"})
        _compare(root)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_parse_line_basics() -> None:
    assert parse_line("") is None and parse_line("# x") is None and parse_line("   ") is None
    p = parse_line("!build/")
    assert p is not None and p.negative and p.folders_only and p.basename_only
    q = parse_line("/src/*.py", "pkg")
    assert q is not None and not q.basename_only and q.matches("pkg/src/a.py", False)
    assert not q.matches("pkg/src/sub/a.py", False) and not q.matches("src/a.py", False)
    star = parse_line("a/**/b")
    assert star is not None and star.matches("a/b", True) and star.matches("a/x/y/b", False)


def test_unreadable_index_means_nothing_tracked(tmp_path: Path) -> None:
    git_dir = tmp_path / ".git"
    git_dir.mkdir()
    assert tracked_paths(str(git_dir)) == frozenset()
    (git_dir / "index").write_bytes(b"DIRC\x00\x00\x00\x09junk")
    assert tracked_paths(str(git_dir)) is None
    (git_dir / "index").write_bytes(b"DIRC\x00\x00\x00\x02\x00\x00\x00\x05short")
    assert tracked_paths(str(git_dir)) is None
