"""benchmarks/realcode/fetch.py: an sdist that lacks package modules its own modules import
gets them from the wheel of the same pinned version (support rows), without the network."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from test_realcode_fetch import fetch  # the one loaded copy of benchmarks/realcode/fetch.py


def test_missing_modules_of_the_packages_own_imports_are_found() -> None:
    own = {
        "pkg/__init__.py": b"from .layers import STFT\nfrom . import backend\nVERSION = 1\n",
        "pkg/layers.py": b"from .utils import helper\nfrom pkg.backend import x\nimport pkg.extra.deep\nimport numpy\n",
        "pkg/backend.py": b"x = 1\n",
    }
    assert fetch.missing_modules(own) == {"pkg.utils", "pkg.extra.deep"}
    # names the package binds (even lazily, or through a star import) are not modules
    bound = {
        "pkg/__init__.py": b"from .a import *\n",
        "pkg/a.py": b"from pkg import anything\n",
    }
    assert fetch.missing_modules(bound) == set()
    lazy = {
        "pkg/__init__.py": b"def __getattr__(name):\n    return name\n",
        "pkg/a.py": b"from pkg import Scan\n",
    }
    assert fetch.missing_modules(lazy) == set()
    defined = {
        "pkg/__init__.py": b"try:\n    from .a import f\nexcept ImportError:\n    f = None\n",
        "pkg/a.py": b"from pkg import f\nfrom . import gone\n",
    }
    assert fetch.missing_modules(defined) == {"pkg.gone"}


def _wheel(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_the_wheels_package_modules_are_read_under_the_sdists_layout(tmp_path: Path) -> None:
    wheel = _wheel(
        tmp_path / "pkg-1.0-py3-none-any.whl",
        {
            "pkg/__init__.py": b"",
            "pkg/utils.py": b"def helper(): pass\n",
            "pkg-1.0.dist-info/METADATA": b"Name: pkg\n",
            "../evil.py": b"x = 1\n",
            "loose.py": b"x = 1\n",  # not in a package folder
        },
    )
    assert set(fetch.wheel_support(wheel, {"pkg/__init__.py": b""})) == {"pkg/__init__.py", "pkg/utils.py"}
    src = fetch.wheel_support(wheel, {"src/pkg/__init__.py": b""})
    assert set(src) == {"src/pkg/__init__.py", "src/pkg/utils.py"}


def _sdist(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(f"pkg-1.0/{name}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def test_collect_support_adds_what_the_wheel_has_and_the_sdist_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _sdist(
        tmp_path / "pkg-1.0.tar.gz",
        {"pkg/__init__.py": b"from .layers import STFT\n", "pkg/layers.py": b"from .utils import helper\n"},
    )
    wheel = _wheel(
        tmp_path / "pkg-1.0-py3-none-any.whl",
        {
            "pkg/__init__.py": b"# the wheel's copy: the sdist's is kept\n",
            "pkg/layers.py": b"from .utils import helper\n",
            "pkg/utils.py": b"def helper(): pass\n",
        },
    )
    asked: list[str] = []

    def fake_fetch(sd: object, dl: Path) -> Path:
        asked.append(str(dl))
        return wheel

    monkeypatch.setattr(fetch, "fetch_wheel", fake_fetch)
    sd = fetch.Sdist("pkg", "1.0", "examples/*", "2")
    support: dict[str, tuple[dict[str, str], bytes]] = {}
    fetch.collect_support(sd, archive, support, tmp_path)
    assert asked == [str(tmp_path)]
    assert sorted(support) == ["pkg/pkg/__init__.py", "pkg/pkg/layers.py", "pkg/pkg/utils.py"]
    assert support["pkg/pkg/__init__.py"][1] == b"from .layers import STFT\n"  # the sdist's own
    row = support["pkg/pkg/utils.py"][0]
    assert row["from"] == wheel.name and row["role"] == "support" and row["version"] == "1.0"
    assert "from" not in support["pkg/pkg/layers.py"][0]
    # offline (no ``dl``), or nothing missing: no wheel is asked for
    asked.clear()
    offline: dict[str, tuple[dict[str, str], bytes]] = {}
    fetch.collect_support(sd, archive, offline)
    assert asked == [] and sorted(offline) == ["pkg/pkg/__init__.py", "pkg/pkg/layers.py"]
    complete = _sdist(
        tmp_path / "pkg-1.1.tar.gz", {"pkg/__init__.py": b"", "pkg/a.py": b"from . import b\n", "pkg/b.py": b""}
    )
    fetch.collect_support(fetch.Sdist("pkg", "1.1", "*", "2"), complete, {}, tmp_path)
    assert asked == []
