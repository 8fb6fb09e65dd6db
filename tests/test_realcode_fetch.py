"""benchmarks/realcode/fetch.py --scripts without the network: the listing, the safe reading of
source distributions, and how the corpus is chosen (newest version of a path, content once)."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

FETCH = Path(__file__).resolve().parent.parent / "benchmarks" / "realcode" / "fetch.py"

SCRIPT = b"from keras.models import Sequential\nfrom keras.layers import Dense\nm = Sequential([Dense(1)])\n"
OTHER = b"import keras\nmodel = keras.Model(inputs, outputs)\n"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realcode_fetch", FETCH)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["realcode_fetch"] = mod
    spec.loader.exec_module(mod)
    return mod


fetch = _load()


def test_the_listing_is_pinned_and_names_a_keras_target() -> None:
    sdists = fetch.read_scripts()
    assert len(sdists) >= 10
    for sd in sdists:
        assert sd.version and sd.keep and sd.keras in ("2", "3")
    assert len({(s.name, s.version, s.keep) for s in sdists}) == len(sdists)


@pytest.mark.parametrize(
    "line",
    [
        "keras==2.3.1 examples/*",  # no Keras target
        "keras==2.3.1 examples/* keras=4",
        "keras examples/* keras=2",  # not pinned
        "../keras==2.3.1 examples/* keras=2",  # not a package name
        "keras==2.3.1/.. examples/* keras=2",
    ],
)
def test_a_bad_line_is_refused(tmp_path: Path, line: str) -> None:
    listing = tmp_path / "scripts.txt"
    listing.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        fetch.read_scripts(listing)


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("pkg-1.0/examples/a.py", "examples/a.py"),
        ("/etc/passwd", None),
        ("pkg-1.0/../../evil.py", None),
        ("pkg-1.0/examples/../../evil.py", None),
        ("C:/x/evil.py", None),
        ("pkg-1.0\\examples\\a.py", None),
        ("setup.py", None),
    ],
)
def test_only_relative_paths_below_the_top_folder_are_read(name: str, want: str | None) -> None:
    assert fetch.safe_member(name) == want


def _tar(path: Path, members: list[tuple[str, bytes | None, str]]) -> None:
    with tarfile.open(path, "w:gz") as tf:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                assert data is not None
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = "/etc/passwd"
                tf.addfile(info)
            elif kind == "hardlink":
                info.type = tarfile.LNKTYPE
                info.linkname = "pkg-1.0/examples/a.py"
                tf.addfile(info)


def test_a_tar_gives_regular_py_members_only(tmp_path: Path) -> None:
    archive = tmp_path / "pkg-1.0.tar.gz"
    _tar(
        archive,
        [
            ("pkg-1.0/examples/a.py", SCRIPT, "file"),
            ("pkg-1.0/examples/readme.txt", b"text", "file"),
            ("pkg-1.0/examples/link.py", None, "symlink"),
            ("pkg-1.0/examples/hard.py", None, "hardlink"),
            ("pkg-1.0/../evil.py", SCRIPT, "file"),
            ("/abs.py", SCRIPT, "file"),
            ("pkg-1.0/examples/big.py", b"#" * (fetch.MAX_MEMBER + 1), "file"),
        ],
    )
    assert list(fetch.sdist_members(archive)) == [("examples/a.py", SCRIPT)]
    assert not (tmp_path / "evil.py").exists() and not (tmp_path / "pkg-1.0").exists()


def test_a_zip_gives_regular_py_members_only(tmp_path: Path) -> None:
    archive = tmp_path / "pkg-1.0.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg-1.0/examples/a.py", SCRIPT)
        zf.writestr("pkg-1.0/../evil.py", SCRIPT)
        link = zipfile.ZipInfo("pkg-1.0/examples/link.py")
        link.external_attr = 0o120777 << 16  # a symbolic link
        zf.writestr(link, "/etc/passwd")
    assert list(fetch.sdist_members(archive)) == [("examples/a.py", SCRIPT)]


@pytest.mark.parametrize("url", ["http://pypi.org/simple/keras/", "file:///etc/passwd", "ftp://x/y.tar.gz"])
def test_only_https_is_fetched(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        fetch.http_get(url)


def test_a_script_imports_keras_and_builds_a_model() -> None:
    assert fetch.is_script(SCRIPT.decode())
    assert fetch.is_script(OTHER.decode())
    assert not fetch.is_script("import numpy as np\nmodel = Sequential()\n")
    assert not fetch.is_script("from keras import backend as K\nx = K.epsilon()\n")


def test_the_corpus_keeps_the_newest_file_of_a_path_and_each_content_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_a = SCRIPT + b"# changed in 2.0\n"
    archives = {
        "1.0": [
            ("pkg-1.0/examples/a.py", SCRIPT),
            ("pkg-1.0/examples/only_old.py", OTHER),
            ("pkg-1.0/examples/dup.py", SCRIPT),  # the content of 2.0's copy.py: kept once
        ],
        "2.0": [("pkg-2.0/examples/a.py", new_a), ("pkg-2.0/examples/copy.py", SCRIPT)],
    }

    def fake_fetch(sd: object, dl: Path) -> Path:
        version = getattr(sd, "version")  # noqa: B009 - the dataclass of the module under test
        path = tmp_path / f"pkg-{version}.tar.gz"
        _tar(path, [(n, d, "file") for n, d in archives[version]])
        return path

    monkeypatch.setattr(fetch, "fetch_sdist", fake_fetch)
    monkeypatch.setattr(fetch, "HERE", tmp_path)  # the copy of the manifest kept beside the listing
    listing = tmp_path / "scripts.txt"
    listing.write_text("pkg==1.0 examples/* keras=2\npkg==2.0 examples/* keras=3\n", encoding="utf-8")
    cache = tmp_path / "cache"
    assert fetch.build_scripts(cache, listing) == 0
    manifest = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
    rows = {r["file"]: r for r in manifest["files"]}
    # a.py from 2.0 (the newest); copy.py has a.py@1.0's content, which is new to the corpus here;
    # only_old.py exists only in 1.0
    assert set(rows) == {"pkg/examples/a.py", "pkg/examples/copy.py", "pkg/examples/only_old.py"}
    assert rows["pkg/examples/a.py"]["version"] == "2.0" and rows["pkg/examples/a.py"]["keras"] == "3"
    assert rows["pkg/examples/only_old.py"]["keras"] == "2"
    assert (cache / "files" / "pkg/examples/a.py").read_bytes() == new_a
    for row in rows.values():
        data = (cache / "files" / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
    assert fetch.check(cache) == 0
    (cache / "files" / "pkg/examples/a.py").write_bytes(b"tampered")
    assert fetch.check(cache) == 1


REPORT = FETCH.parent / "report.py"

KERAS2_FILE = """from keras.models import Sequential
from keras.layers import Conv1D, Dense, Embedding

model = Sequential()
model.add(Embedding(1000, 64, input_length=80))
model.add(Conv1D(32, 3, border_mode="same"))
model.add(Dense(1))
"""

WEIGHTS_FILE = """import keras

w = load()
layer = keras.layers.Dense(6, weights=[w])
inp = keras.Input((3,))
model = keras.Model(inp, layer(inp))
"""

KERAS3_FILE = """import keras

encoder = keras.Sequential([keras.layers.Embedding(22, 64)])
story = keras.Input((68,))
model = keras.Model(story, keras.layers.Dense(1)(keras.layers.Dense(4)(story)))
"""


def test_the_report_lints_each_file_under_its_own_keras_target(tmp_path: Path) -> None:
    import subprocess

    cache = tmp_path / "corpus"
    rows = []
    for package, name, text, keras, kind in [
        ("old", "examples/a.py", KERAS2_FILE, "2", "example"),
        ("new", "examples/b.py", KERAS3_FILE, "3", "test"),
        # `weights=` is a Keras 2 argument: an error under Keras 3 only
        ("old", "examples/w.py", WEIGHTS_FILE, "2", "example"),
        ("new", "examples/w.py", WEIGHTS_FILE, "3", "test"),
    ]:
        path = cache / "files" / package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        rows.append({"package": package, "version": "1", "file": f"{package}/{name}", "keras": keras, "kind": kind})
    (cache / "manifest.json").write_text(json.dumps({"files": rows}), encoding="utf-8")
    out = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, str(REPORT), "--cache", str(cache), "--json", str(out), "--causes"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["files"] == 4 and data["internal_errors"] == []
    # the Keras 1 spelling is an error for the Keras 2 file; `weights=` only for the Keras 3 one
    assert sorted((f["file"], f["keras"], f["line"]) for f in data["findings"]) == [
        ("new/examples/w.py", "3", 4),
        ("old/examples/a.py", "2", 6),
    ]
    assert set(data["packages"]) == {"old", "new"} and set(data["kinds"]) == {"example", "test"}
    layers_known, layers, models_followed, models = data["coverage"]
    assert layers == sum(c[1] for c in data["packages"].values()) and models >= 2
    assert layers_known < layers and models_followed <= models
    # the Embedding of a Sequential with no input: its input comes from outside any layer
    causes = dict(data["causes"])
    assert any("`Embedding`" in cause for cause in causes), causes
    assert "shape coverage:" in proc.stdout and "by kind" in proc.stdout
