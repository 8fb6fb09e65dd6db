"""The public shape report (issue 10 item 5): ``--annotate --format json`` and the coverage line
of ``--statistics`` (lstmlint/report/coverage.py). Fast tier: no TensorFlow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstmlint.api import lint_text
from lstmlint.cli import main
from lstmlint.graph.model import Tensor
from lstmlint.report.coverage import Coverage, file_coverage, known_level, render_coverage
from lstmlint.shapes import Shape
from lstmlint.shapes.dims import UNKNOWN, Sym

FOLLOWED = """\
import keras
from keras import layers

inputs = keras.Input(shape=(20, 4))
x = layers.LSTM(32, return_sequences=True)(inputs)
out = layers.Dense(1)(x)
model = keras.Model(inputs, out)
"""

LOST = """\
import keras
from keras import layers
from somewhere import mystery

inputs = keras.Input(shape=(20, 4))
h = layers.LSTM(8, return_sequences=True)(inputs)
h = mystery(h)
out = layers.Dense(1)(h)
net = keras.Model(inputs, out)
"""

BAD = """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)
"""


def report(tmp_path: Path, *files: tuple[str, str], extra: tuple[str, ...] = ()) -> tuple[int, dict[str, Any]]:
    for name, text in files:
        (tmp_path / name).write_text(text)
    r = CliRunner().invoke(main, [*(str(tmp_path / n) for n, _ in files), "--annotate", "--format", "json",
                                  "--isolated", "--no-cache", *extra])
    return r.exit_code, json.loads(r.stdout)


def test_a_followed_model_layer_by_layer(tmp_path: Path) -> None:
    status, data = report(tmp_path, ("a.py", FOLLOWED))
    assert status == 0
    assert data["diagnostics"] == []
    [file] = data["files"]
    assert file["path"].endswith("a.py")
    [model] = file["models"]
    assert model == {
        "name": "model", "line": 7, "followed": True, "lost": [],
        "layers": [
            {"line": 5, "column": 5, "layer": "LSTM", "output_shapes": ["(None, 20, 32)"], "known": "full"},
            {"line": 6, "column": 7, "layer": "Dense", "output_shapes": ["(None, 20, 1)"], "known": "full"},
        ],
    }


def test_a_model_the_analysis_lost_says_where_and_why(tmp_path: Path) -> None:
    _, data = report(tmp_path, ("b.py", LOST))
    [model] = data["files"][0]["models"]
    assert model["name"] == "net" and model["followed"] is False
    assert model["lost"] and all(reason.startswith("line ") for reason in model["lost"])
    assert any("line 7" in reason for reason in model["lost"])
    known = {layer["layer"]: layer["known"] for layer in model["layers"]}
    assert known.get("LSTM", "full") == "full"
    assert known.get("Dense", "unknown") == "unknown"


def test_diagnostics_are_those_of_format_json(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    plain = CliRunner().invoke(main, [str(tmp_path / "bad.py"), "--format", "json", "--isolated", "--no-cache"])
    status, data = report(tmp_path, ("bad.py", BAD))
    assert status == 1
    assert data["diagnostics"] == json.loads(plain.stdout)
    assert [d["code"] for d in data["diagnostics"]] == ["LST101"]
    assert data["files"][0]["models"] == []          # layers, but no keras.Model: no model to list


def test_files_without_models_are_listed(tmp_path: Path) -> None:
    _, data = report(tmp_path, ("plain.py", "x = 1\n"), ("a.py", FOLLOWED))
    assert [Path(f["path"]).name for f in data["files"]] == ["plain.py", "a.py"]   # in the order checked
    assert data["files"][0]["models"] == []
    assert len(data["files"][1]["models"]) == 1


def test_a_model_whose_output_is_unknown_is_not_followed_to_the_end(tmp_path: Path) -> None:
    # nothing was lost on the way, but its input shape is a parameter: its output is not known
    text = (
        "import keras\n\n\ndef build(shape):\n    model = keras.Sequential()\n"
        "    model.add(keras.layers.Dense(7, input_shape=shape))\n    model.add(keras.layers.Dense(2))\n"
        "    return model\n"
    )
    result = lint_text(text, "m.py")
    assert file_coverage(result.analysis).models == 1
    assert file_coverage(result.analysis).models_followed == 0
    _, data = report(tmp_path, ("m.py", text))
    model = data["files"][0]["models"][0]
    assert model["followed"] is False and model["lost"] == ["line 5: its output's shape is not known"]


def test_statistics_adds_the_coverage_line(tmp_path: Path) -> None:
    for name, text in (("a.py", FOLLOWED), ("b.py", LOST), ("bad.py", BAD)):
        (tmp_path / name).write_text(text)
    r = CliRunner().invoke(main, [str(tmp_path), "--statistics", "--no-color", "--isolated", "--no-cache"])
    last = r.stdout.splitlines()[-1]
    results = [lint_text(text, name) for name, text in (("a.py", FOLLOWED), ("b.py", LOST), ("bad.py", BAD))]
    total = sum((file_coverage(res.analysis) for res in results), Coverage())
    assert total.models == 2 and total.models_followed == 1
    assert total.layers_known < total.layers
    assert last == (f"shape coverage: {total.layers_known} of {total.layers} layer applications fully known "
                    f"({100 * total.layers_known / total.layers:.1f} %), 1 of 2 models followed to the end")
    # the same line from the cache (no analysis kept) as from a fresh run
    cached = [CliRunner().invoke(main, [str(tmp_path), "--statistics", "--no-color", "--isolated",
                                        "--cache-dir", str(tmp_path / "c")]) for _ in range(2)]
    assert cached[0].stdout.splitlines()[-1] == cached[1].stdout.splitlines()[-1] == last


def test_render_coverage_with_nothing() -> None:
    assert render_coverage([]) == ("shape coverage: 0 of 0 layer applications fully known (n/a), "
                                   "0 of 0 models followed to the end\n")


@pytest.mark.parametrize(("shapes", "level"), [
    ([(None, 20, 32)], "full"),
    ([(None, Sym.named("n_steps"), 32)], "full"),       # a named size is a known size
    ([(None, 20, 32), (None, 32)], "full"),
    ([(None, UNKNOWN, 32)], "rank"),
    ([(None, 32), None], "unknown"),
    ([None], "unknown"),
    ([], "unknown"),
])
def test_known_levels(shapes: list[Any], level: str) -> None:
    tensors = [Tensor(Shape(s)) for s in shapes]
    assert known_level(tensors) == level


def test_coverage_records_are_validated() -> None:
    assert Coverage.from_json([1, 2, 3, 4]) == Coverage(1, 2, 3, 4)
    assert Coverage(1, 2, 3, 4) + Coverage(1, 1, 1, 1) == Coverage(2, 3, 4, 5)
    for bad in ([1, 2, 3], [1, 2, 3, -1], ["1", 2, 3, 4], {"a": 1}, [True, 1, 1, 1]):
        with pytest.raises(ValueError):
            Coverage.from_json(bad)
