"""A project module is parsed once per process (``source/modules.py``): a module the analysis of
one file read serves the lint of that module itself, a linted file's own parse serves a later
file that imports it, and the memos are bounded and go stale with the file. The results are
those of a process that parses everything afresh."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import libcst as cst
import pytest

import lstmlint.api as api
import lstmlint.source.modules as modules
from lstmlint.api import FileResult, lint_file
from lstmlint.settings import Options

FACTORY = """\
import keras
from keras import layers


def build_model(steps, features, seq):
    inputs = keras.Input((steps, features))
    x = layers.LSTM(8, return_sequences=seq)(inputs)
    x = layers.LSTM(8)(x)
    return keras.Model(inputs, x)


model = build_model(5, 3, True)
"""

TRAIN = """\
from factory import build_model

model = build_model(10, 4, False)
"""

STAR = """\
import keras
from pkg import *

out = Twice(4)(keras.Input((3, 2)))
total = len([1, 2]) + range(3)[0] + len([3])
"""

PKG_INIT = """\
import keras
from keras import layers


class Twice(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units))

    def call(self, x):
        return keras.ops.matmul(x, self.w) * 2
"""


@pytest.fixture(autouse=True)
def fresh_memos() -> Iterator[None]:
    saved = dict(modules._PARSED), dict(modules._LINTED)
    modules._PARSED.clear()
    modules._LINTED.clear()
    yield
    modules._PARSED.clear()
    modules._LINTED.clear()
    modules._PARSED.update(saved[0])
    modules._LINTED.update(saved[1])


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first line of every text lstmlint parses (the linted files' and the followed modules')."""
    seen: list[str] = []
    real = cst.parse_module

    def counted(text: str | bytes) -> cst.Module:
        seen.append(str(text).splitlines()[0] if text else "")
        return real(text)

    monkeypatch.setattr(api, "parse_module", counted)
    monkeypatch.setattr(modules, "parse_module", counted)
    return seen


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'proj'\n", encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def outcome(result: FileResult) -> tuple[object, ...]:
    assert result.internal_error is None, result.internal_error
    assert result.analysis is not None
    apps = sorted(str([str(t.shape) for t in a.outputs]) for a in result.analysis.applications)
    return (tuple(result.diagnostics), result.followed, tuple(apps), tuple(w for _, w in result.analysis.lost))


def alone(path: Path) -> tuple[object, ...]:
    """What ``path`` gives in a process that has parsed nothing yet."""
    modules._PARSED.clear()
    modules._LINTED.clear()
    return outcome(lint_file(str(path), Options(isolated=True)))


def test_a_module_read_by_another_file_is_not_parsed_again_for_its_own_lint(tmp_path: Path, parses: list[str]) -> None:
    root = project(tmp_path, {"factory.py": FACTORY, "train.py": TRAIN})
    train = lint_file(str(root / "train.py"), Options(isolated=True))
    factory = lint_file(str(root / "factory.py"), Options(isolated=True))
    assert parses == ["from factory import build_model", "import keras"]  # factory.py once
    assert [d.code for d in train.diagnostics] == ["LST101"]  # the factory's bug, at the call
    assert outcome(factory) == alone(root / "factory.py")
    assert outcome(train) == alone(root / "train.py")


def test_a_linted_file_lends_its_parse_to_a_later_importer(tmp_path: Path, parses: list[str]) -> None:
    root = project(tmp_path, {"factory.py": FACTORY, "train.py": TRAIN})
    factory = lint_file(str(root / "factory.py"), Options(isolated=True))
    train = lint_file(str(root / "train.py"), Options(isolated=True))
    assert parses == ["import keras", "from factory import build_model"]
    assert [d.code for d in train.diagnostics] == ["LST101"]  # the factory's bug, at the call
    assert outcome(train) == alone(root / "train.py")
    assert outcome(factory) == alone(root / "factory.py")


def test_a_changed_module_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    root = project(tmp_path, {"factory.py": FACTORY, "train.py": TRAIN})
    lint_file(str(root / "factory.py"), Options(isolated=True))
    path = root / "factory.py"
    path.write_text(FACTORY.replace("LSTM(8)(x)", "LSTM(8)(x)  # fine now?"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    train = lint_file(str(root / "train.py"), Options(isolated=True))
    assert parses == ["import keras", "from factory import build_model", "import keras"]
    assert outcome(train) == alone(root / "train.py")
    before = len(parses)
    path.write_text(FACTORY, encoding="utf-8")  # a different size: its own lint parses it again
    lint_file(str(path), Options(isolated=True))
    assert len(parses) == before + 1


def test_a_star_import_asks_for_each_submodule_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstmlint.interp.modules as interp_modules

    root = project(tmp_path, {"pkg/__init__.py": PKG_INIT, "main.py": STAR})
    asked: list[str] = []
    real = modules.find_module

    def counted(layout: modules.Layout, name: str, *args: object, **kwargs: object) -> Path | None:
        asked.append(name)
        return real(layout, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(interp_modules, "find_module", counted)
    result = lint_file(str(root / "main.py"), Options(isolated=True))
    assert outcome(result)[2] == ("['(None, 3, 4)']",)
    assert asked.count("len") == 1 and asked.count("range") == 1
    assert any(p.endswith(os.path.join("pkg", "len.py")) and not digest for p, digest in result.followed)


def test_the_memos_are_bounded(tmp_path: Path) -> None:
    files = {f"m{i}.py": f"import keras\nX{i} = keras.layers.Dense({i + 1})\n" + "# pad\n" * 200 for i in range(80)}
    root = project(tmp_path, files)
    for name in files:
        lint_file(str(root / name), Options(isolated=True))
    assert 0 < len(modules._LINTED) <= modules.MAX_LINTED
    assert sum(e[1] for e in modules._LINTED.values()) <= modules.MAX_LINTED_BYTES
    big = "import keras\n" + "x = 1\n" * (modules.MAX_LINTED_BYTES // 6 + 1)
    (root / "big.py").write_text(big, encoding="utf-8")
    lint_file(str(root / "big.py"), Options(isolated=True))
    assert (root / "big.py").resolve() not in modules._LINTED  # larger than the whole memo
    for i in range(80):
        modules.read_module((root / f"m{i}.py").resolve())
    assert len(modules._PARSED) <= modules.MAX_PARSED
    assert sum(e[1] for e in modules._PARSED.values()) <= modules.MAX_PARSED_BYTES
