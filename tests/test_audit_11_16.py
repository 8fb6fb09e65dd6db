"""Audit of issues 11 (Keras 2 and Keras 3) and 16 (linter conventions): what their "Done when"
asks that no other test showed through the installed console script, as a user runs it.

* issue 11's own first example (``k2.py``): clean under ``auto`` (the file imports ``tf_keras``),
  ``--verbose`` saying why; under ``--keras-version 3`` exactly the two findings the issue
  quotes; ``--keras-version 3 --fix --unsafe-fixes`` leaves a file Keras 3 builds (Keras tier);
* ``tf.keras`` in a project that pins TensorFlow 2.15: judged by Keras 2 through the script;
* nested and global (``core.excludesFile``) git ignores through the script;
* the README's sample finding is what lstmlint prints for that fixture today;
* no install line in the README or docs/ that a fresh environment cannot run (the package is
  not published: ``pip install lstmlint`` and ``pip install "lstmlint[...]"`` both fail there).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).with_name("lstmlint")

# issue 11's example: both lines build in Keras 2 (tf_keras); Keras 3 refuses both
K2 = """\
import tf_keras as keras
from tf_keras import layers

model = keras.Sequential()
model.add(layers.LSTM(16, batch_input_shape=(8, 10, 3)))
model.add(layers.Dense(1))
inp = keras.Input(shape=7)
out = layers.Dense(3)(inp)
"""


def script(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    if not SCRIPT.exists():
        pytest.skip("the lstmlint console script is not installed next to this Python")
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    base.update(env or {})
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=base)


# ------------------------------------------------------------------ issue 11 through the script
def test_issue_11_example_is_clean_under_auto_and_verbose_says_why(tmp_path: Path) -> None:
    (tmp_path / "k2.py").write_text(K2, encoding="utf-8")
    r = script("--no-cache", "--isolated", "-v", "k2.py", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No shape problems found in 1 file." in r.stdout
    assert "k2.py: judged by Keras 2: the file imports `tf_keras`, which only Keras 2 has" in r.stderr


def test_issue_11_example_under_keras_3_gets_the_findings_the_issue_quotes(tmp_path: Path) -> None:
    (tmp_path / "k2.py").write_text(K2, encoding="utf-8")
    r = script("--no-cache", "--isolated", "--keras-version", "3", "--format", "concise", "-q", "k2.py", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    errors = [line for line in r.stdout.splitlines() if " LST405 " not in line]
    assert errors == [
        "k2.py:5:11: LST108 `LSTM` does not accept `batch_input_shape` in Keras 3",
        "k2.py:7:7: LST107 `Input` needs a tuple `shape`, got 7",
    ]


def test_issue_11_example_migrated_by_the_script(tmp_path: Path) -> None:
    program = tmp_path / "k2.py"
    program.write_text(K2, encoding="utf-8")
    fixed = script("--no-cache", "--isolated", "--keras-version", "3", "--fix", "--unsafe-fixes", "k2.py", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    text = program.read_text(encoding="utf-8")
    assert "tf_keras" not in text and "batch_input_shape" not in text
    assert "Input(batch_shape=(8, 10, 3))" in text and "Input(shape=(7,))" in text
    again = script("--no-cache", "--isolated", "--keras-version", "3", "k2.py", cwd=tmp_path)
    assert again.returncode == 0 and "No shape problems found" in again.stdout, again.stdout


@pytest.mark.keras
def test_issue_11_example_builds_in_tf_keras_and_its_migration_in_keras3(tmp_path: Path) -> None:
    pytest.importorskip("tf_keras")
    pytest.importorskip("keras")
    from program_runs import run_program

    original = run_program(K2, str(tmp_path / "k2.py"))
    assert not original.raised, f"tf_keras: {original.error_type}: {original.error_text}"
    program = tmp_path / "k2_migrated.py"
    program.write_text(K2, encoding="utf-8")
    fixed = script(
        "--no-cache", "--isolated", "--keras-version", "3", "--fix", "--unsafe-fixes", program.name, cwd=tmp_path
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    migrated = run_program(program.read_text(encoding="utf-8"), str(program))
    assert not migrated.raised, f"Keras 3: {migrated.error_type}: {migrated.error_text}"
    unmigrated = run_program(K2.replace("tf_keras", "keras"), str(tmp_path / "k2_unmigrated.py"))
    assert unmigrated.raised, "Keras 3 builds the Keras 2 program without the migration"


def test_tf_keras_in_a_project_pinning_tensorflow_215_through_the_script(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("tensorflow==2.15.1\n", encoding="utf-8")
    (tmp_path / "train.py").write_text(
        textwrap.dedent("""\
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.LSTM(4, batch_input_shape=(8, 6, 2)), tf.keras.layers.LSTM(2)])
            inp = tf.keras.Input(shape=7)
        """),
        encoding="utf-8",
    )
    r = script("--no-cache", "-v", "--format", "concise", "-q", "train.py", cwd=tmp_path)
    # Keras 2 builds the first LSTM and Input(shape=7); the stacked LSTM is still a shape bug
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "train.py:2:84: LST101 `LSTM` needs a 3-D input (batch, time, features), got 2-D"
    ], r.stdout
    assert "train.py: judged by Keras 2: requirements.txt pins `tensorflow==2.15.1`: Keras 2" in r.stderr


# ------------------------------------------------------------------ issue 16 through the script
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_nested_and_global_git_ignores_through_the_script(tmp_path: Path) -> None:
    bad = "import keras\nx = keras.layers.LSTM(4)(keras.Input(shape=(5,)))\n"
    home = tmp_path / "home"
    home.mkdir()
    (home / "global-ignore").write_text("scratch_*.py\n", encoding="utf-8")
    (home / ".gitconfig").write_text(f"[core]\n\texcludesFile = {home / 'global-ignore'}\n", encoding="utf-8")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1"}
    work = tmp_path / "work"
    for name in ("keep.py", "scratch_1.py", "pkg/keep.py", "pkg/gen/out.py", "pkg/nested.py"):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(bad, encoding="utf-8")
    (work / "pkg" / ".gitignore").write_text("gen/\nnested.py\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=dict(os.environ, **env))
    env.pop("GIT_CONFIG_GLOBAL", None)
    r = script("--no-cache", "--isolated", "--format", "concise", "-q", ".", cwd=work, env=env)
    assert sorted(line.split(":")[0] for line in r.stdout.splitlines()) == ["keep.py", "pkg/keep.py"], r.stdout
    r = script(
        "--no-cache", "--isolated", "--format", "concise", "-q", "--no-respect-gitignore", ".", cwd=work, env=env
    )
    assert sorted(line.split(":")[0] for line in r.stdout.splitlines()) == [
        "keep.py",
        "pkg/gen/out.py",
        "pkg/keep.py",
        "pkg/nested.py",
        "scratch_1.py",
    ], r.stdout


def test_json_sarif_and_wrapped_help_through_the_script(tmp_path: Path) -> None:
    (tmp_path / "cat.py").write_text(
        "import keras\nfrom keras import layers\na = keras.Input(shape=(20, 6))\n"
        "a_branch_with_a_rather_long_name = layers.LSTM(32)(a)\n"
        "c = layers.Concatenate()([a, a_branch_with_a_rather_long_name])\n",
        encoding="utf-8",
    )
    [item] = json.loads(script("--no-cache", "--format", "json", "cat.py", cwd=tmp_path).stdout)
    assert item["name"] == "concatenate-shape-mismatch"
    assert item["url"].endswith("/docs/rules/LST112.md")
    assert "different ranks (3-D, 2-D): (None, 20, 6) and (None, 32)" in item["message"]
    log = json.loads(script("--no-cache", "--format", "sarif", "cat.py", cwd=tmp_path).stdout)
    assert [res["ruleId"] for res in log["runs"][0]["results"]] == ["LST112"]
    [rule] = [r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "LST112"]
    assert rule["helpUri"].endswith("/docs/rules/LST112.md")
    out = script("--no-cache", "cat.py", cwd=tmp_path, env={"COLUMNS": "60"}).stdout
    tail = [line for line in out.splitlines() if not line.startswith("cat.py:") and "|" not in line]
    assert any("= help:" in line for line in tail), out
    assert all(len(line) <= 60 or line.strip().startswith("= docs: https://") for line in tail), out


# ------------------------------------------------------------------ the README and docs
def test_readme_sample_finding_is_what_lstmlint_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ lstmlint fixtures/bad/seed000_skip_add.py\n"
    sample = readme.split("```text\n" + command, 1)[1].split("```", 1)[0]
    r = script("--no-cache", "fixtures/bad/seed000_skip_add.py", cwd=ROOT, env={"COLUMNS": "100"})
    assert r.returncode == 1
    assert r.stdout == sample


_UNPUBLISHED = re.compile(r"""pip install\s+(?:lstmlint\b|["']lstmlint\[[^\]]*\]["'](?!\s*@))""")


def test_no_install_line_needs_the_package_index() -> None:
    # lstmlint is not on PyPI: every install line names a clone, a wheel or a git URL
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]
    bad = [
        f"{page.relative_to(ROOT)}:{n}: {line.strip()}"
        for page in pages
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if _UNPUBLISHED.search(line)
    ]
    assert bad == []


# ------------------------------------------------------------------ Keras 1 layer classes
KERAS1_LAYERS = """\
import keras
from keras import layers
from keras.layers import Highway
seq = keras.Input(shape=(10, 3))
a = layers.AtrousConvolution1D(4, 3, atrous_rate=2)(seq)
b = layers.TimeDistributedDense(5)(seq)
c = Highway()(keras.Input(shape=(8,)))
d = layers.Deconvolution2D(4, 3)(keras.Input(shape=(8, 8, 3)))
e = layers.Convolution2D(4, 3)(keras.Input(shape=(8, 8, 3)))
"""


def _codes(text: str, version: str) -> list[tuple[int, str]]:
    from lstmlint.api import lint_source
    from lstmlint.settings import Options

    result = lint_source(text, "model.py", Options(keras_version=version))
    assert result.internal_error is None, result.internal_error
    return [(d.span.line, str(d.code)) for d in result.diagnostics]


def test_keras1_layer_classes_are_reported_under_keras3_only() -> None:
    assert _codes(KERAS1_LAYERS, "3") == [(5, "LST403"), (6, "LST403"), (7, "LST403"), (8, "LST403")]
    # `Convolution2D` is still a Keras 3 alias of `Conv2D`; under Keras 2 nothing is guessed
    assert _codes(KERAS1_LAYERS, "2") == []


def test_keras1_layer_class_help_names_the_keras3_class() -> None:
    from lstmlint.api import lint_source
    from lstmlint.settings import Options

    result = lint_source(KERAS1_LAYERS, "model.py", Options(keras_version="3"))
    helps = [d.help or "" for d in result.diagnostics]
    assert "`Conv1D` with `dilation_rate=`" in helps[0] and "`Conv2DTranspose`" in helps[3]
    assert result.diagnostics[0].message == "`AtrousConvolution1D` is a Keras 1 layer: Keras 3 does not have it"


def test_a_class_of_the_same_name_that_is_not_keras_is_not_reported() -> None:
    text = (
        "import keras\nfrom keras import layers\nfrom .blocks import TimeDistributedDense\n\n\n"
        "class Highway(layers.Layer):\n    def call(self, x):\n        return x\n\n\n"
        "c = Highway()(keras.Input(shape=(8,)))\nd = TimeDistributedDense(3)(keras.Input(shape=(4, 8)))\n"
    )
    assert _codes(text, "3") == []


@pytest.mark.keras
def test_no_keras_has_the_keras1_layer_classes() -> None:
    keras = pytest.importorskip("keras")
    tf_keras = pytest.importorskip("tf_keras")
    from lstmlint.layers.migration import KERAS1_LAYERS as NAMES

    for name in NAMES:
        assert not hasattr(keras.layers, name) and not hasattr(tf_keras.layers, name), name
    assert hasattr(keras.layers, "Convolution2D") and hasattr(keras.layers, "Convolution1D")


def test_readme_build_line_works_in_a_fresh_environment() -> None:
    # a fresh virtual environment has no `build` module: the line installs it before using it
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [line] = [line for line in readme.splitlines() if "python -m build" in line]
    assert line.startswith("pip install build && python -m build"), line
