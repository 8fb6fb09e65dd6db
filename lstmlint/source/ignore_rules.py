"""Git's ignore rules in pure Python, for a work tree where ``git`` cannot answer.

``source.gitignore`` asks git itself. When git is not installed, or refuses the repository (a
checkout owned by another user, as in CI containers: "detected dubious ownership"), this module
applies the same rules from the same files:

* the global excludes file: ``core.excludesFile`` from the global git configuration
  (``$GIT_CONFIG_GLOBAL``, ``~/.gitconfig``, ``$XDG_CONFIG_HOME/git/config``), by default
  ``$XDG_CONFIG_HOME/git/ignore``;
* ``.git/info/exclude``;
* every ``.gitignore`` from the work tree's root down to the path's folder, a deeper file
  taking precedence, and inside one file the last matching pattern;
* a path inside an ignored folder is ignored whatever a later pattern says (git does not look
  inside ignored folders);
* a file recorded in the index (``.git/index``, versions 2 to 4) is tracked and never ignored.

Patterns follow gitignore(5): ``#`` comments, trailing spaces, ``!`` negation, ``\\`` escapes,
a trailing ``/`` for folders only, a ``/`` at the start or in the middle anchoring the pattern
to its file's folder, ``*``, ``?``, bracket expressions, and ``**`` as a whole path component.
What is not read: ``include``/``includeIf`` in git configuration files and per-repository
``core.excludesFile``; ``tests/unit/test_ignore_rules.py`` compares the answers with
``git check-ignore`` on many patterns and paths.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache

_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z",
    "xdigit": "0-9a-fA-F",
}
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    negative: bool
    folders_only: bool
    basename_only: bool  # no "/" in the pattern: matches the last component at any depth
    base: str  # the folder of the file that holds the pattern, relative to the root ("" at the root)

    def matches(self, path: str, is_dir: bool) -> bool:
        if self.folders_only and not is_dir:
            return False
        if self.basename_only:
            return self.regex.fullmatch(path.rsplit("/", 1)[-1]) is not None
        if self.base:
            if not path.startswith(self.base + "/"):
                return False
            path = path[len(self.base) + 1 :]
        return self.regex.fullmatch(path) is not None


def _bracket(pattern: str, i: int) -> tuple[str, int] | None:
    """The regex class for the bracket expression opening at ``pattern[i] == "["`` and the index
    after it, or None when it is not closed (git then matches nothing)."""
    j = i + 1
    negate = j < len(pattern) and pattern[j] in "!^"
    if negate:
        j += 1
    parts: list[str] = []
    first = True
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and not first:
            body = "".join(parts)
            # with WM_PATHNAME a bracket never matches "/"
            return ("[^/" + body + "]" if negate else "(?!/)[" + body + "]"), j + 1
        first = False
        if c == "[" and pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            if end != -1:
                name = pattern[j + 2 : end]
                if name not in _CLASSES:
                    return None
                parts.append(_CLASSES[name])
                j = end + 2
                continue
        if c == "\\" and j + 1 < len(pattern):
            j += 1
            c = pattern[j]
        if j + 2 < len(pattern) and pattern[j + 1] == "-" and pattern[j + 2] != "]":
            hi = pattern[j + 2]
            k = j + 3
            if hi == "\\" and k < len(pattern):
                hi = pattern[k]
                k += 1
            if ord(hi) >= ord(c):
                parts.append(re.escape(c) + "-" + re.escape(hi))
            j = k
            continue
        parts.append(re.escape(c))
        j += 1
    return None


@lru_cache(maxsize=4096)
def _translate(glob: str) -> re.Pattern[str]:
    """A wildmatch pattern (with WM_PATHNAME) as a regular expression over a whole path."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            j = i
            while j < n and glob[j] == "*":
                j += 1
            at_start = i == 0 or glob[i - 1] == "/"
            at_end = j == n or glob[j] == "/"
            if j - i >= 2 and at_start and at_end:
                if j == n:
                    out.append(".*")  # "a/**" and "**": everything below
                    i = j
                else:
                    out.append("(?:.*/)?")  # "**/" and "a/**/b": zero or more folders
                    i = j + 1
                continue
            out.append("[^/]*")
            i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            got = _bracket(glob, i)
            if got is None:
                return _NEVER
            out.append(got[0])
            i = got[1]
        elif c == "\\":
            if i + 1 >= n:
                return _NEVER  # a trailing backslash matches nothing
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out), re.DOTALL)


def _trim_trailing_spaces(line: str) -> str:
    end = len(line)
    while end > 0 and line[end - 1] == " ":
        # a space preceded by an odd number of backslashes is escaped and kept
        k = end - 1
        slashes = 0
        while k > 0 and line[k - 1] == "\\":
            slashes += 1
            k -= 1
        if slashes % 2:
            break
        end -= 1
    return line[:end]


def parse_line(line: str, base: str = "") -> Pattern | None:
    """One line of an ignore file as a pattern, or None for a blank line or a comment."""
    if not line or line.startswith("#"):
        return None
    line = _trim_trailing_spaces(line)
    if not line:
        return None
    negative = line.startswith("!")
    if negative:
        line = line[1:]
    folders_only = line.endswith("/")
    if folders_only:
        line = line[:-1]
    if not line:
        return None
    basename_only = "/" not in line
    if line.startswith("/"):
        line = line[1:]
    return Pattern(_translate(line), negative, folders_only, basename_only, base)


def parse_file(path: str, base: str = "") -> tuple[Pattern, ...]:
    try:
        with open(path, "rb") as f:
            data = f.read(1 << 20)
    except OSError:
        return ()
    text = data.decode("utf-8", "surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    found = (parse_line(line, base) for line in text.split("\n"))
    return tuple(p for p in found if p is not None)


def _config_value(path: str, section: str, key: str) -> str | None:
    """The last ``key`` of ``[section]`` in a git configuration file (the plain syntax only)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read(1 << 20).splitlines()
    except OSError:
        return None
    current = ""
    value: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            current = line[1 : line.find("]")].strip().split(" ", 1)[0].lower() if "]" in line else ""
            continue
        name, sep, rest = line.partition("=")
        if current == section and sep and name.strip().lower() == key:
            rest = rest.strip()
            for mark in (" #", " ;", "\t#", "\t;"):
                if mark in rest and not rest.startswith('"'):
                    rest = rest.split(mark, 1)[0].rstrip()
            if len(rest) >= 2 and rest[0] == rest[-1] == '"':
                rest = rest[1:-1]
            value = rest
    return value


def global_excludes_file(env: dict[str, str] | None = None) -> str | None:
    env = dict(os.environ) if env is None else env
    home = env.get("HOME") or os.path.expanduser("~")
    xdg = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    configs = (
        [env["GIT_CONFIG_GLOBAL"]]
        if env.get("GIT_CONFIG_GLOBAL")
        else [os.path.join(xdg, "git", "config"), os.path.join(home, ".gitconfig")]
    )
    value: str | None = None
    for config in configs:  # later files win, as git reads them in this order
        got = _config_value(config, "core", "excludesfile")
        if got is not None:
            value = got
    if value is None:
        return os.path.join(xdg, "git", "ignore")
    if value.startswith("~/"):
        value = os.path.join(home, value[2:])
    return value


def _git_dir(root: str) -> str | None:
    """The repository folder of the work tree at ``root``: ``.git``, or where a ``.git`` file
    (worktrees, submodules) points."""
    dot = os.path.join(root, ".git")
    if os.path.isdir(dot):
        return dot
    try:
        with open(dot, encoding="utf-8", errors="replace") as f:
            first = f.readline().strip()
    except OSError:
        return None
    if first.startswith("gitdir:"):
        target = first[len("gitdir:") :].strip()
        return target if os.path.isabs(target) else os.path.normpath(os.path.join(root, target))
    return None


def _varint(data: bytes, i: int) -> tuple[int, int]:
    """Git's offset encoding (index version 4 path compression)."""
    c = data[i]
    i += 1
    value = c & 0x7F
    while c & 0x80:
        c = data[i]
        i += 1
        value = ((value + 1) << 7) | (c & 0x7F)
    return value, i


def tracked_paths(git_dir: str) -> frozenset[str] | None:
    """The paths recorded in the index, or None when it cannot be read."""
    try:
        with open(os.path.join(git_dir, "index"), "rb") as f:
            data = f.read()
    except OSError:
        return frozenset() if os.path.isdir(git_dir) else None
    try:
        if data[:4] != b"DIRC":
            return None
        version, count = struct.unpack(">II", data[4:12])
        if version not in (2, 3, 4):
            return None
        i = 12
        paths: set[str] = set()
        previous = b""
        for _ in range(count):
            start = i
            flags = struct.unpack(">H", data[i + 60 : i + 62])[0]
            i += 62
            if version >= 3 and flags & 0x4000:
                i += 2
            if version == 4:
                strip, i = _varint(data, i)
                end = data.index(b"\0", i)
                name = previous[: len(previous) - strip] + data[i:end]
                i = end + 1
            else:
                end = data.index(b"\0", i)
                name = data[i:end]
                i = start + ((end - start) // 8 + 1) * 8  # entries are NUL-padded to 8 bytes
            previous = name
            paths.add(os.fsdecode(name))
        return frozenset(paths)
    except (struct.error, ValueError, IndexError):
        return None


@dataclass
class IgnoreRules:
    """``rules(rel, is_dir)``: whether git ignores ``rel`` ("/"-separated, relative to ``root``)."""

    root: str
    env: dict[str, str] | None = None
    _files: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    _outer: tuple[Pattern, ...] | None = None
    _tracked: frozenset[str] | None = None
    _tracked_folders: frozenset[str] = frozenset()
    _tracked_read: bool = False

    def _outer_patterns(self) -> tuple[Pattern, ...]:
        if self._outer is None:
            found: list[Pattern] = []
            excludes = global_excludes_file(self.env)
            if excludes:
                found.extend(parse_file(excludes))
            git_dir = _git_dir(self.root)
            if git_dir:
                found.extend(parse_file(os.path.join(git_dir, "info", "exclude")))
            self._outer = tuple(found)
        return self._outer

    def _gitignore(self, folder: str) -> tuple[Pattern, ...]:
        if folder not in self._files:
            path = (
                os.path.join(self.root, *folder.split("/"), ".gitignore")
                if folder
                else os.path.join(self.root, ".gitignore")
            )
            self._files[folder] = parse_file(path, folder)
        return self._files[folder]

    def _tracked_set(self) -> frozenset[str]:
        if not self._tracked_read:
            git_dir = _git_dir(self.root)
            self._tracked = tracked_paths(git_dir) if git_dir else None
            folders: set[str] = set()
            for path in self._tracked or ():
                parts = path.split("/")
                folders.update("/".join(parts[:k]) for k in range(1, len(parts)))
            self._tracked_folders = frozenset(folders)
            self._tracked_read = True
        return self._tracked or frozenset()

    def _excluded(self, rel: str, is_dir: bool) -> bool:
        parts = rel.split("/")
        layers: list[tuple[Pattern, ...]] = [self._outer_patterns()]
        layers.extend(self._gitignore("/".join(parts[:k])) for k in range(len(parts)))
        for patterns in reversed(layers):  # the deepest .gitignore first, its last line first
            for pattern in reversed(patterns):
                if pattern.matches(rel, is_dir):
                    return not pattern.negative
        return False

    def __call__(self, rel: str, is_dir: bool) -> bool:
        if not rel or rel == "." or rel.startswith("../"):
            return False
        tracked = self._tracked_set()
        if rel in tracked or (is_dir and rel in self._tracked_folders):
            return False  # tracked files are never ignored, nor the folders that hold them
        parts = rel.split("/")
        if parts[0] == ".git":
            return False
        for k in range(1, len(parts)):
            if self._excluded("/".join(parts[:k]), True):
                return True
        return self._excluded(rel, is_dir)
