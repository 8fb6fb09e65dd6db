"""The module budget and the star-import lookups a real package's test needs (issue 10,
stellargraph: ``from stellargraph.layer import *`` of a package ``__init__`` that star-imports
19 modules). Fast tier: lstmlint's interpreter only, on small projects written to a temporary
folder; Keras: ``Dense(4)`` on ``(None, 3)`` gives ``(None, 4)``."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lstmlint.api import FileResult, lint_file
from lstmlint.interp import modules
from lstmlint.settings import Options


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'proj'\n", encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def lint(path: Path) -> FileResult:
    result = lint_file(str(path), Options(isolated=True))
    assert result.internal_error is None, result.internal_error
    return result


def followed(result: FileResult) -> list[str]:
    assert result.analysis is not None
    return [str(t.shape) for m in result.analysis.models if not m.lost for t in m.outputs if t.shape.dims is not None]


def _package(helpers: int) -> dict[str, str]:
    """``pkg/__init__.py`` star-importing ``helpers`` modules, each giving one layer factory;
    the test file applies one layer of each module, so every module is read."""
    files = {"pkg/__init__.py": "".join(f"from .m{i} import *\n" for i in range(helpers))}
    for i in range(helpers):
        files[f"pkg/m{i}.py"] = f"from tensorflow.keras.layers import Dense\n\ndef make{i}(n):\n    return Dense(n)\n"
    files["test_model.py"] = (
        "import tensorflow as tf\n"
        "from pkg import *\n\n"
        "x = tf.keras.Input(shape=(3,))\n"
        "h = x\n" + "".join(f"h = make{i}(4)(h)\n" for i in range(helpers)) + "model = tf.keras.Model(x, h)\n"
    )
    return files


def test_a_package_reading_more_than_eight_modules_is_followed(tmp_path: Path) -> None:
    # the package's __init__ plus 10 modules: 11 modules, beyond the old budget of 8
    root = project(tmp_path, _package(10))
    assert modules.MAX_MODULES >= 11
    assert followed(lint(root / "test_model.py")) == ["(None, 4)"]


def test_beyond_the_module_budget_the_model_stays_unknown(tmp_path: Path) -> None:
    root = project(tmp_path, _package(modules.MAX_MODULES + 2))
    result = lint(root / "test_model.py")
    assert followed(result) == []
    assert result.analysis is not None
    assert any("modules in this analysis, not followed" in why for _, why in result.analysis.lost)


def test_a_name_no_star_module_gives_is_looked_up_once(tmp_path: Path) -> None:
    # ``len`` is looked for in ``from pkg import *`` before the builtins (a module could bind it):
    # shown absent once, it is not looked for again in every star module
    root = project(tmp_path, _package(3))
    calls: list[tuple[str, str]] = []
    original = modules.Modules._may_define

    def counting(self: modules.Modules, module: str, name: str, origin: Path) -> bool:
        calls.append((module, name))
        return original(self, module, name, origin)

    modules.Modules._may_define = counting  # type: ignore[method-assign]
    try:
        root.joinpath("test_model.py").write_text(
            root.joinpath("test_model.py").read_text() + "".join(f"k{i} = len([{i}])\n" for i in range(5)),
            encoding="utf-8",
        )
        result = lint(root / "test_model.py")
    finally:
        modules.Modules._may_define = original  # type: ignore[method-assign]
    assert followed(result) == ["(None, 4)"]
    assert calls.count((".m0", "len")) == 1


def test_a_module_imported_again_from_nearer_reads_its_own_imports(tmp_path: Path) -> None:
    # stellargraph's deep graph infomax: ``pkg.layer`` -> ``infomax`` -> ``..mapper`` reaches the
    # mapper 3 imports deep, where its ``from .corrupted import *`` is refused (4 deep); the test's
    # own ``from pkg.mapper import *`` imports it again 1 deep: ``corrupted`` is then read, and the
    # earlier refusal was not remembered as "no such name"
    root = project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/layer/__init__.py": "from .infomax import *\n",
            "pkg/layer/infomax.py": "from ..mapper import Corrupted\n",
            "pkg/mapper/__init__.py": "from .corrupted import *\nfrom tensorflow.keras.layers import Dense as Plain\n",
            "pkg/mapper/corrupted.py": "from tensorflow.keras.layers import Dense\n\ndef Corrupted(n):\n    return Dense(n)\n",
            "test_model.py": """
                import tensorflow as tf
                from pkg.layer import *
                from pkg.mapper import *

                early = Corrupted  # first asked through pkg.layer: the mapper is read 3 deep
                x = tf.keras.Input(shape=(3,))
                h = Plain(5)(x)
                h = Corrupted(4)(h)
                model = tf.keras.Model(x, h)
                """,
        },
    )
    assert modules.MAX_DEPTH == 3
    assert followed(lint(root / "test_model.py")) == ["(None, 4)"]
