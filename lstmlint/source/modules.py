"""Find the source file of a project's own module, the way Python would, without importing it.

``import pkg.layers`` / ``from .layers import X`` in a linted file name modules of the same
project more often than not. This module answers "which file is that?" for the interpreter
(``interp/modules.py``), and reads and parses it under the same limits as a linted file:

* relative imports from the importing file's package (``from .layers``, ``from ..util``);
* absolute imports from, in order: the importing file's own folder (what ``python train.py``
  puts first on ``sys.path``), the package root above it (the first ancestor folder without
  an ``__init__.py``), the project root (the nearest ancestor holding ``pyproject.toml``,
  ``setup.py``, ``setup.cfg`` or ``.git``; without one, the folder above the package root),
  and the project root's ``src/``;
* ``a/b.py`` or ``a/b/__init__.py``; never a module of a library the overlays model
  (``keras``, ``tensorflow``, ``numpy``...), nor of the standard library, nor anything under
  ``site-packages``;
* only regular files inside the project root once symbolic links are resolved (a link that
  leads out of the project, a FIFO or a device is refused), no larger than ``files.MAX_BYTES``,
  and only text the guard lets libcst parse (``source/guard.py``).

Nothing here runs or imports the code it finds.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libcst as cst

from lstmlint.source import guard
from lstmlint.source.files import MAX_BYTES, ReadError, mentions_keras, read_source
from lstmlint.source.parsing import parse_module

# top-level names of libraries the overlays (or nobody) model: never looked for in the project
LIBRARY_ROOTS = frozenset(
    {
        "keras",
        "tf_keras",
        "tensorflow",
        "tensorflow_datasets",
        "tensorflow_hub",
        "tensorflow_addons",
        "tensorflow_probability",
        "numpy",
        "scipy",
        "sklearn",
        "pandas",
        "matplotlib",
        "seaborn",
        "torch",
        "jax",
        "six",
        "past",
        "future",
        "absl",
        "pytest",
        "hypothesis",
        "h5py",
        "PIL",
        "cv2",
        "tqdm",
        "builtins",
        "__future__",
        # libraries an overlay models by name (interp/overlays/art.py, hyperas.py): their model,
        # not their source, even where the source lies beside the program (an sdist's examples)
        "art",
        "hyperas",
        "hyperopt",
    }
)
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
MAX_FOLDER_DEPTH = 64  # ancestors looked at for a package or project root


def is_library(root: str) -> bool:
    """Whether the top-level module ``root`` is a library (never a project file)."""
    return root in LIBRARY_ROOTS or root in sys.stdlib_module_names


@dataclass(frozen=True)
class Layout:
    """Where one file's absolute imports are looked for, and the folder none may leave."""

    folder: Path  # the importing file's own folder (resolved)
    bases: tuple[Path, ...]  # search folders for absolute imports, in order
    root: Path  # the project root: every followed file lies inside it


@dataclass(frozen=True)
class SourceModule:
    """A project module read and parsed (never run)."""

    path: Path  # resolved
    text: str
    module: cst.Module
    sha256: str
    # what the analysis derives from the parse alone, kept with it (interp/modules.py)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


# the names a module's text may bind at its top level (``may_define``), each read at the start of
# a line (lookaheads: every line start is tried, as by a search for one name)
_DEFINED = re.compile(r"^(?=\s*(?:class|def|async\s+def)\s+(\w+))", re.MULTILINE)
_ASSIGNED = re.compile(r"^(?=\s*(\w+)\s*[:=])", re.MULTILINE)
_IMPORT_LINE = re.compile(r"^(?=\s*(?:from|import)\b([^\n]*))", re.MULTILINE)
_WORD = re.compile(r"\w+")


def define_pattern(name: str) -> str:
    """A search for a line of a module's text that may bind ``name`` at its top level: a
    ``def``/``class`` of it, an assignment or annotation of it, or an import line naming it."""
    word = re.escape(name)
    return rf"^\s*(?:(?:class|def|async\s+def)\s+{word}\b|{word}\s*[:=]|(?:from|import)\b[^\n]*\b{word}\b)"


def may_define(source: SourceModule, name: str) -> bool:
    """Whether ``define_pattern(name)`` finds a line in ``source``'s text. The words such lines
    can name are read in one scan of the text, kept with the module: a search of the whole text
    for every name a star import is asked about cost more than the analysis of some files."""
    if _WORD.fullmatch(name) is None:  # not a plain word: the search itself
        return re.search(define_pattern(name), source.text, re.MULTILINE) is not None
    words = source.memo.get("may_define")
    if words is None:
        text = source.text
        found = set(_DEFINED.findall(text)) | set(_ASSIGNED.findall(text))
        for rest in _IMPORT_LINE.findall(text):
            found.update(_WORD.findall(rest))
        words = source.memo["may_define"] = frozenset(found)
    return name in words


class Unreadable(Exception):
    """The module's file exists but cannot be followed (too large, not parsable, ...)."""


def _is_package(folder: Path) -> bool:
    return (folder / "__init__.py").is_file()


def layout_of(path: Path) -> Layout:
    """The search folders for the file ``path``."""
    folder = path.resolve().parent
    package_root = folder
    for _ in range(MAX_FOLDER_DEPTH):
        if not _is_package(package_root) or package_root.parent == package_root:
            break
        package_root = package_root.parent
    root: Path | None = None
    probe = folder
    for _ in range(MAX_FOLDER_DEPTH):
        if any(os.path.lexists(probe / m) for m in PROJECT_MARKERS):
            root = probe
            break
        if probe.parent == probe:
            break
        probe = probe.parent
    if root is None:
        root = package_root.parent if package_root.parent != package_root else package_root
    bases: list[Path] = []
    for base in (folder, package_root, root, root / "src"):
        if base not in bases and base.is_dir():
            bases.append(base)
    return Layout(folder, tuple(bases), root)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _candidate(base: Path, parts: tuple[str, ...], root: Path, probed: list[Path] | None = None) -> Path | None:
    """``base/a/b.py`` or ``base/a/b/__init__.py`` for ``parts`` ("a", "b"), resolved, when it is
    a regular file inside ``root`` (and not under ``site-packages``); ``parts`` empty: the
    package ``base`` itself. ``probed`` collects the paths looked for that do not exist (a
    result that depends on their absence is stale once one appears)."""
    where = base.joinpath(*parts)
    options = (where / "__init__.py",) if not parts else (where.with_name(where.name + ".py"), where / "__init__.py")
    for option in options:
        try:
            st = os.stat(option)  # follows links: what Python would open
        except (OSError, ValueError):
            if probed is not None:
                probed.append(option)
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        real = Path(os.path.realpath(option))
        if not _inside(real, root) or "site-packages" in real.parts or "dist-packages" in real.parts:
            continue
        return real
    return None


def find_module(
    layout: Layout, name: str, level: int = 0, importer: Path | None = None, probed: list[Path] | None = None
) -> Path | None:
    """The file of module ``name`` (dotted; "" with ``level`` > 0 for the package itself),
    imported from a file with ``layout``; ``level``: the number of leading dots. None when it
    is not a project module."""
    parts = tuple(p for p in name.split(".") if p) if name else ()
    if any(not p.isidentifier() for p in parts):
        return None
    if level > 0:
        base = importer.resolve().parent if importer is not None else layout.folder
        for _ in range(level - 1):
            if base.parent == base:
                return None
            base = base.parent
        if not _inside(base, layout.root):
            return None
        return _candidate(base, parts, layout.root, probed)
    if not parts or is_library(parts[0]):
        return None
    for base in layout.bases:
        found = _candidate(base, parts, layout.root, probed)
        if found is not None:
            return found
    return None


def is_package_file(path: Path) -> bool:
    return path.name == "__init__.py"


# Per process, so that a module every file of a project imports is parsed once per run:
# resolved path -> (mtime, size, module); least recently used first. A parsed module takes
# ~35x its text, so both memos are bounded by the text they keep (and by entry count).
_PARSED: dict[Path, tuple[int, int, SourceModule]] = {}  # modules read by the analysis
_LINTED: dict[Path, tuple[int, int, SourceModule]] = {}  # linted files' own parses (``remember``)
MAX_PARSED_BYTES = 1 << 20
MAX_PARSED = 64
MAX_LINTED_BYTES = 256 << 10
MAX_LINTED = 64


def _keep(
    memo: dict[Path, tuple[int, int, SourceModule]],
    limit: int,
    count: int,
    path: Path,
    entry: tuple[int, int, SourceModule],
) -> None:
    memo.pop(path, None)
    kept_bytes = sum(e[1] for e in memo.values())
    while memo and (kept_bytes + entry[1] > limit or len(memo) >= count):  # the least recently used go first
        oldest = next(iter(memo))
        kept_bytes -= memo.pop(oldest)[1]
    if entry[1] <= limit:
        memo[path] = entry


def _kept(memo: dict[Path, tuple[int, int, SourceModule]], path: Path, st: os.stat_result) -> SourceModule | None:
    entry = memo.get(path)
    if entry is None or entry[0] != st.st_mtime_ns or entry[1] != st.st_size:
        return None
    del memo[path]  # most recently used: last
    memo[path] = entry
    return entry[2]


def read_module(path: Path) -> SourceModule:
    """``path`` read and parsed, through the same guard and size limit as a linted file; kept
    per process while the file's modification time and size stay the same (a file linted
    earlier in this process lends its own parse). Raises ``Unreadable``."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise Unreadable(str(e)) from None
    found = _kept(_PARSED, path, st)
    if found is not None:
        return found
    found = _kept(_LINTED, path, st)
    if found is not None:
        del _LINTED[path]
        _keep(_PARSED, MAX_PARSED_BYTES, MAX_PARSED, path, (st.st_mtime_ns, st.st_size, found))
        return found
    try:
        text, data = read_source(str(path), MAX_BYTES)
    except ReadError as e:
        raise Unreadable(e.message) from None
    if guard.check(text) is not None:
        raise Unreadable("too large or nested too deeply to parse")
    try:
        module = parse_module(text)
    except (cst.ParserSyntaxError, UnicodeError, RecursionError, ValueError) as e:
        raise Unreadable(f"cannot be parsed ({type(e).__name__})") from None
    found = SourceModule(path, text, module, hashlib.sha256(data).hexdigest())
    _keep(_PARSED, MAX_PARSED_BYTES, MAX_PARSED, path, (st.st_mtime_ns, st.st_size, found))
    return found


def parsed_before(path: str, text: str, data: bytes) -> cst.Module | None:
    """The parse of the file ``path`` (whose content is ``data``, decoded ``text``) that the
    analysis of another file read earlier in this process, when its content is the same: the
    file's own lint need not parse it again."""
    if not _PARSED:
        return None
    entry = _PARSED.get(Path(os.path.realpath(path)))
    if entry is None or entry[1] != len(data) or entry[2].text != text:
        return None
    return entry[2].module


def remember(path: str, text: str, data: bytes, module: cst.Module) -> None:
    """Keep the linted file ``path``'s parse ``module`` (of ``text``, decoded from ``data``) for a
    later file of the run that imports it (``read_module``), while the file stays as it was read."""
    if len(data) > MAX_LINTED_BYTES:
        return
    try:
        real = Path(os.path.realpath(path))
        st = os.stat(real)
    except (OSError, ValueError):
        return
    if st.st_size != len(data) or not stat.S_ISREG(st.st_mode) or real in _PARSED:
        return
    source = SourceModule(real, text, module, hashlib.sha256(data).hexdigest())
    _keep(_LINTED, MAX_LINTED_BYTES, MAX_LINTED, real, (st.st_mtime_ns, st.st_size, source))


def content_hash(path: str) -> str | None:
    """The SHA-256 of ``path``'s content now, or None when it cannot be read (as a linted file)."""
    try:
        _, data = read_source(path, MAX_BYTES)
    except ReadError:
        return None
    return hashlib.sha256(data).hexdigest()


_IMPORTED = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import|import[ \t]+([A-Za-z_][\w.]*))", re.MULTILINE
)
MAX_GATE_MODULES = 16


def imports_keras_module(text: str, path: Path) -> bool:
    """Whether ``text`` (the source of ``path``, which does not mention Keras itself) imports a
    project module that does: ``train.py`` calling ``build_model()`` of ``models.py``."""
    layout: Layout | None = None
    seen = 0
    for m in _IMPORTED.finditer(text):
        dots, name = (m.group(1) or ""), (m.group(2) or m.group(3) or "")
        if not dots and (not name or is_library(name.split(".")[0])):
            continue
        seen += 1
        if seen > MAX_GATE_MODULES:
            return False
        if layout is None:
            layout = layout_of(path)
        found = find_module(layout, name, len(dots), path)
        if found is not None and _mentions_keras(found):
            return True
    return False


_MENTIONS: dict[Path, tuple[int, int, bool]] = {}  # per process: path -> (mtime, size, mentions Keras)


def _mentions_keras(path: Path) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    kept = _MENTIONS.get(path)
    if kept is not None and kept[0] == st.st_mtime_ns and kept[1] == st.st_size:
        return kept[2]
    try:
        _, data = read_source(str(path), MAX_BYTES)
    except ReadError:
        return False
    if len(_MENTIONS) >= 4096:
        _MENTIONS.clear()
    found = _MENTIONS[path] = (st.st_mtime_ns, st.st_size, mentions_keras(data))
    return found[2]
