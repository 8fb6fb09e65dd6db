"""What ``--confirm`` may hand to Keras, decided by the layer registry. No TensorFlow."""

from __future__ import annotations

import json

import pytest

from lstmlint.api import lint_source
from lstmlint.confirm.spec import NotRebuildable, StandIns, build_jobs, layer_spec
from lstmlint.layers import LayerConfig
from lstmlint.layers.spec import may_rebuild


def test_only_pure_shape_layers_and_safe_arguments_are_rebuilt() -> None:
    assert may_rebuild("LSTM") and may_rebuild("Dense", "units") and may_rebuild("LSTMCell")
    for kind in ("TFSMLayer", "Lambda", "IntegerLookup", "StringLookup", "TextVectorization", "NoSuchLayer"):
        assert not may_rebuild(kind), kind
    for argument in ("filepath", "vocabulary", "function", "custom_objects", "weights"):
        assert not may_rebuild("Dense", argument), argument


@pytest.mark.parametrize("cfg", [
    LayerConfig("TFSMLayer", {"filepath": "/tmp/model", "call_endpoint": "serve"}),
    LayerConfig("IntegerLookup", {"vocabulary": "/etc/passwd"}),
    LayerConfig("Lambda", {"function": "print"}),
    LayerConfig("Bidirectional", {"layer": LayerConfig("TFSMLayer", {"filepath": "/tmp/model"})}),
])
def test_layer_spec_refuses(cfg: LayerConfig) -> None:
    with pytest.raises(NotRebuildable):
        layer_spec(cfg, StandIns())


def test_strings_that_are_not_option_words_never_travel() -> None:
    spec = layer_spec(LayerConfig("Dense", {"units": 3, "kernel_initializer": "/etc/passwd",
                                            "activation": "keras.src.x"}), StandIns())
    assert spec == {"kind": "Dense", "params": {"units": 3}}
    with pytest.raises(NotRebuildable, match="string"):
        layer_spec(LayerConfig("Conv1D", {"filters": 3, "kernel_size": 2, "padding": "../same"}), StandIns())


def test_a_required_argument_left_out_is_recorded() -> None:
    from lstmlint.shapes import UNKNOWN

    spec = layer_spec(LayerConfig("Activation", {"activation": UNKNOWN}), StandIns())
    assert spec == {"kind": "Activation", "params": {}, "dropped": ["`activation` of `Activation`"]}
    spec = layer_spec(LayerConfig("Dense", {"units": 3, "activation": UNKNOWN}), StandIns())
    assert spec == {"kind": "Dense", "params": {"units": 3}}


def test_jobs_carry_the_allow_list_and_never_a_file_path() -> None:
    result = lint_source(
        "import keras\nfrom keras import layers\n"
        "inputs = keras.Input(shape=(10,), dtype='int64')\n"
        "ids = layers.IntegerLookup(vocabulary='/etc/passwd')(inputs)\n"
        "x = layers.Embedding(100, 8)(inputs)\n"
        "model = keras.Model(inputs, [ids, layers.LSTM(4, return_sequences=True)(x)])\n",
        "m.py",
    )
    assert result.analysis is not None
    (job,) = build_jobs(result.analysis, lambda node: 1)
    assert job.spec["allow"] == {"Embedding": ["input_dim", "output_dim"], "LSTM": ["return_sequences", "units"]}
    assert "/etc/passwd" not in json.dumps(job.spec)
