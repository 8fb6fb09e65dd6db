"""Cross-module analysis (lstmlint/source/modules.py, lstmlint/interp/modules.py): a project's own
modules are found the way Python finds them and followed without importing anything; what
cannot be followed stays unknown, never an error. Fast tier, except the one Keras build at the end."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

import lstmlint.run as run
from lstmlint.api import FileResult, lint_file
from lstmlint.interp.modules import may_import_local
from lstmlint.settings import Options
from lstmlint.source.modules import find_module, layout_of

LAYERS = """\
import keras
from keras import layers

UNITS = 16


class Twice(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units))

    def call(self, x):
        return keras.ops.matmul(x, self.w) * 2


def encoder(x, units=UNITS):
    return layers.LSTM(units, return_sequences=True)(x)
"""

FACTORY = """\
import keras
from keras import layers


def build_model(steps, features, seq):
    inputs = keras.Input((steps, features))
    x = layers.LSTM(8, return_sequences=seq)(inputs)
    x = layers.LSTM(8)(x)
    return keras.Model(inputs, x)


def always_broken(steps):
    inputs = keras.Input((steps, 3))
    x = layers.LSTM(8)(inputs)
    return keras.Model(inputs, layers.LSTM(4)(x))
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'proj'\n", encoding="utf-8")
    write(root, files)
    return root


def lint(path: Path) -> FileResult:
    result = lint_file(str(path), Options(isolated=True))
    assert result.internal_error is None, result.internal_error
    return result


def shapes(result: FileResult) -> dict[int, list[str]]:
    """Output shapes of the layer applications, by the line of the analysed file they show at."""
    assert result.analysis is not None and result.locate is not None
    out: dict[int, list[str]] = {}
    for app in result.analysis.applications:
        out.setdefault(result.locate(app.node).line, []).extend(str(t.shape) for t in app.outputs)
    return out


def codes(result: FileResult) -> list[str]:
    return [f"{d.span.line}:{d.code}" for d in result.diagnostics]


def lost(result: FileResult) -> list[str]:
    assert result.analysis is not None
    return [why for _, why in result.analysis.lost]


# ------------------------------------------------------------------ following
def test_a_custom_layer_of_a_sibling_module_is_followed(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "layers.py": LAYERS,
            "model.py": """\
            import keras
            from keras import layers
            from layers import Twice, UNITS

            inputs = keras.Input((10, 4))
            x = Twice(UNITS)(inputs)
            y = layers.LSTM(5)(x)
            z = layers.LSTM(5)(y)
            """,
        },
    )
    result = lint(root / "model.py")
    assert shapes(result) == {6: ["(None, 10, 16)"], 7: ["(None, 5)"], 8: ["(None, 5)"]}
    assert codes(result) == ["8:LST101"]  # the stacked LSTM of the importing file itself
    assert [p for p, digest in result.followed if digest] == [str((root / "layers.py").resolve())]


def test_a_relative_import_and_a_module_alias(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/layers.py": LAYERS,
            "pkg/model.py": """\
            import keras
            from .layers import Twice, encoder
            import pkg.layers as L
            from pkg import layers as M

            inputs = keras.Input((10, 4))
            x = encoder(inputs)
            y = L.Twice(3)(x)
            z = M.Twice(2)(y)
            w = Twice(L.UNITS)(z)
            """,
        },
    )
    result = lint(root / "pkg" / "model.py")
    # the LSTM inside ``encoder()`` (line 7) counts toward layers.py's own coverage, not this file's
    assert shapes(result) == {
        8: ["(None, 10, 3)"],
        9: ["(None, 10, 2)"],
        10: ["(None, 10, 16)"],
    }
    assert codes(result) == []


def test_a_factory_finding_is_reported_at_the_importing_call(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "models.py": FACTORY,
            "train.py": """\
            from models import build_model, always_broken

            good = build_model(10, 3, True)
            bad = build_model(10, 3, False)
            other = always_broken(7)
            """,
        },
    )
    result = lint(root / "train.py")  # no Keras in it: analysed because models.py has Keras
    # line 4: only these arguments break it; line 5: models.py's own run reports that one
    assert codes(result) == ["4:LST101"]
    (diag,) = result.diagnostics
    assert any("models.py:8" in note for note in diag.notes), diag.notes
    assert all(label.span.line in (3, 4) for label in diag.labels)
    own = lint(root / "models.py")
    assert codes(own) == ["15:LST101"]  # ``always_broken`` checked on its own


def test_a_class_of_another_module_can_be_subclassed(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "base.py": LAYERS,
            "model.py": """\
            import keras
            import base

            class Thrice(base.Twice):
                pass

            inputs = keras.Input((6, 2))
            out = Thrice(4)(inputs)
            """,
        },
    )
    assert shapes(lint(root / "model.py")) == {8: ["(None, 6, 4)"]}


def test_star_import_of_a_project_module(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "layers.py": LAYERS,
            "model.py": "import keras\nfrom layers import *\n\nout = Twice(UNITS)(keras.Input((3, 2)))\n",
        },
    )
    assert shapes(lint(root / "model.py")) == {4: ["(None, 3, 16)"]}


# ------------------------------------------------------------------ what stays unknown
def test_a_missing_module_stays_unknown(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "model.py": """\
            import keras
            from keras import layers
            from nowhere import Mystery

            x = Mystery(3)(keras.Input((10, 4)))
            y = layers.LSTM(4)(x)
            """
        },
    )
    result = lint(root / "model.py")
    assert codes(result) == []
    assert shapes(result)[6] == ["(None, 4)"]  # the LSTM's own output; its input is unknown
    assert any("Mystery" in why for why in lost(result))


def test_an_import_cycle_is_cut(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "a.py": """\
            import keras
            from b import make

            WIDTH = 5
            out = make(keras.Input((4, 3)))
            flat = keras.layers.Reshape((-1,))(out)
            """,
            "b.py": """\
            from keras import layers
            from a import WIDTH

            def make(x):
                return layers.Dense(WIDTH)(x)
            """,
        },
    )
    result = lint(root / "a.py")
    assert codes(result) == []
    # ``a`` is the file being analysed: ``b`` cannot import it back, so the width stays unknown
    (shape,) = shapes(result)[6]
    assert shape.startswith("(None, ") and shape != "(None, 20)"
    other = lint(root / "b.py")  # b -> a -> b: cut the same way from the other side
    assert other.internal_error is None


def test_imports_nested_beyond_the_depth_limit_stay_unknown(tmp_path: Path) -> None:
    files = {f"m{i}.py": f"from m{i + 1} import UNITS\n" for i in range(1, 6)}
    files["m6.py"] = "UNITS = 7\n"
    files["main.py"] = "import keras\nfrom m1 import UNITS\nout = keras.layers.Dense(UNITS)(keras.Input((3,)))\n"
    root = project(tmp_path, files)
    result = lint(root / "main.py")
    assert codes(result) == []
    assert shapes(result)[3] != ["(None, 7)"]
    assert any("deep" in why for why in lost(result))
    files["main.py"] = files["main.py"].replace("m1", "m4")  # m4 -> m5 -> m6: within the limit
    write(root, {"main.py": files["main.py"]})
    assert shapes(lint(root / "main.py"))[3] == ["(None, 7)"]


def test_a_module_with_a_syntax_error_stays_unknown(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "broken.py": "def build(:\n",
            "model.py": "import keras\nfrom broken import build\nm = build(keras.Input((3, 2)))\nm.summary()\n",
        },
    )
    result = lint(root / "model.py")
    assert codes(result) == []
    assert any("broken" in why and "not followed" in why for why in lost(result))


def test_modules_outside_the_project_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"evil.py": LAYERS, "__init__.py": ""})
    root = project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/model.py": """\
            import keras
            from ...outside.evil import Twice
            from linked import Twice as Linked
            a = Twice(3)(keras.Input((5, 2)))
            b = Linked(3)(keras.Input((5, 2)))
            """,
        },
    )
    os.symlink(outside / "evil.py", root / "pkg" / "linked.py")  # a link that leads out of the project
    result = lint(root / "pkg" / "model.py")
    assert codes(result) == []
    assert result.followed == () or all(not digest for _, digest in result.followed)
    assert all(s != ["(None, 5, 3)"] for s in shapes(result).values())


def test_a_link_inside_the_project_and_a_fifo(tmp_path: Path) -> None:
    root = project(tmp_path, {"real_layers.py": LAYERS})
    os.symlink(root / "real_layers.py", root / "layers.py")
    layout = layout_of(root / "model.py")
    assert find_module(layout, "layers") == (root / "real_layers.py").resolve()
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.py")
        assert find_module(layout, "pipe") is None  # never opened: not a regular file
    assert find_module(layout, "os") is None and find_module(layout, "keras.layers") is None


def test_library_and_standard_library_imports_do_not_enable_following() -> None:
    assert not may_import_local(
        "import os, sys\nimport numpy as np\nfrom keras import layers\nimport tensorflow as tf\n"
    )
    assert may_import_local("from . import layers\n")
    assert may_import_local("import keras\nfrom mypkg.models import build\n")
    assert may_import_local("import os, mypkg\n")


def test_a_module_that_is_not_followed_leaves_the_file_as_before(tmp_path: Path) -> None:
    program = "import keras\nfrom keras import layers\nx = layers.LSTM(3)(keras.Input((4, 2)))\ny = layers.LSTM(3)(x)\n"
    root = project(tmp_path, {"model.py": program})
    result = lint(root / "model.py")
    assert codes(result) == ["4:LST101"] and result.followed == ()


def test_a_model_given_to_another_module_is_kept_as_a_library_keeps_it(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "tools.py": """\
            def report(model, where):
                for layer in model.layers[where:]:
                    layer.trainable = model.mystery(layer)
                model.extra = where
                return model.name
            """,
            "model.py": """\
            import keras
            from keras import layers
            from tools import report

            model = keras.Sequential([keras.Input((6, 3)), layers.LSTM(4)])
            report(model, 1)
            model.add(layers.LSTM(2))
            """,
        },
    )
    result = lint(root / "model.py")
    assert codes(result) == ["7:LST101"]  # the model was not forgotten at line 6


def test_a_call_into_another_module_beyond_its_budget_stays_unknown(tmp_path: Path) -> None:
    body = "\n".join(f"    v{i} = v{i - 1} + 1" for i in range(1, 3000))
    root = project(
        tmp_path,
        {
            "heavy.py": f"from keras import layers\n\ndef width(x):\n    v0 = 0\n{body}\n    return 8\n",
            "model.py": """\
            import keras
            from keras import layers
            from heavy import width

            x = keras.Input((5, 3))
            y = layers.Dense(width(1))(x)
            z = layers.Dense(width(2))(y)
            """,
        },
    )
    result = lint(root / "model.py")
    assert codes(result) == []
    assert shapes(result)[6] != ["(None, 5, 8)"] and shapes(result)[7] != ["(None, 5, 8)"]
    assert any("took more than" in why for why in lost(result))


def test_a_file_without_keras_is_checked_only_when_it_imports_a_keras_module(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "models.py": FACTORY,
            "plain.py": "X = 1\n",
            "train.py": "from models import build_model\nm = build_model(5, 2, False)\n",
            "other.py": "from plain import X\nprint(X)\n",
        },
    )
    assert codes(lint(root / "train.py")) == ["2:LST101"]
    other = lint(root / "other.py")
    assert other.analysis is None and codes(other) == []


def test_the_script_corpus_support_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """fetch.py's support role: a package's own modules, not a library's, never a non-package file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "realcode_fetch_support", Path(__file__).resolve().parent.parent / "benchmarks" / "realcode" / "fetch.py"
    )
    assert spec is not None and spec.loader is not None
    fetch = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "realcode_fetch_support", fetch)  # (its dataclasses look it up)
    spec.loader.exec_module(fetch)
    members = {
        "setup.py": b"from setuptools import setup\n",
        "kapre/__init__.py": b"from .time_frequency import STFT\n",
        "kapre/time_frequency.py": b"import keras\n",
        "kapre/sub/helpers.py": b"X = 1\n",  # no __init__.py in kapre/sub: not a package
        "src/other/__init__.py": b"",
        "src/other/mod.py": b"Y = 2\n",
        "keras/__init__.py": b"",
        "keras/layers.py": b"",
        "examples/demo.py": b"import kapre\n",
        "kapre/bad.py": b"\xff\xfe not text",
    }
    assert sorted(fetch.support_members(members)) == [
        "kapre/__init__.py",
        "kapre/time_frequency.py",
        "setup.py",
        "src/other/__init__.py",
        "src/other/mod.py",
    ]


# ------------------------------------------------------------------ the result cache
def _run(paths: list[Path], cache: Path) -> list[tuple[str, list[str]]]:
    results = run.run_paths([str(p) for p in paths], Options(isolated=True), jobs=1, cache_dir=str(cache))
    return [(Path(r.path).name, [f"{d.line}:{d.code}" for d in r.diagnostics]) for r in results]


def test_the_cache_is_invalidated_when_a_followed_module_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LSTMLINT_NO_CACHE", raising=False)
    root = project(
        tmp_path,
        {
            "models.py": FACTORY,
            "train.py": "from models import build_model\nm = build_model(10, 3, True)\n",
        },
    )
    analysed: list[str] = []
    real = run.lint_file

    def counting(path: str, options: Options | None = None) -> FileResult:
        analysed.append(Path(path).name)
        return real(path, options)

    monkeypatch.setattr(run, "lint_file", counting)
    cache = tmp_path / "cache"
    assert _run([root / "train.py"], cache) == [("train.py", [])]
    assert _run([root / "train.py"], cache) == [("train.py", [])]
    assert analysed == ["train.py"]  # the second run came from the cache
    write(root, {"models.py": FACTORY.replace("return_sequences=seq", "return_sequences=not seq")})
    assert _run([root / "train.py"], cache) == [("train.py", ["2:LST101"])]
    assert analysed == ["train.py", "train.py"]
    # a module the analysis looked for and did not find appears: the result may change too
    write(
        root,
        {
            "models.py": FACTORY.replace("return_sequences=seq", "return_sequences=seq == 1"),
            "train.py": "from models import build_model\nfrom helpers import SEQ\nm = build_model(10, 3, SEQ)\n",
        },
    )
    assert _run([root / "train.py"], cache) == [("train.py", [])]
    assert _run([root / "train.py"], cache) == [("train.py", [])]
    assert len(analysed) == 3
    write(
        root,
        {
            "helpers.py": "SEQ = 0\n",
        },
    )
    assert _run([root / "train.py"], cache) == [("train.py", ["3:LST101"])]
    assert len(analysed) == 4


# ------------------------------------------------------------------ against real Keras
def test_a_two_file_program_matches_keras(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(
        tmp_path,
        {
            "xmod_layers_pkg/__init__.py": "",
            "xmod_layers_pkg/layers.py": LAYERS,
            "xmod_layers_pkg/model.py": """\
            import keras
            from keras import layers
            from .layers import Twice, encoder

            inputs = keras.Input((10, 4))
            x = encoder(inputs)
            y = Twice(3)(x)
            out = layers.GlobalAveragePooling1D()(y)
            model = keras.Model(inputs, out)
            """,
        },
    )
    result = lint(root / "xmod_layers_pkg" / "model.py")
    inferred = shapes(result)
    assert codes(result) == []
    keras = pytest.importorskip("keras")
    monkeypatch.syspath_prepend(str(root))
    for name in [m for m in sys.modules if m.startswith("xmod_layers_pkg")]:
        monkeypatch.delitem(sys.modules, name)
    import importlib

    built = importlib.import_module("xmod_layers_pkg.model")
    assert isinstance(built.model, keras.Model)
    assert 6 not in inferred  # the LSTM inside ``encoder()`` is layers.py's own
    for line, name in ((7, "y"), (8, "out")):
        assert inferred[line] == [str(tuple(getattr(built, name).shape))], (line, name)


# ------------------------------------------------------------------ --verbose
def test_verbose_names_the_followed_module_line_where_a_model_was_lost(tmp_path: Path) -> None:
    from lstmlint.interp.explain import explain_analysis

    root = project(
        tmp_path,
        {
            "blocks.py": """\
            from keras import layers


            def stack(x, depth):
                for _ in range(depth):
                    x = layers.Concatenate()([x, layers.Dense(4)(x)])
                return x
            """,
            "model.py": """\
            import sys

            import keras
            from blocks import stack

            inputs = keras.Input((10, 4))
            x = stack(inputs, int(sys.argv[1]))
            model = keras.Model(inputs, x)
            """,
        },
    )
    result = lint(root / "model.py")
    assert result.analysis is not None
    text = "\n".join(explain_analysis("model.py", result.analysis, result.locate))
    # the loop that lost the model is line 5 of blocks.py, not a line of model.py
    assert "after blocks.py:5: loop over `range(depth)`" in text, text
    assert "after line 1:" not in text, text
