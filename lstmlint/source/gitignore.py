"""``.gitignore`` when walking folders, by git's own rules: git is asked, never imitated.

Inside a git work tree, a file or folder the walk finds is skipped when git ignores it:
nested ``.gitignore`` files, ``.git/info/exclude`` and the global excludes file
(``core.excludesFile``) all count, and a tracked file is never ignored, exactly as
``git status`` sees it. The answer comes from one ``git status --porcelain -z --ignored=matching
--untracked-files=all`` per work tree (paths relative to its root; an ignored folder is listed
once, not file by file), so a walk costs one subprocess per repository.

Inside a work tree where ``git`` is not installed or refuses the repository (a checkout owned
by another user, as in CI containers), ``source.ignore_rules`` applies the same files by git's
rules in pure Python. Outside a git work tree ``.gitignore`` files are not applied (git itself
applies them only inside a work tree); the configured ``exclude`` patterns and the default
exclusions still are. Named paths are never skipped for being ignored: only what a folder walk
finds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field

from lstmlint.source.ignore_rules import IgnoreRules

TIMEOUT = 60.0


@dataclass(frozen=True)
class _Ignored:
    files: frozenset[str]  # paths relative to the work tree, "/"-separated
    folders: frozenset[str]  # ignored folders, relative, without the trailing "/"


def _work_tree(folder: str, cache: dict[str, str | None]) -> str | None:
    """The nearest folder at or above ``folder`` holding ``.git`` (a folder, or a file for
    worktrees and submodules), or None."""
    walked: list[str] = []
    d = folder
    found: str | None = None
    while True:
        if d in cache:
            found = cache[d]
            break
        walked.append(d)
        if os.path.exists(os.path.join(d, ".git")):
            found = d
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for w in walked:
        cache[w] = found
    return found


@dataclass
class GitIgnore:
    """``gitignore(path)`` is True when git ignores ``path`` (a file or a folder)."""

    git: str | None = field(default_factory=lambda: shutil.which("git"))
    _roots: dict[str, str | None] = field(default_factory=dict)
    _ignored: dict[str, _Ignored | None] = field(default_factory=dict)
    _fallback: dict[str, IgnoreRules] = field(default_factory=dict)

    def _load(self, root: str) -> _Ignored | None:
        if root not in self._ignored:
            self._ignored[root] = self._ask_git(root)
        return self._ignored[root]

    def _ask_git(self, root: str) -> _Ignored | None:
        if self.git is None:
            return None
        try:
            # --ignored=matching lists an ignored folder once (not its contents), and
            # --untracked-files=all looks inside untracked folders for ignored files too
            proc = subprocess.run(
                [
                    self.git,
                    "-C",
                    root,
                    "status",
                    "--porcelain=v1",
                    "-z",
                    "--no-renames",
                    "--ignored=matching",
                    "--untracked-files=all",
                ],
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if proc.returncode != 0:
            return None
        files: set[str] = set()
        folders: set[str] = set()
        for raw in proc.stdout.split(b"\0"):
            if not raw.startswith(b"!! "):
                continue
            entry = os.fsdecode(raw[3:])
            if entry.endswith("/"):
                folders.add(entry.rstrip("/"))
            else:
                files.add(entry)
        return _Ignored(frozenset(files), frozenset(folders))

    def __call__(self, path: str) -> bool:
        absolute = os.path.abspath(path)
        root = _work_tree(os.path.dirname(absolute), self._roots)
        if root is None:
            return False
        ignored = self._load(root)
        rel = os.path.relpath(absolute, root).replace(os.sep, "/")
        if ignored is None:  # git is missing or refused: its rules in pure Python
            rules = self._fallback.get(root)
            if rules is None:
                rules = self._fallback[root] = IgnoreRules(root)
            return rules(rel, os.path.isdir(absolute))
        if rel in ignored.files or rel in ignored.folders:
            return True
        parts = rel.split("/")
        return any("/".join(parts[:i]) in ignored.folders for i in range(1, len(parts)))
