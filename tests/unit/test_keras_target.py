"""Which Keras a file is judged by: its imports, its environment, the project's pins."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstmlint.source import keras_target
from lstmlint.source.keras_target import KerasVersion, below, detect, judge_requirement


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    keras_target.clear_cache()


@pytest.mark.parametrize(
    "source",
    [
        "import tf_keras as keras\n",
        "from tf_keras import layers\n",
        "from tf_keras.layers import LSTM\n",
        "from keras.layers.recurrent import LSTM\n",
        "from keras.engine.topology import Layer\n",
        "import keras.utils.np_utils\n",
        "from tensorflow.python.keras.layers import Dense\n",
        "from tensorflow.keras.layers.experimental import preprocessing\n",
        'import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\nimport tensorflow as tf\n',
        "import os\nos.environ['TF_USE_LEGACY_KERAS']='1'\n",
        'os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")\n',
    ],
)
def test_keras2_evidence_in_the_file(source: str) -> None:
    target = detect(source, None)
    assert target.version is KerasVersion.KERAS2
    assert "Keras 2" in target.reason


@pytest.mark.parametrize(
    "source",
    [
        "import keras\nfrom keras import layers\n",
        "import tensorflow as tf\nfrom tensorflow.keras import layers\n",
        "from keras.preprocessing.sequence import pad_sequences\n",  # Keras 3 still has it
        "# import tf_keras\nx = 'from keras.engine import Layer'\n",  # a comment and a string are not imports
        'os.environ["TF_USE_LEGACY_KERAS"] = "0"\n',
    ],
)
def test_keras3_without_evidence(source: str) -> None:
    assert detect(source, None).version is KerasVersion.KERAS3


def test_setting_overrides_auto() -> None:
    assert detect("import tf_keras\n", None, "3").version is KerasVersion.KERAS3
    assert detect("import keras\n", None, "2").version is KerasVersion.KERAS2
    assert "configuration" in detect("import keras\n", None, "2").reason


@pytest.mark.parametrize(
    ("name", "spec", "keras2"),
    [
        ("tensorflow", "<2.16", True),
        ("tensorflow", "<2.16.0", True),
        ("tensorflow", "<=2.15.1", True),
        ("tensorflow", "==2.15.0", True),
        ("tensorflow", "==2.15.*", True),
        ("tensorflow", "~=2.15.0", True),
        ("tensorflow", ">=2.10,<2.16", True),
        ("tensorflow-cpu", "==2.12", True),
        ("tensorflow", "==2.16.1", False),
        ("tensorflow", ">=2.16", False),
        ("tensorflow", "~=2.15", False),  # admits 2.16 and later
        ("tensorflow", "==2.*", False),
        ("tensorflow", "<2.17", False),
        ("tensorflow", "", False),
        ("keras", "<3", True),
        ("tensorflow", "~2.15", True),  # Poetry's tilde
        ("tensorflow", "^2.15", False),  # Poetry's caret: <3
        ("keras", "^2.15", True),
        ("keras", "==2.15.0", True),
        ("keras", "~=2.15", True),
        ("keras", ">=3.0", False),
        ("keras", "", False),
        ("tf-keras", "", True),
        ("tf_keras", "==2.15.1", True),
    ],
)
def test_pins(name: str, spec: str, keras2: bool) -> None:
    assert judge_requirement(name, spec) is keras2


def test_below_ignores_lower_bounds_and_exclusions() -> None:
    assert not below(">=2.0,!=2.16.0", (2, 16))
    assert below("!=2.1,<2.16", (2, 16))


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir()
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("requirements.txt", "numpy\ntensorflow==2.15.0  # pinned for the GPU box\n"),
        ("requirements-dev.txt", "tensorflow<2.16\n"),
        ("constraints.txt", "keras<3\n"),
        ("pyproject.toml", '[project]\ndependencies = ["numpy", "tensorflow>=2.12,<2.16"]\n'),
        ("pyproject.toml", '[tool.poetry.dependencies]\ntensorflow = "~2.15"\n'),
        ("setup.cfg", "[options]\ninstall_requires =\n    tf-keras\n"),
        ("setup.py", "setup(install_requires=['tensorflow==2.14.*'])\n"),
        ("environment.yml", "dependencies:\n  - pip:\n    - tensorflow==2.13.1\n"),
        ("Pipfile", '[packages]\ntensorflow = "==2.15.0"\n'),
    ],
)
def test_project_pins_make_a_file_keras2(tmp_path: Path, name: str, text: str) -> None:
    root = _project(tmp_path, {name: text, "src/pkg/model.py": "import tensorflow as tf\n"})
    target = detect("import tensorflow as tf\n", root / "src/pkg/model.py")
    assert target.version is KerasVersion.KERAS2, target.reason
    assert name in target.reason


def test_project_without_keras2_pins_is_keras3(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {"requirements.txt": "tensorflow>=2.16\nkeras-tcn<4\nkeras_tuner==1.0\n", "m.py": ""},
    )
    assert detect("import keras\n", root / "m.py").version is KerasVersion.KERAS3


def test_pins_are_not_looked_for_above_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow==2.15\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (project / "m.py").write_text("import keras\n")
    assert detect("import keras\n", project / "m.py").version is KerasVersion.KERAS3


def test_the_file_wins_over_the_project(tmp_path: Path) -> None:
    root = _project(tmp_path, {"requirements.txt": "tensorflow>=2.16\n"})
    assert detect("import tf_keras\n", root / "m.py").version is KerasVersion.KERAS2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # configuration that names tf_keras is not a pin (lstmlint's own pyproject has this)
        ("pyproject.toml", '[project]\ndependencies = ["tensorflow-cpu>=2.16"]\n'
                           '[[tool.mypy.overrides]]\nmodule = ["tensorflow", "tf_keras", "tf_keras.*"]\n'),
        ("setup.cfg", "[options]\ninstall_requires =\n    numpy\n[mypy-tf_keras.*]\nignore_missing_imports = True\n"),
        ("setup.py", "import tensorflow  # noqa\nsetup(install_requires=['numpy'])  # keras<3 once\n"),
        ("pyproject.toml", 'not toml at all [[[ tf-keras\n'),
    ],
)
def test_only_declared_dependencies_are_pins(tmp_path: Path, name: str, text: str) -> None:
    root = _project(tmp_path, {name: text})
    assert detect("import keras\n", root / "m.py").version is KerasVersion.KERAS3


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[project.optional-dependencies]\nlegacy = ["tensorflow<2.16"]\n'),
        ("pyproject.toml", '[project]\ndependencies = ["tf-keras>=2.15"]\n'),
        ("pyproject.toml", '[dependency-groups]\ndev = ["keras<3"]\n'),
        ("pyproject.toml", '[tool.poetry.group.ml.dependencies]\ntensorflow = {version = "2.15.0"}\n'),
        ("setup.cfg", "[options.extras_require]\ngpu =\n    tensorflow==2.15.1\n"),
    ],
)
def test_declared_dependencies_in_every_table(tmp_path: Path, name: str, text: str) -> None:
    root = _project(tmp_path, {name: text})
    assert detect("import keras\n", root / "m.py").version is KerasVersion.KERAS2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # lstmlint's own case: its tests compare with Keras 2, its code runs on Keras 3
        ("pyproject.toml", '[project]\ndependencies = ["keras>=3"]\n'
                           '[project.optional-dependencies]\ntest = ["tensorflow-cpu>=2.16", "tf-keras>=2.16"]\n'),
        ("pyproject.toml", '[dependency-groups]\ndev = ["tf_keras"]\n'),
        ("pyproject.toml", '[tool.poetry.group.dev.dependencies]\ntf-keras = "^2.16"\n'),
        ("Pipfile", '[dev-packages]\ntf-keras = "*"\n'),
        ("setup.cfg", "[options]\ninstall_requires =\n    keras>=3\n[options.extras_require]\ntest =\n    tf-keras\n"),
    ],
)
def test_tf_keras_among_extras_or_dev_groups_does_not_decide(tmp_path: Path, name: str, text: str) -> None:
    # installing tf-keras changes neither `import keras` nor `tf.keras` on TensorFlow >= 2.16
    root = _project(tmp_path, {name: text})
    for source in ("import keras\n", "import tensorflow as tf\nm = tf.keras.Sequential()\n"):
        assert detect(source, root / "m.py").version is KerasVersion.KERAS3


def test_a_file_can_declare_its_keras() -> None:
    assert detect("# lstmlint: keras-version = 3\nimport tf_keras\n", None).version is KerasVersion.KERAS3
    target = detect("import keras\n# lstmlint: keras-version = 2\n", None)
    assert target.version is KerasVersion.KERAS2 and "keras-version = 2" in target.reason
    # the command line / configuration wins over the file's comment
    assert detect("# lstmlint: keras-version = 2\n", None, "3").version is KerasVersion.KERAS3
    # only a comment line of its own counts
    assert detect('x = "# lstmlint: keras-version = 2"\n', None).version is KerasVersion.KERAS3
