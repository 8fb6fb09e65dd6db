"""Which Keras a file runs on: Keras 2 (``tf_keras``, TensorFlow <= 2.15) or Keras 3.

``keras-version = "auto"`` decides per file, in this order, and keeps the reason for
``--verbose``:

1. the file itself: a ``# lstmlint: keras-version = 2`` (or 3) comment, ``import tf_keras``,
   a module only Keras 2 has (``keras.engine``,
   ``keras.layers.recurrent``, ``tensorflow.python.keras``, ...), or
   ``os.environ["TF_USE_LEGACY_KERAS"] = "1"``;
2. the project's pins, in the dependency files found in the file's folder and its parents
   up to the project root (a folder with ``.git``, ``pyproject.toml``, ``setup.py`` or
   ``setup.cfg``): ``tensorflow<2.16``, ``tensorflow==2.15.*``, ``keras<3``, ``tf-keras``;
3. otherwise Keras 3.

Only text is read: nothing is imported or run. The pins are matched with a small reader of
PEP 440 specifiers (``<``, ``<=``, ``==``, ``~=``, ``===``, wildcards), enough to tell
whether every version a pin admits is older than the first Keras 3 release.
"""

from __future__ import annotations

import enum
import fnmatch
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


class KerasVersion(enum.StrEnum):
    KERAS2 = "2"
    KERAS3 = "3"


@dataclass(frozen=True)
class Target:
    """The Keras a file is judged by, and why (``--verbose`` prints the reason)."""

    version: KerasVersion
    reason: str


DEFAULT = Target(KerasVersion.KERAS3, "no sign of Keras 2 in the file or the project's pins: Keras 3")

# top-level modules that exist only in Keras 2 (checked against keras 3.15 and tf_keras 2.21)
KERAS2_MODULES = (
    "tf_keras",
    "tensorflow.python.keras",
    "keras.engine",
    "keras.layers.recurrent",
    "keras.layers.convolutional",
    "keras.layers.merge",
    "keras.layers.core",
    "keras.layers.wrappers",
    "keras.layers.embeddings",
    "keras.layers.normalization",
    "keras.layers.pooling",
    "keras.layers.noise",
    "keras.layers.local",
    "keras.layers.advanced_activations",
    "keras.layers.cudnn_recurrent",
    "keras.layers.experimental",
    "keras.wrappers.scikit_learn",
    "keras.utils.np_utils",
    "keras.utils.vis_utils",
    "keras.utils.generic_utils",
    "keras.utils.data_utils",
    "keras.utils.layer_utils",
    "keras.preprocessing.text",
    "tensorflow.keras.layers.experimental",
)

_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))", re.M)
# a comment of the file's own: ``# lstmlint: keras-version = 3`` (read under ``auto`` only)
_DIRECTIVE = re.compile(r"""^[ \t]*#[ \t]*lstmlint:[ \t]*keras-version[ \t]*=[ \t]*["']?([23])["']?[ \t]*$""", re.M)
_LEGACY_ENV = re.compile(
    r"""(?:environ\s*\[\s*['"]TF_USE_LEGACY_KERAS['"]\s*\]\s*=|"""
    r"""(?:putenv|environ\.setdefault)\s*\(\s*['"]TF_USE_LEGACY_KERAS['"]\s*,)\s*['"](?:1|true|True)['"]"""
)

PIN_FILES = (
    "requirements.txt",
    "requirements.in",
    "constraints.txt",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "environment.yml",
    "environment.yaml",
    "Pipfile",
)
_PIN_GLOBS = ("requirements*.txt", "requirements*.in", "constraints*.txt", "requirements/*.txt")
_ROOT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")
_MAX_PIN_BYTES = 1 << 20

# a requirement: a name, then an optional specifier list (quotes from TOML/setup.py allowed around it)
_REQUIREMENT = re.compile(
    r"""(?<![\w.-])(tensorflow[-_]cpu|tensorflow[-_]gpu|tensorflow[-_]macos|tensorflow|tf[-_]keras|keras)(?![\w-])"""
    r"""(?:\[[^\]]*\])?\s*((?:(?:===|==|~=|!=|<=|>=|<|>)\s*[\w.*+!-]+\s*,?\s*)*)""",
    re.I,
)
_CLAUSE = re.compile(r"(===|==|~=|!=|<=|>=|<|>|~|\^)\s*([\w.*+!-]+)")  # ~ and ^: Poetry's forms


def detect(text: str, path: Path | None, setting: str = "auto") -> Target:
    """The Keras ``text`` (the source of ``path``) is judged by under ``setting``."""
    if setting in ("2", "3"):
        return Target(KerasVersion(setting), f"keras-version = {setting} in the configuration or on the command line")
    found = from_source(text)
    if found is not None:
        return found
    if path is not None:
        pinned = from_project(path.resolve().parent)
        if pinned is not None:
            return pinned
    return DEFAULT


def from_source(text: str) -> Target | None:
    """The file's own word: a ``# lstmlint: keras-version = N`` comment, else Keras 2 when its
    imports or environment say so; None when undecided."""
    declared = _DIRECTIVE.search(text) if "keras-version" in text else None
    if declared is not None:
        version = declared.group(1)
        return Target(KerasVersion(version), f"the file says `# lstmlint: keras-version = {version}`")
    if "TF_USE_LEGACY_KERAS" in text and _LEGACY_ENV.search(text):  # the substring test is 20x cheaper
        return Target(KerasVersion.KERAS2, 'the file sets TF_USE_LEGACY_KERAS = "1": Keras 2 (tf_keras)')
    shim = "__version__" in text
    for module, start in _imported_modules(text):
        for old in KERAS2_MODULES:
            if module == old or module.startswith(old + "."):
                if shim and _under_version_branch(text, start):
                    continue
                return Target(KerasVersion.KERAS2, f"the file imports `{module}`, which only Keras 2 has")
    return None


def _under_version_branch(text: str, start: int) -> bool:
    """Whether the import at ``start`` is indented directly under an ``if``/``elif``/``else``
    line, in a file that tests a library's ``__version__``: a module choosing its imports by the
    installed version (keras-lmu: ``if tf_version < version.parse("2.9.0rc0"): from
    keras.layers.recurrent import ...``) supports both Kerases, and such an import is no sign of
    Keras 2 (``interp/overlays/versions.py`` decides the branch by the target)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    indent = len(line) - len(line.lstrip(" \t"))
    if indent == 0:
        return False
    end = line_start - 1
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        prev = text[begin:end]
        stripped = prev.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            if len(prev) - len(stripped) < indent:
                return stripped.startswith(("if ", "elif ", "else:", "else :"))
        end = begin - 1
    return False


def _imported_modules(text: str) -> Iterator[tuple[str, int]]:
    """Each imported module, with where its import statement starts: ``_IMPORT``'s matches, in
    order. A match starts a line (``^``) and ends on it, and holds ``import``: only the lines
    holding that word are tried, found by ``str.find`` (``finditer`` would try the pattern at
    every position of the file, a few times slower)."""
    at = text.find("import")
    while at >= 0:
        m = _IMPORT.match(text, text.rfind("\n", 0, at) + 1)
        if m is not None:
            if m.group(1):
                yield m.group(1), m.start()
            else:
                for part in m.group(2).split(","):
                    yield part.strip(), m.start()
        end = text.find("\n", at)
        at = text.find("import", end) if end >= 0 else -1


_project_cache: dict[Path, Target | None] = {}
# one folder's own verdict: (Keras 2 pin found there or None, the folder is a project root)
_folder_cache: dict[Path, tuple[Target | None, bool]] = {}


def from_project(folder: Path) -> Target | None:
    """Keras 2 when the dependency files above ``folder`` pin it, else None (undecided)."""
    if folder in _project_cache:
        return _project_cache[folder]
    result: Target | None = None
    for current in (folder, *folder.parents):
        found, root = _folder_verdict(current)
        if found is not None:
            result = found
            break
        if root:
            break
    _project_cache[folder] = result
    return result


def is_pin_file_name(name: str) -> bool:
    """Whether a file of this name may pin the Keras version (``requirements-dev.txt``, ...)."""
    return name in PIN_FILES or any(fnmatch.fnmatchcase(name, pattern.rsplit("/", 1)[-1]) for pattern in _PIN_GLOBS)


def clear_cache() -> None:
    _project_cache.clear()
    _folder_cache.clear()


def _folder_verdict(current: Path) -> tuple[Target | None, bool]:
    """The Keras 2 pin in ``current``'s own dependency files (the first found), and whether
    ``current`` is a project root; each folder is read once (many files share its parents)."""
    cached = _folder_cache.get(current)
    if cached is None:
        found: Target | None = None
        for candidate in _pin_files_in(current):
            found = _judge_pin_file(candidate)
            if found is not None:
                break
        cached = (found, any(_exists(current / marker) for marker in _ROOT_MARKERS))
        _folder_cache[current] = cached
    return cached


def _pin_files_in(current: Path) -> Iterator[Path]:
    names: list[Path] = [current / name for name in PIN_FILES]
    for pattern in _PIN_GLOBS:
        try:
            names.extend(sorted(current.glob(pattern)))
        except OSError:
            continue
    seen: set[Path] = set()
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        try:
            if name.is_file():
                yield name
        except OSError:
            continue


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _judge_pin_file(path: Path) -> Target | None:
    try:
        with path.open("rb") as handle:
            text = handle.read(_MAX_PIN_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    for name, spec, optional in _pins_of(path.name, text):
        if optional and name.replace("_", "-") == "tf-keras":
            # installing tf-keras changes neither `import keras` nor `tf.keras` on TensorFlow
            # >= 2.16; listed only among extras or development groups it says that the project
            # also meets Keras 2 (in its tests, say), not that its code runs on it
            continue
        verdict = judge_requirement(name, spec)
        if verdict:
            shown = f"{name}{spec}" if spec else name
            return Target(KerasVersion.KERAS2, f"{path.name} pins `{shown}`: Keras 2")
    return None


def _pins_of(filename: str, text: str) -> Iterator[tuple[str, str, bool]]:
    """The (name, specifier, optional) pins a dependency file declares, read only where that
    kind of file declares dependencies: ``[mypy-tf_keras.*]`` in setup.cfg or
    ``module = ["tf_keras"]`` in a pyproject's tool table is configuration, not a pin.
    ``optional``: declared among extras or development groups, not the runtime dependencies."""
    if filename in ("pyproject.toml", "Pipfile"):
        yield from _toml_pins(text)
    elif filename == "setup.cfg":
        for optional in (False, True):
            for name, spec in _requirements(_setup_cfg_requirements(text, optional)):
                yield name, spec, optional
    elif filename == "setup.py":
        strings = _STRING.findall(text)
        for name, spec in _requirements("\n".join(a or b for a, b in strings)):
            yield name, spec, False
    else:
        for name, spec in _requirements(text):
            yield name, spec, False


_STRING = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")
_CFG_KEYS = re.compile(r"^(install_requires|extras_require|tests_require|setup_requires|[\w.-]+)\s*=", re.M)


def _setup_cfg_requirements(text: str, extras: bool) -> str:
    """The value of ``install_requires`` (``extras``: of ``[options.extras_require]``) in a setup.cfg."""
    out: list[str] = []
    section, key = "", ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section, key = stripped[1:-1].strip(), ""
            continue
        if line[:1] not in (" ", "\t") and "=" in line:
            key, _, value = line.partition("=")
            key = key.strip()
            line = value
        wanted = section == "options.extras_require" if extras else (section == "options" and key == "install_requires")
        if wanted:
            out.append(line)
    return "\n".join(out)


def _toml_pins(text: str) -> Iterator[tuple[str, str, bool]]:
    """Pins in pyproject.toml (PEP 621, PEP 735 groups, Poetry) or a Pipfile."""
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return
    lists: list[tuple[object, bool]] = []  # (requirement strings, optional)
    tables: list[tuple[object, bool]] = []  # (name -> version table, optional)
    project = doc.get("project")
    if isinstance(project, dict):
        lists.append((project.get("dependencies"), False))
        extras = project.get("optional-dependencies")
        if isinstance(extras, dict):
            lists.extend((v, True) for v in extras.values())
    groups = doc.get("dependency-groups")
    if isinstance(groups, dict):
        lists.extend((v, True) for v in groups.values())
    tool = doc.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        tables += [(poetry.get("dependencies"), False), (poetry.get("dev-dependencies"), True)]
        poetry_groups = poetry.get("group")
        if isinstance(poetry_groups, dict):
            tables += [(g.get("dependencies"), True) for g in poetry_groups.values() if isinstance(g, dict)]
    tables += [(doc.get("packages"), False), (doc.get("dev-packages"), True)]  # Pipfile
    for items, optional in lists:
        if isinstance(items, list):
            for name, spec in _requirements("\n".join(i for i in items if isinstance(i, str))):
                yield name, spec, optional
    for table, optional in tables:
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            if isinstance(value, dict):
                value = value.get("version", "")
            if isinstance(name, str) and isinstance(value, str) and _TOML_NAME.fullmatch(name):
                spec = value.strip()
                if spec[:1].isdigit():
                    spec = "==" + spec  # Poetry: a bare version is an exact pin
                yield name.lower(), "" if spec == "*" else spec, optional


_TOML_NAME = re.compile(r"tensorflow[\w-]*|keras|tf[-_]keras", re.I)


def _requirements(text: str) -> Iterator[tuple[str, str]]:
    """The pins in requirement lines (``tensorflow==2.15.*``, ``tf-keras``), comments dropped."""
    for line in text.splitlines():
        stripped = line.split("#", 1)[0]
        if not stripped.strip():
            continue
        for m in _REQUIREMENT.finditer(stripped):
            yield m.group(1).lower(), re.sub(r"\s+", "", m.group(2)).rstrip(",")


def judge_requirement(name: str, spec: str) -> bool:
    """Does the requirement ``name spec`` admit only Keras 2?"""
    name = name.lower().replace("_", "-")
    if name == "tf-keras":
        return True
    if name == "keras":
        return below(spec, (3,))
    if name.startswith("tensorflow"):
        return below(spec, (2, 16))
    return False


def below(spec: str, limit: tuple[int, ...]) -> bool:
    """True when every version ``spec`` admits is older than ``limit``."""
    clauses = _CLAUSE.findall(spec)
    return any(_clause_below(op, version, limit) for op, version in clauses)


def _clause_below(op: str, version: str, limit: tuple[int, ...]) -> bool:
    wildcard = version.endswith(".*")
    parts = _release(version.removesuffix(".*"))
    if parts is None:
        return False
    if op in ("==", "==="):
        if wildcard:  # ==2.15.* admits 2.15.x only: below 2.16; ==2.* admits 2.16 too
            return _cmp(_bump(parts), limit) <= 0
        return _cmp(parts, limit) < 0
    if op == "<":
        return _cmp(parts, limit) <= 0
    if op == "<=":
        return _cmp(parts, limit) < 0
    if op == "~=":
        if len(parts) < 2:
            return False
        return _cmp(_bump(parts[:-1]), limit) <= 0
    if op == "~":  # Poetry: ~2.15 is >=2.15,<2.16; ~2 is >=2,<3
        return _cmp(_bump(parts[:2]), limit) <= 0
    if op == "^":  # Poetry: ^2.15 is >=2.15,<3 (the first non-zero part may not change)
        nonzero = next((i for i, p in enumerate(parts) if p), len(parts) - 1)
        return _cmp(_bump(parts[: nonzero + 1]), limit) <= 0
    return False


def _release(version: str) -> tuple[int, ...] | None:
    m = re.match(r"^v?(\d+(?:\.\d+)*)", version)
    if not m:
        return None
    return tuple(int(p) for p in m.group(1).split("."))


def _bump(parts: tuple[int, ...]) -> tuple[int, ...]:
    """The first version after every release that starts with ``parts``."""
    return (*parts[:-1], parts[-1] + 1)


def _cmp(a: Iterable[int], b: Iterable[int]) -> int:
    x, y = list(a), list(b)
    n = max(len(x), len(y))
    x += [0] * (n - len(x))
    y += [0] * (n - len(y))
    return (x > y) - (x < y)
