"""Fetch a corpus of real, public Keras model code that nobody on this project wrote.

    python benchmarks/realcode/fetch.py [--cache DIR] [--check]            # library corpus
    python benchmarks/realcode/fetch.py --scripts [--cache DIR] [--check]  # script corpus

Each package named in ``packages.txt`` (pinned ``name==version``, optionally a glob of the files
to keep) is downloaded with the ordinary package tool (``pip download --no-deps``, wheels only:
nothing of the package is ever built, imported or run) into ``DIR/dl``, unpacked, and the Python
files that import Keras (``keras``, ``tf.keras``, ``tensorflow.keras``, ``tf_keras``) are copied
to ``DIR/files/<package>/<path>``. ``DIR/manifest.json`` records package, version, file and
sha256 of every kept file, so a run can be reproduced and checked (``--check``).

The default cache is ``~/.cache/lstmlint-realcode`` (``LSTMLINT_REALCODE`` overrides it): it
lives outside the repository and is never part of the test run.

``--scripts`` builds the SCRIPT corpus instead (example and tutorial programs, the code users
write): each ``name==version glob keras=N [kind=test]`` line of ``scripts.txt`` names a source
distribution (``kind=test``: model code of a test suite rather than an example program).
Its file is found on the package index (PEP 691 JSON), downloaded with plain HTTP into ``DIR/dl``
(never ``pip download``, which would run ``setup.py``; a file whose sha256 already matches the
index is not downloaded again), checked against the index's sha256, and only its regular ``.py``
members matching the glob are read (no absolute paths, no ``..``, no links, size caps; nothing is
unpacked to disk except the kept files). A file is kept when it imports Keras and builds a model;
files with the same content are kept once, and when a path appears in several versions of a
package only the newest version's file is kept. ``DIR/files/<package>/<path>`` and
``DIR/manifest.json`` (package, version, file, sha256, keras target ``"2"`` or ``"3"``, kind) are
written; the manifest atomically. Default cache ``~/.cache/lstmlint-scripts``
(``LSTMLINT_SCRIPTS`` overrides it).

Beside the kept files, each sdist's own importable modules (every ``.py`` file of a package
folder, i.e. one holding an ``__init__.py``, and a top-level ``setup.py`` that marks the project
root) are extracted under the same rules and listed in the manifest's ``"support"`` rows
(``"role": "support"``): the kept programs import them (``from kapre import STFT``), and the
linter follows them (cross-module analysis), but ``report.py`` never lints or counts them.
Packages the linter models itself (``keras``, ``tensorflow``) are not extracted.
``--scripts --support`` adds them to an existing corpus from the sdists in ``DIR/dl``, without
changing or removing a kept file. An sdist whose package modules import a module of their own
packages that it lacks gets the missing modules from the pure-Python wheel of the same pinned
version (fetched from the index, sha256-checked; rows marked ``"from": "<wheel>"``): the only
network access of ``--support``.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

HERE = Path(__file__).resolve().parent
PACKAGES = HERE / "packages.txt"
SCRIPTS = HERE / "scripts.txt"
INDEX = "https://pypi.org/simple/"
MAX_SDIST = 60 * 1024 * 1024  # bytes of one source distribution
MAX_MEMBER = 512 * 1024  # bytes of one kept file
MAX_MEMBERS = 50_000  # members of one archive looked at
KERAS_IMPORT = re.compile(
    r"^\s*(?:from|import)\s+(?:keras\b|tf_keras\b|tensorflow\.keras\b|tensorflow\.python\.keras\b)"
    r"|\btf\.keras\.|^\s*from\s+tensorflow\s+import\s+keras\b",
    re.MULTILINE,
)


def default_cache() -> Path:
    return Path(os.environ.get("LSTMLINT_REALCODE") or Path.home() / ".cache" / "lstmlint-realcode")


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    keep: str | None  # glob of the paths inside the wheel to keep; None: every .py file


def read_packages(path: Path = PACKAGES) -> list[Package]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        name, _, version = parts[0].partition("==")
        if not version:
            raise SystemExit(f"{path}: pin a version: {raw!r}")
        out.append(Package(name, version, parts[1] if len(parts) > 1 else None))
    return out


def wheel_for(pkg: Package, dl: Path) -> Path | None:
    stem = pkg.name.replace("-", "_").lower()
    for candidate in sorted(dl.glob("*.whl")):
        name, version = candidate.name.split("-")[:2]
        if name.lower() == stem and version == pkg.version:
            return candidate
    return None


def download(pkg: Package, dl: Path) -> Path | None:
    found = wheel_for(pkg, dl)
    if found is not None:
        return found
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "-q",
        f"{pkg.name}=={pkg.version}",
        "-d",
        str(dl),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        last = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR")][-1:]
        print(f"  {pkg.name}=={pkg.version}: download failed: {' '.join(last) or proc.returncode}", file=sys.stderr)
        return None
    return wheel_for(pkg, dl)


def imports_keras(text: str) -> bool:
    return bool(KERAS_IMPORT.search(text))


def extract(pkg: Package, wheel: Path, files: Path) -> list[dict[str, str]]:
    """Copy the wheel's Keras-importing ``.py`` files to ``files/<package>/``; their manifest rows."""
    rows = []
    dest_root = files / pkg.name
    with zipfile.ZipFile(wheel) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            name = info.filename
            if not name.endswith(".py") or ".dist-info/" in name or ".data/" in name:
                continue
            if name.endswith("_test.py") or "/tests/" in f"/{name}":  # model code, not its tests
                continue
            if pkg.keep is not None and not fnmatch.fnmatchcase(name, pkg.keep):
                continue
            data = zf.read(info)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not imports_keras(text):
                continue
            dest = dest_root / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            rows.append(
                {
                    "package": pkg.name,
                    "version": pkg.version,
                    "file": f"{pkg.name}/{name}",
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    return rows


# ------------------------------------------------------------------ the script corpus
BUILDS_MODEL = re.compile(
    r"\b(?:Sequential|Model)\s*\(|\bmodel\.add\s*\(|\.compile\s*\(|\bkeras\.Model\b|\bclass\s+\w+\s*\([^)]*Model\)"
)


def scripts_cache() -> Path:
    return Path(os.environ.get("LSTMLINT_SCRIPTS") or Path.home() / ".cache" / "lstmlint-scripts")


@dataclass(frozen=True)
class Sdist:
    name: str
    version: str
    keep: str  # glob of the member paths (below the archive's top folder) to keep
    keras: str  # "2" or "3": the Keras its code was written for
    kind: str = "example"  # "example" (a program, tutorial, example) or "test" (a test suite's model code)


def read_scripts(path: Path = SCRIPTS) -> list[Sdist]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        name, _, version = parts[0].partition("==")
        opts = dict(p.split("=", 1) for p in parts[2:] if "=" in p)
        keras = opts.get("keras", "")
        kind = opts.get("kind", "example")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) or not re.fullmatch(r"[A-Za-z0-9._+!-]+", version):
            raise SystemExit(f"{path}: not a package name and version: {raw!r}")
        if len(parts) < 2 or keras not in ("2", "3") or kind not in ("example", "test"):
            raise SystemExit(f"{path}: want `name==version glob keras=2|3 [kind=example|test]`: {raw!r}")
        out.append(Sdist(name, version, parts[1], keras, kind))
    return out


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"[.+-]", version))


def http_get(url: str, accept: str | None = None, limit: int = MAX_SDIST) -> bytes:
    if not url.startswith("https://"):
        raise ValueError(f"not an https URL: {url!r}")
    req = urllib.request.Request(url, headers={"User-Agent": "lstmlint-realcode-fetch/1"})
    if accept:
        req.add_header("Accept", accept)
    with urllib.request.urlopen(req, timeout=120) as resp:
        data: bytes = resp.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{url}: larger than {limit} bytes")
    return data


def sdist_on_index(sd: Sdist) -> tuple[str, str, str]:
    """``(filename, url, sha256)`` of the source distribution of ``sd`` on the index."""
    data = json.loads(http_get(f"{INDEX}{normalize(sd.name)}/", "application/vnd.pypi.simple.v1+json", 20 << 20))
    for f in data.get("files", []):
        fname = str(f.get("filename", ""))
        for ext in (".tar.gz", ".zip", ".tar.bz2", ".tgz"):
            if fname.endswith(ext):
                stem = fname[: -len(ext)]
                base, _, version = stem.rpartition("-")
                if normalize(base) == normalize(sd.name) and version == sd.version:
                    return _pinned(f, fname)
    raise LookupError(f"{sd.name}=={sd.version}: no source distribution on the index")


def _pinned(f: dict[str, Any], fname: str) -> tuple[str, str, str]:
    """(file name, URL, sha256) of an index entry; an entry without a sha256 is refused."""
    sha = f.get("hashes", {}).get("sha256")
    if not sha:
        raise ValueError(f"{fname}: the index gives no sha256")
    return fname, str(f["url"]), str(sha)


def fetch_sdist(sd: Sdist, dl: Path) -> Path:
    return _download(*sdist_on_index(sd), dl)


def _download(fname: str, url: str, sha: str, dl: Path) -> Path:
    """``url`` saved as ``dl/fname`` (kept when it is there already), checked against ``sha``."""
    if "/" in fname or fname.startswith("."):
        raise ValueError(f"odd file name on the index: {fname!r}")
    dest = dl / fname
    if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == sha:
        return dest
    data = http_get(url)
    got = hashlib.sha256(data).hexdigest()
    if got != sha:
        raise ValueError(f"{fname}: sha256 {got} does not match the index ({sha})")
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, dest)
    time.sleep(0.5)  # polite: one download at a time, with a pause
    return dest


def safe_member(name: str) -> str | None:
    """The member's path below the archive's top folder, or None when it is not a safe relative path."""
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/", 1)[0]:
        return None
    parts = PurePosixPath(name).parts
    if not parts or any(p in ("..", "") for p in parts):
        return None
    return "/".join(parts[1:]) if len(parts) > 1 else None


def sdist_members(archive: Path) -> Iterator[tuple[str, bytes]]:
    """``(path below the top folder, bytes)`` of each regular ``.py`` member, safely read."""
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for i, info in enumerate(zf.infolist()):
                if i >= MAX_MEMBERS:
                    break
                mode = (info.external_attr >> 16) & 0o170000
                if info.is_dir() or mode not in (0, 0o100000) or info.file_size > MAX_MEMBER:
                    continue
                rel = safe_member(info.filename)
                if rel and rel.endswith(".py"):
                    yield rel, zf.read(info)[:MAX_MEMBER]
        return
    with tarfile.open(archive, "r:*") as tf:
        for i, member in enumerate(tf):
            if i >= MAX_MEMBERS:
                break
            if not member.isreg() or member.size > MAX_MEMBER:  # no links, devices, folders
                continue
            rel = safe_member(member.name)
            if not rel or not rel.endswith(".py"):
                continue
            fh = tf.extractfile(member)
            if fh is not None:
                yield rel, fh.read(MAX_MEMBER)


# top-level packages the linter never follows into (it models them itself): not extracted as support
LIBRARY_PACKAGES = frozenset({"keras", "tf_keras", "tensorflow"})
SUPPORT_ROOT_FILES = frozenset({"setup.py"})  # marks the project root, as Python tools find it


def support_members(members: dict[str, bytes]) -> dict[str, bytes]:
    """The package's own importable modules among ``members`` (path below the archive's top
    folder -> bytes): every ``.py`` file in a folder that holds an ``__init__.py`` (a package
    folder, at the top or under ``src/``), plus a top-level ``setup.py``; never a package of a
    library the linter models itself, never a file that is not UTF-8 text."""
    packages = {rel.rpartition("/")[0] for rel in members if rel.endswith("/__init__.py") or rel == "__init__.py"}
    out: dict[str, bytes] = {}
    for rel, data in members.items():
        folder = rel.rpartition("/")[0]
        if rel in SUPPORT_ROOT_FILES:
            pass
        elif not folder or folder not in packages:
            continue
        else:
            parts = folder.split("/")
            top = parts[1] if parts[0] == "src" and len(parts) > 1 else parts[0]
            if top in LIBRARY_PACKAGES:
                continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out[rel] = data
    return out


def is_script(text: str) -> bool:
    return imports_keras(text) and bool(BUILDS_MODEL.search(text))


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def build_scripts(cache: Path, listing: Path = SCRIPTS) -> int:
    dl, files = cache / "dl", cache / "files"
    dl.mkdir(parents=True, exist_ok=True)
    sdists = read_scripts(listing)
    # newest version first, so that a path kept from an older release is only one the newer lacks
    order = sorted(
        range(len(sdists)), key=lambda i: (normalize(sdists[i].name), version_key(sdists[i].version)), reverse=True
    )
    chosen: dict[str, dict[str, str]] = {}  # "<package>/<path>" -> row
    seen: set[str] = set()
    data_of: dict[str, bytes] = {}
    support: dict[str, tuple[dict[str, str], bytes]] = {}  # "<package>/<path>" -> (row, bytes)
    for i in order:
        sd = sdists[i]
        try:
            archive = fetch_sdist(sd, dl)
        except (OSError, ValueError, LookupError) as exc:
            print(f"  {sd.name}=={sd.version}: skipped: {exc}", file=sys.stderr)
            continue
        n = 0
        collect_support(sd, archive, support, dl)
        for rel, data in sdist_members(archive):
            if not fnmatch.fnmatchcase(rel, sd.keep):
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not is_script(text):
                continue
            key = f"{normalize(sd.name)}/{rel}"
            digest = hashlib.sha256(data).hexdigest()
            if key in chosen or digest in seen:
                continue
            seen.add(digest)
            chosen[key] = {
                "package": normalize(sd.name),
                "version": sd.version,
                "file": key,
                "sha256": digest,
                "keras": sd.keras,
                "kind": sd.kind,
            }
            data_of[key] = data
            n += 1
        print(f"  {sd.name}=={sd.version}: {n} scripts")
    rows = [chosen[k] for k in sorted(chosen)]
    support_rows = [support[k][0] for k in sorted(support) if k not in chosen]
    fresh, old = cache / "files.new", cache / "files.old"
    for stale in (fresh, old):
        if stale.exists():
            shutil.rmtree(stale)
    for row in rows:
        dest = fresh / row["file"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data_of[row["file"]])
    for row in support_rows:
        dest = fresh / row["file"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(support[row["file"]][1])
    if files.exists():  # swap the new tree in, so that readers never see a half-written one
        os.replace(files, old)
    os.replace(fresh, files)
    if old.exists():
        shutil.rmtree(old)
    manifest = {
        "packages": [f"{s.name}=={s.version} {s.keep} keras={s.keras} kind={s.kind}" for s in sdists],
        "files": rows,
        "support": support_rows,
    }
    text = json.dumps(manifest, indent=1) + "\n"
    write_atomic(cache / "manifest.json", text)
    write_atomic(HERE / "scripts-manifest.json", repo_copy(manifest))
    lines = sum(len(data_of[r["file"]].splitlines()) for r in rows)
    print(f"{len(rows)} scripts, {lines} lines in {files}; manifest: {cache / 'manifest.json'}")
    print(f"{len(support_rows)} support modules (the packages' own modules, never linted or counted)")
    return 0


def repo_copy(manifest: dict[str, Any]) -> str:
    """The manifest as kept in the repository: the kept files' rows, and of the support modules
    (thousands of rows) only their number and one SHA-256 over their rows."""
    support = manifest.get("support", [])
    digest = hashlib.sha256(json.dumps(support, sort_keys=True).encode()).hexdigest()
    copy = {**manifest, "support": {"modules": len(support), "sha256": digest}}
    return json.dumps(copy, indent=1) + "\n"


def collect_support(
    sd: Sdist, archive: Path, support: dict[str, tuple[dict[str, str], bytes]], dl: Path | None = None
) -> None:
    """Add ``sd``'s own importable modules to ``support`` (a path already there, from a newer
    version of the package, is kept). With ``dl``, when the sdist's package modules import a
    module of their own packages that the sdist lacks (``missing_modules``), the pure-Python
    wheel of the same pinned version is fetched into ``dl`` (its sha256 checked against the
    index, as the sdists are) and the package modules it has and the sdist lacks are added too,
    marked ``"from": "<wheel file name>"``."""
    members = dict(sdist_members(archive))
    own = support_members(members)
    extra: dict[str, bytes] = {}
    origin = ""
    if dl is not None and missing_modules(own):
        try:
            wheel = fetch_wheel(sd, dl)
        except (OSError, ValueError, LookupError) as exc:
            print(f"  {sd.name}=={sd.version}: wheel skipped: {exc}", file=sys.stderr)
            wheel = None
        if wheel is not None:
            origin = wheel.name
            extra = {rel: data for rel, data in wheel_support(wheel, own).items() if rel not in members}
    for rel, data in [*own.items(), *extra.items()]:
        key = f"{normalize(sd.name)}/{rel}"
        if key in support:
            continue
        row = {
            "package": normalize(sd.name),
            "version": sd.version,
            "file": key,
            "sha256": hashlib.sha256(data).hexdigest(),
            "keras": sd.keras,
            "role": "support",
        }
        if rel in extra:
            row["from"] = origin
        support[key] = (row, data)


def _module_of(rel: str) -> tuple[str, bool]:
    """(dotted module name, whether it is a package) of the ``.py`` path ``rel`` (``src/`` dropped)."""
    parts = rel[:-3].split("/")
    if parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _bound_names(tree: ast.Module) -> set[str] | None:
    """The names a module binds at its top level (definitions, assignments, imports, also
    inside top-level ``if``/``try``/``with`` blocks); None when a star import or a module
    ``__getattr__`` (lazy exports) may bind any."""
    out: set[str] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name == "__getattr__":
                return None
            out.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any(a.name == "*" for a in node.names):
                return None
            out.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            for field in ("body", "orelse", "finalbody"):
                stack.extend(getattr(node, field, []))
            for handler in getattr(node, "handlers", []):
                stack.extend(handler.body)
    return out


def missing_modules(own: dict[str, bytes]) -> set[str]:
    """Modules of the sdist's own packages (``own``: path -> bytes, as ``support_members`` gives
    them) that those modules import and the sdist does not hold: ``from .utils import f`` or
    ``import kapre.utils`` without ``kapre/utils.py``, or ``from . import utils`` when the
    package's ``__init__.py`` binds no ``utils``. Never executed: read with ``ast``."""
    modules: dict[str, bool] = dict(_module_of(rel) for rel in own if rel.endswith(".py"))
    trees: dict[str, ast.Module] = {}
    for rel, data in own.items():
        if rel.endswith(".py"):
            try:
                trees[rel] = ast.parse(data)
            except (SyntaxError, ValueError):
                continue
    roots = {name.split(".")[0] for name, package in modules.items() if package and name}
    inits = {_module_of(rel)[0]: tree for rel, tree in trees.items() if rel.endswith("__init__.py")}
    missing: set[str] = set()
    for rel, tree in trees.items():
        name, package = _module_of(rel)
        here = name.split(".") if package else name.split(".")[:-1]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                wanted = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    if node.level - 1 > len(here):
                        continue
                    base = here[: len(here) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                wanted = [target]
                if modules.get(target) is True:  # ``from pkg import x``: a submodule unless pkg binds x
                    bound = _bound_names(inits[target]) if target in inits else set()
                    if bound is not None:
                        wanted += [f"{target}.{a.name}" for a in node.names if a.name != "*" and a.name not in bound]
            else:
                continue
            for module in wanted:
                if module and module.split(".")[0] in roots and module not in modules:
                    missing.add(module)
    return missing


def wheel_on_index(sd: Sdist) -> tuple[str, str, str]:
    """``(filename, url, sha256)`` of the pure-Python wheel (``-none-any``) of ``sd`` on the index."""
    data = json.loads(http_get(f"{INDEX}{normalize(sd.name)}/", "application/vnd.pypi.simple.v1+json", 20 << 20))
    for f in data.get("files", []):
        fname = str(f.get("filename", ""))
        parts = fname[: -len(".whl")].split("-") if fname.endswith(".whl") else []
        if len(parts) >= 5 and normalize(parts[0]) == normalize(sd.name) and parts[1] == sd.version:
            if parts[-2:] == ["none", "any"]:
                return _pinned(f, fname)
    raise LookupError(f"{sd.name}=={sd.version}: no pure-Python wheel on the index")


def fetch_wheel(sd: Sdist, dl: Path) -> Path:
    """The wheel of ``sd``'s pinned version in ``dl``, downloaded and sha256-checked like an sdist."""
    return _download(*wheel_on_index(sd), dl)


def wheel_support(wheel: Path, own: dict[str, bytes]) -> dict[str, bytes]:
    """The package modules of ``wheel`` (safely read, as sdist members are), under the sdist's
    layout: ``src/<pkg>/...`` when the sdist keeps that package under ``src/``."""
    under_src = {rel.split("/")[1] for rel in own if rel.startswith("src/") and rel.count("/") >= 2}
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(wheel) as zf:
        for i, info in enumerate(zf.infolist()):
            if i >= MAX_MEMBERS:
                break
            mode = (info.external_attr >> 16) & 0o170000
            if info.is_dir() or mode not in (0, 0o100000) or info.file_size > MAX_MEMBER:
                continue
            rel = safe_member("wheel/" + info.filename)  # a wheel has no top folder
            if not rel or not rel.endswith(".py") or ".dist-info/" in rel or ".data/" in rel:
                continue
            top = rel.split("/")[0]
            members[f"src/{rel}" if top in under_src else rel] = zf.read(info)[:MAX_MEMBER]
    return support_members(members)


def local_sdist(sd: Sdist, dl: Path) -> Path | None:
    """The source distribution of ``sd`` already in ``dl`` (downloaded and sha-checked by an
    earlier ``--scripts`` run), found by its name and version; None when absent."""
    for path in sorted(dl.iterdir()):
        for ext in (".tar.gz", ".zip", ".tar.bz2", ".tgz"):
            if path.name.endswith(ext) and path.is_file() and not path.is_symlink():
                base, _, version = path.name[: -len(ext)].rpartition("-")
                if normalize(base) == normalize(sd.name) and version == sd.version:
                    return path
    return None


def add_support(cache: Path, listing: Path = SCRIPTS) -> int:
    """``--support``: add the packages' own modules to an existing script corpus, offline, from
    the sdists already in ``DIR/dl``; the kept files are neither changed nor removed."""
    files = cache / "files"
    manifest_path = cache / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    kept = {row["file"] for row in manifest["files"]}
    sdists = read_scripts(listing)
    order = sorted(
        range(len(sdists)), key=lambda i: (normalize(sdists[i].name), version_key(sdists[i].version)), reverse=True
    )
    support: dict[str, tuple[dict[str, str], bytes]] = {}
    for i in order:
        sd = sdists[i]
        archive = local_sdist(sd, cache / "dl")
        if archive is None:
            print(f"  {sd.name}=={sd.version}: no sdist in {cache / 'dl'} (run --scripts first)", file=sys.stderr)
            continue
        collect_support(sd, archive, support, cache / "dl")
    rows = []
    for key in sorted(support):
        if key in kept:
            continue
        row, data = support[key]
        dest = files / key
        if dest.is_symlink() or (dest.exists() and not dest.is_file()):
            continue
        if not dest.is_file() or dest.read_bytes() != data:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".{dest.name}.part")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        rows.append(row)
    manifest["support"] = rows
    text = json.dumps(manifest, indent=1) + "\n"
    write_atomic(manifest_path, text)
    write_atomic(HERE / "scripts-manifest.json", repo_copy(manifest))
    print(f"{len(rows)} support modules added beside {len(kept)} kept files in {files}")
    return 0


def check(cache: Path) -> int:
    manifest = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
    bad = 0
    for row in manifest["files"]:
        path = cache / "files" / row["file"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            print(f"changed or missing: {row['file']}")
            bad += 1
    print(f"{len(manifest['files']) - bad} of {len(manifest['files'])} files match the manifest")
    support = manifest.get("support", [])
    changed = 0
    for row in support if isinstance(support, list) else []:
        path = cache / "files" / row["file"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            print(f"changed or missing support module: {row['file']}")
            changed += 1
    if isinstance(support, list) and support:
        print(f"{len(support) - changed} of {len(support)} support modules match the manifest")
    return 1 if bad or changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="default: ~/.cache/lstmlint-realcode (with --scripts: ~/.cache/lstmlint-scripts)",
    )
    ap.add_argument("--check", action="store_true", help="only verify the files against the manifest")
    ap.add_argument("--scripts", action="store_true", help="the script corpus of scripts.txt (source distributions)")
    ap.add_argument(
        "--support",
        action="store_true",
        help="with --scripts: only add the packages' own modules (role support) from the sdists already downloaded",
    )
    args = ap.parse_args()
    cache: Path = args.cache or (scripts_cache() if args.scripts else default_cache())
    if args.check:
        return check(cache)
    if args.scripts and args.support:
        return add_support(cache)
    if args.scripts:
        return build_scripts(cache)
    dl, files = cache / "dl", cache / "files"
    dl.mkdir(parents=True, exist_ok=True)
    if files.exists():
        shutil.rmtree(files)
    files.mkdir(parents=True)
    rows: list[dict[str, str]] = []
    for pkg in read_packages():
        wheel = download(pkg, dl)
        if wheel is None:
            continue
        got = extract(pkg, wheel, files)
        print(f"  {pkg.name}=={pkg.version}: {len(got)} files")
        rows.extend(got)
    manifest = {"packages": [f"{p.name}=={p.version}" for p in read_packages()], "files": rows}
    for where in (cache / "manifest.json", HERE / "manifest.json"):
        where.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    lines = sum(len((files / r["file"]).read_bytes().splitlines()) for r in rows)
    print(f"{len(rows)} files, {lines} lines in {files}; manifest: {cache / 'manifest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
