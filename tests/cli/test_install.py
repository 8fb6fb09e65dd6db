"""The README's install lines: `python -m build` makes a wheel that installs into a fresh virtual
environment and whose console script runs (no TensorFlow involved); LICENSE ships with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "NO_COLOR")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _pip(python: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
    )


def _bin(env_dir: Path, name: str) -> Path:
    return env_dir / ("Scripts" if os.name == "nt" else "bin") / name


_NOT_PROJECT = {".git", ".venv", "venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
                ".lstmlint_cache", "build", "dist", "node_modules"}


def _project_files() -> list[str]:
    """The project's files as a fresh clone holds them: git's list in a work tree, otherwise (CI
    works on a plain copy of the tree) every file outside virtual environments and caches."""
    inside = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True)
    if inside.returncode == 0 and Path(inside.stdout.strip()).resolve() == ROOT:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, check=True).stdout
        return [name for name in listed.decode().split("\0") if name]
    names = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if path.is_file() and not any(part in _NOT_PROJECT or part.endswith(".egg-info") for part in rel.parts):
            names.append(rel.as_posix())
    return names


def test_readme_says_exactly_these_install_lines() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in ("pip install .", 'pip install "lstmlint[confirm] @ git+URL"', "python -m build"):
        assert line in readme
    assert "pip install lstmlint " not in readme and "OWNER" not in readme


def test_license_is_mit_and_matches_pyproject() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_wheel_builds_installs_and_runs_in_a_fresh_venv(tmp_path: Path) -> None:
    # a copy of what a clone holds, so the build leaves this working tree untouched
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "lstmlint", src / "lstmlint", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    builder = tmp_path / "build-env"
    venv.create(builder, with_pip=True)
    py = _bin(builder, "python")
    got = _pip(py, "build")
    if got.returncode != 0:
        pytest.skip(f"`build` cannot be installed here: {got.stderr.strip().splitlines()[-1:]}")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [str(py), "-m", "build", "--wheel", "--outdir", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
    )
    if built.returncode != 0 and "Could not find a version" in built.stdout + built.stderr:
        pytest.skip("the build backend cannot be installed here (no package index)")
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = dist.glob("lstmlint-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "lstmlint/cli.py" in names and any(n.endswith("licenses/LICENSE") or n.endswith("/LICENSE") for n in names)

    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=True)
    installed = _pip(_bin(fresh, "python"), str(wheel))
    if installed.returncode != 0 and "No matching distribution" in installed.stderr:
        pytest.skip("the wheel's dependencies (libcst, click, rich) cannot be downloaded here")
    assert installed.returncode == 0, installed.stderr
    project = tmp_path / "project"
    project.mkdir()
    (project / "model.py").write_text(BAD, encoding="utf-8")
    r = subprocess.run(
        [str(_bin(fresh, "lstmlint")), "--format", "concise", "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
    )
    assert r.returncode == 1, r.stderr
    assert r.stdout.splitlines()[0] == "model.py:5:5: LST101 `LSTM` needs a 3-D input (batch, time, features), got 2-D"
    # the lint path never needs TensorFlow: it is not installed in the fresh environment
    probe = subprocess.run(
        [str(_bin(fresh, "python")), "-c", "import tensorflow"], capture_output=True, timeout=60, env=_env()
    )
    assert probe.returncode != 0
    assert sys.prefix != str(fresh)

    # the README's git line, pinned to a commit: `pip install "lstmlint[confirm] @ git+URL@COMMIT"`
    # (--no-deps: the [confirm] extra would bring TensorFlow, which is not what is tested here)
    if shutil.which("git") is None:
        return
    ident = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=src, check=True)
    subprocess.run(["git", *ident, "add", "-A"], cwd=src, check=True)
    subprocess.run(["git", *ident, "commit", "-q", "-m", "snapshot"], cwd=src, check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=src, check=True, capture_output=True, text=True
    ).stdout.strip()
    from_git = _pip(
        _bin(fresh, "python"),
        "--force-reinstall",
        "--no-deps",
        f"lstmlint[confirm] @ git+file://localhost{src.as_posix()}@{commit}",
    )
    assert from_git.returncode == 0, from_git.stderr
    r = subprocess.run(
        [str(_bin(fresh, "lstmlint")), "--format", "concise", "-q", "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
    )
    assert r.returncode == 1 and r.stdout.startswith("model.py:5:5: LST101"), r.stderr


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_readme_quick_start_command_works_in_a_fresh_clone(tmp_path: Path) -> None:
    """The first quick-start command of the README, copied as written, in a fresh clone."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_readme import quick_start_commands

    command = quick_start_commands()[0]
    clone = tmp_path / "clone"
    for name in _project_files():
        src = ROOT / name
        if src.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / name)
    env = _env()
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if "/.venv/" not in p + "/")
    r = subprocess.run(["bash", "-c", command], cwd=clone, capture_output=True, text=True, timeout=600, env=env)
    if r.returncode not in (0, 1) and "No matching distribution" in r.stdout + r.stderr:
        pytest.skip("lstmlint's dependencies cannot be downloaded here")
    assert r.returncode == 1, r.stdout[-2000:] + r.stderr[-2000:]     # fixtures/bad/ holds the mistakes
    assert "fixtures/bad/" in r.stdout and "error[LST101]" in r.stdout
    assert "fixtures/clean/" not in r.stdout and "fixtures/fixed/" not in r.stdout.split("Found")[0]
