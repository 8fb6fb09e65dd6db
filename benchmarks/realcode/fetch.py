"""Fetch a corpus of real, public Keras model code that nobody on this project wrote.

    python benchmarks/realcode/fetch.py [--cache DIR] [--check]

Each package named in ``packages.txt`` (pinned ``name==version``, optionally a glob of the files
to keep) is downloaded with the ordinary package tool (``pip download --no-deps``, wheels only:
nothing of the package is ever built, imported or run) into ``DIR/dl``, unpacked, and the Python
files that import Keras (``keras``, ``tf.keras``, ``tensorflow.keras``, ``tf_keras``) are copied
to ``DIR/files/<package>/<path>``. ``DIR/manifest.json`` records package, version, file and
sha256 of every kept file, so a run can be reproduced and checked (``--check``).

The default cache is ``~/.cache/lstmlint-realcode`` (``LSTMLINT_REALCODE`` overrides it): it
lives outside the repository and is never part of the test run.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = HERE / "packages.txt"
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
    keep: str | None          # glob of the paths inside the wheel to keep; None: every .py file


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
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q",
           f"{pkg.name}=={pkg.version}", "-d", str(dl)]
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
            if name.endswith("_test.py") or "/tests/" in f"/{name}":   # model code, not its tests
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
            rows.append({"package": pkg.name, "version": pkg.version, "file": f"{pkg.name}/{name}",
                         "sha256": hashlib.sha256(data).hexdigest()})
    return rows


def check(cache: Path) -> int:
    manifest = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
    bad = 0
    for row in manifest["files"]:
        path = cache / "files" / row["file"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            print(f"changed or missing: {row['file']}")
            bad += 1
    print(f"{len(manifest['files']) - bad} of {len(manifest['files'])} files match the manifest")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=default_cache())
    ap.add_argument("--check", action="store_true", help="only verify the files against the manifest")
    args = ap.parse_args()
    cache: Path = args.cache
    if args.check:
        return check(cache)
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
