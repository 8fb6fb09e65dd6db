"""Layers constructed without an argument their Keras requires (LST107, at the constructor).

The required parameters of each constructor, per Keras version, are generated from the installed
``keras``/``tf_keras`` signatures into ``lstmlint/layers/accepted.py`` (``tests/gen/kwargs_table.py``;
``tests/test_layer_registry.py`` fails when they drift). The verdicts below were measured in keras
3.15.1 and tf_keras 2.21.0 (``TypeError: __init__() missing 1 required positional argument``):
``Dense()``, ``Conv2D(8)``, ``Embedding(10)`` fail in both; ``AveragePooling1D/2D/3D()`` in
Keras 3 only (tf_keras defaults ``pool_size`` to 2, (2, 2), (2, 2, 2)); ``MaxPooling2D()`` builds
in both. Sizes whose signature default (None) the constructor refuses with a ValueError:
``CategoryEncoding()`` (both), ``Discretization()`` without ``num_bins``/``bin_boundaries`` (Keras 3
only). The Keras tier constructs each call here in both Kerases.
"""

from __future__ import annotations

import os
import textwrap

import pytest

from lstmlint.api import lint_source
from lstmlint.codes import Code
from lstmlint.fix.engine import fix_source
from lstmlint.layers.accepted import KERAS2_DEFAULTS, KERAS2_REQUIRED, KERAS3_REQUIRED
from lstmlint.layers.arguments import missing_arguments
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import spec_for
from lstmlint.settings import Options
from lstmlint.shapes.problems import ArgumentRule
from lstmlint.source.keras_target import KerasVersion

K2, K3 = KerasVersion.KERAS2, KerasVersion.KERAS3

# the constructor call (written with ``layers.``), then whether Keras 3 and Keras 2 refuse it
CALLS: dict[str, tuple[bool, bool]] = {
    "layers.AveragePooling1D()": (True, False),
    "layers.AveragePooling2D()": (True, False),
    "layers.AveragePooling3D(strides=1)": (True, False),
    "layers.AveragePooling2D(2)": (False, False),
    "layers.AveragePooling2D(pool_size=(2, 2))": (False, False),
    "layers.MaxPooling2D()": (False, False),
    "layers.Dense()": (True, True),
    "layers.Dense(activation='relu')": (True, True),
    "layers.Dense(units=3)": (False, False),
    "layers.Dense(3)": (False, False),
    "layers.Conv2D(8)": (True, True),
    "layers.Conv2D(8, kernel_size=3)": (False, False),
    "layers.Conv2D(kernel_size=3, filters=8)": (False, False),
    "layers.Embedding(10)": (True, True),
    "layers.Dropout()": (True, True),
    "layers.RandomZoom()": (True, True),
    "layers.Dense(**{'units': 3})": (False, False),
    # sizes a signature defaults to None that the constructor refuses (ValueError)
    "layers.CategoryEncoding()": (True, True),
    "layers.CategoryEncoding(None, output_mode='count')": (True, True),
    "layers.CategoryEncoding(3)": (False, False),
    "layers.Discretization()": (True, False),
    "layers.Discretization(num_bins=None)": (True, False),
    "layers.Discretization(num_bins=4)": (False, False),
    "layers.Discretization(bin_boundaries=[0.0, 1.0])": (False, False),
}


def program(call: str, version: KerasVersion) -> str:
    package = "keras" if version is K3 else "tf_keras"
    head = "" if version is K3 else 'import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n'
    return f"{head}import {package} as keras\nfrom {package} import layers\n\nlayer = {call}\n"


def lst107(text: str, version: KerasVersion) -> list[str]:
    result = lint_source(text, "t.py", Options(keras_version=str(version)))
    return [d.message for d in result.diagnostics if d.code == Code.INVALID_LAYER_ARGUMENT]


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("version", [K3, K2], ids=["keras3", "keras2"])
def test_missing_required_argument_reported_by_the_files_keras(call: str, version: KerasVersion) -> None:
    refused = CALLS[call][0 if version is K3 else 1]
    found = lst107(program(call, version), version)
    assert bool(found) == refused, found
    if refused:
        assert len(found) == 1 and ("is missing the required argument" in found[0] or " needs `" in found[0])


def test_the_message_names_every_missing_argument_and_the_help_the_keras2_default() -> None:
    text = program("layers.Resizing()", K3) + "pool = layers.AveragePooling2D(padding='same')\n"
    result = lint_source(text, "t.py", Options(keras_version="3"))
    by_line = {d.span.line: d for d in result.diagnostics}
    assert by_line[4].message == "`Resizing` is missing the required arguments `height` and `width`"
    assert by_line[4].help == "pass `height` and `width` (positionally or by keyword): Keras has no default for them"
    assert by_line[5].message == "`AveragePooling2D` is missing the required argument `pool_size`"
    assert by_line[5].help == "pass `pool_size`: it has no default in Keras 3 (Keras 2 used `pool_size=(2, 2)`)"


def test_sizes_the_constructor_refuses_as_none_name_the_alternatives() -> None:
    text = program("layers.Discretization()", K3) + "enc = layers.CategoryEncoding(num_tokens=None)\n"
    result = lint_source(text, "t.py", Options(keras_version="3"))
    by_line = {d.span.line: d for d in result.diagnostics}
    assert by_line[4].message == "`Discretization` needs `num_bins` or `bin_boundaries`"
    assert by_line[4].help == "pass `num_bins` or `bin_boundaries`: Keras 3 refuses the layer without one"
    assert by_line[5].message == "`CategoryEncoding` needs `num_tokens`, got None"
    assert by_line[5].help == "pass `num_tokens`: Keras refuses the layer without it"
    unknown = (
        "import keras\nfrom keras import layers\n\ndef make(n):\n    return layers.CategoryEncoding(num_tokens=n)\n"
    )
    assert lst107(unknown, K3) == []


@pytest.mark.parametrize(
    "source",
    [
        "def make(**kwargs):\n    return layers.Dense(**kwargs)\n\nlayer = make(units=3)\n",
        "def make(*args):\n    return layers.Conv2D(*args)\n\nlayer = make(8, 3)\n",
        "def make(options):\n    return layers.Dense(**options)\n",
        # a default stands for what callers pass when the function is checked on its own
        "def build(layer_kwargs={}):\n    return layers.Dense(**layer_kwargs)\n",
        "def build(pool_args=()):\n    return layers.AveragePooling1D(*pool_args)\n",
        "def build(options={}):\n    return layers.CategoryEncoding(**options)\n",
        "layer = layers.Dense(output_dim=8)\n",  # Keras 1: reported as the renamed argument
    ],
)
def test_unknown_star_arguments_and_keras1_names_are_not_reported_as_missing(source: str) -> None:
    text = "import keras\nfrom keras import layers\n\n" + source
    assert lst107(text, K3) == []


def test_the_layer_keras_refused_is_not_followed() -> None:
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inputs = keras.Input(shape=(10,))
        x = layers.Dense()(inputs)
        x = layers.LSTM(4)(x)
        """
    )
    result = lint_source(text, "t.py", Options(keras_version="3"))
    assert [(d.span.line, d.code) for d in result.diagnostics] == [(5, Code.INVALID_LAYER_ARGUMENT)]


def test_missing_arguments_reads_positions_and_keywords() -> None:
    dense, conv = LayerConfig("Dense"), LayerConfig("Conv2D")
    assert missing_arguments(dense, 1, set(), K3) is None
    assert missing_arguments(conv, 1, {"kernel_size"}, K3) is None
    found = missing_arguments(conv, 1, {"padding"}, K2)
    assert found is not None and found.data["missing"] == ("kernel_size",)
    assert found.data["rule"] == ArgumentRule.REQUIRED and found.data["both"] is True
    pool = missing_arguments(LayerConfig("AveragePooling1D"), 0, set(), K3)
    assert pool is not None and pool.data["defaults"] == {"pool_size": "2"} and pool.data["both"] is False
    assert missing_arguments(LayerConfig("AveragePooling1D"), 0, set(), K2) is None
    assert missing_arguments(LayerConfig("NotAKerasLayer"), 0, set(), K3) is None


def test_required_tables_name_parameters_the_layers_accept() -> None:
    for table, version in ((KERAS3_REQUIRED, K3), (KERAS2_REQUIRED, K2)):
        assert table, version
        for name, required in table.items():
            spec = spec_for(name)
            assert spec is not None
            accepted = spec.accepted(version)
            assert accepted is not None and all(param in accepted for param, _ in required), name
            positions = [p for _, p in required if p is not None]
            assert positions == sorted(positions), name
    assert "pool_size" in dict(KERAS3_REQUIRED["AveragePooling2D"])
    assert "AveragePooling2D" not in KERAS2_REQUIRED
    assert KERAS2_DEFAULTS["AveragePooling2D"] == {"pool_size": "(2, 2)"}


def test_fix_writes_the_keras2_default_and_cures_the_finding() -> None:
    text = program("layers.AveragePooling2D(padding='same')", K3)
    outcome = fix_source(text, "t.py", Options(keras_version="3"))
    assert "layers.AveragePooling2D(padding='same', pool_size=(2, 2))" in outcome.fixed
    assert [a.safe for a in outcome.applied] == [True]
    assert not [d for d in outcome.result.diagnostics if d.code == Code.INVALID_LAYER_ARGUMENT]
    # no Keras 2 default to write: no fix
    assert fix_source(program("layers.Dense()", K3), "t.py", Options(keras_version="3")).applied == []


@pytest.mark.keras
@pytest.mark.parametrize("version", [K3, K2], ids=["keras3", "keras2"])
def test_verdicts_match_real_keras(version: KerasVersion) -> None:
    """Each call of ``CALLS`` constructed in the real Keras of ``version``."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if version is K3:
        from keras import layers
    else:
        from tf_keras import layers
    for call, verdicts in CALLS.items():
        try:
            eval(call, {"layers": layers})  # our own constructor calls, not user code
            refused = False
        except (TypeError, ValueError):
            refused = True
        assert refused == verdicts[0 if version is K3 else 1], (call, version)
