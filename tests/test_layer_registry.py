"""The layer registry: one home per layer (fast tier, no TensorFlow).

Each Keras layer lstmlint knows is one ``LayerSpec`` in its family module under
``lstmlint/layers/``; every other stage asks the spec's traits, never a layer name.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from lstmlint.api import lint_source
from lstmlint.layers import FUNCTIONAL_MERGES, LAYERS, OPAQUE_LAYERS
from lstmlint.layers.arguments import validate
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.migration import keras2_only
from lstmlint.layers.params import count_params, is_weightless
from lstmlint.layers.spec import KerasVersion, Traits, all_specs, spec_for, traits_of
from lstmlint.shapes import Shape
from lstmlint.shapes.problems import ArgumentRule, ProblemKind

PACKAGE = Path(__file__).resolve().parent.parent / "lstmlint"
WATCHED_FAMILIES = {"recurrent", "cell", "conv", "conv_recurrent", "merge", "attention", "wrapper", "preprocessing"}


def _string_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_each_watched_layer_name_lives_in_at_most_two_modules() -> None:
    """Every recurrent, convolution, merge and attention layer name is a string literal in at
    most 2 modules of lstmlint/ (its spec module, and one more with a stated reason)."""
    literals = {p: _string_literals(p) for p in PACKAGE.rglob("*.py")}
    names = {n for s in all_specs() if s.traits.family in WATCHED_FAMILIES for n in (s.name, *s.aliases)}
    assert {"LSTM", "Bidirectional", "Conv1D", "Conv2D", "Add", "Concatenate", "Dot", "MultiHeadAttention"} <= names
    spread = {n: sorted(str(p.relative_to(PACKAGE)) for p, lits in literals.items() if n in lits) for n in names}
    too_many = {n: where for n, where in spread.items() if len(where) > 2}
    assert too_many == {}


def test_names_and_aliases_resolve_to_one_spec() -> None:
    assert spec_for("Convolution1D") is spec_for("Conv1D")
    assert spec_for("Convolution2D") is spec_for("Conv2D")
    assert spec_for("MaxPool1D") is spec_for("MaxPooling1D")
    assert spec_for("NoSuchLayer") is None
    assert traits_of("NoSuchLayer") == Traits()
    # the views are derived from the specs
    assert LAYERS["GlobalAvgPool1D"].name == "GlobalAveragePooling1D"
    assert FUNCTIONAL_MERGES["concatenate"] == ("Concatenate", ("inputs", "axis"))
    # a modelled layer is never also listed as not followed (attention was both before)
    assert not {"Attention", "AdditiveAttention", "MultiHeadAttention", "Conv2D", "Lambda"} & OPAQUE_LAYERS
    assert "TFSMLayer" in OPAQUE_LAYERS


def test_traits_replace_the_old_name_lists() -> None:
    recurrent = {s.name for s in all_specs() if s.traits.recurrent}
    assert recurrent == {"LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"}
    assert {s.name: s.traits.states for s in all_specs() if s.traits.states} == {
        "LSTM": 2, "GRU": 1, "SimpleRNN": 1, "LSTMCell": 2, "GRUCell": 1, "SimpleRNNCell": 1,
        "ConvLSTM1D": 2, "ConvLSTM2D": 2, "ConvLSTM3D": 2}
    # the rank of the sequence each recurrent layer reads: ConvLSTM reads (batch, time, *spatial, channels)
    assert {s.name: s.traits.sequence_rank for s in all_specs() if s.traits.recurrent and s.traits.sequence_rank != 3} \
        == {"ConvLSTM1D": 4, "ConvLSTM2D": 5, "ConvLSTM3D": 6}
    assert {s.name for s in all_specs() if s.traits.elementwise} == {
        "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"}
    assert {s.name for s in all_specs() if s.traits.rank_preserving} == {
        "Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Activation", "Masking", "ReLU",
        "LeakyReLU", "ThresholdedReLU", "ELU", "Softmax", "ActivityRegularization", "Identity", "BatchNormalization",
        "LayerNormalization", "SpatialDropout1D", "Dense", "PReLU", "UnitNormalization", "GroupNormalization",
        "SpatialDropout2D", "SpatialDropout3D", "Normalization", "Rescaling"}
    assert traits_of("Bidirectional").wraps == "layer" and traits_of("TimeDistributed").wraps == "layer"
    assert traits_of("RNN").cells == "cell" and traits_of("MultiHeadAttention").spread_call


def test_every_modelled_layer_of_the_watched_families_has_cases() -> None:
    missing = [s.name for s in all_specs()
               if s.traits.family in WATCHED_FAMILIES - {"cell"} and s.infer is not None and not s.cases]
    assert missing == []
    for spec in all_specs():
        for case in spec.cases:
            assert "i0" in case.call and case.inputs, (spec.name, case)


def test_weightless_layers_count_zero_and_counted_layers_are_not_weightless() -> None:
    for spec in all_specs():
        assert not (spec.traits.weightless and spec.count is not None), spec.name
        if spec.traits.weightless:
            assert count_params(LayerConfig(spec.name, {}), [Shape(None)]) is not None
    assert is_weightless("InputLayer") and is_weightless("Add") and not is_weightless("Dense")


def test_constructor_checks_are_typed() -> None:
    p = validate(LayerConfig("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}))
    assert p is not None and p.code == "LST107" and p.kind is ProblemKind.BAD_CONSTRUCTOR_ARGUMENT
    assert p.data["rule"] is ArgumentRule.STRIDES_WITH_DILATION and "help" not in p.data
    p = validate(LayerConfig("Conv2D", {"filters": 4, "kernel_size": (3, 3, 3)}))
    assert p is not None and p.data["rule"] is ArgumentRule.INT_TUPLE_LENGTH and p.data["length"] == 2
    p = validate(LayerConfig("LSTM", {"units": 2.0}))
    assert p is not None and p.data == {"argument": "units", "value": 2.0, "rule": ArgumentRule.POSITIVE_INT}
    assert validate(LayerConfig("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "CAUSAL"})) is None
    assert validate(LayerConfig("Lambda", {})) is None


@pytest.mark.parametrize("ctor", [
    "layers.Conv1D(8, 3, strides=2, dilation_rate=2)",
    "layers.Conv2D(8, 3, strides=2, dilation_rate=2)",
    "layers.Permute((1, 1))",
    "layers.Reshape((-1, -1))",
])
def test_constructor_errors_are_reported_at_the_constructor(ctor: str) -> None:
    """Keras raises these in the layer's constructor, so the error is on that line."""
    source = textwrap.dedent(f"""\
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 12, 3))
        layer = {ctor}
        x = layer(inputs)
    """)
    result = lint_source(source, "model.py")
    assert [(d.code, d.line) for d in result.diagnostics] == [("LST107", 4)]


def test_accepted_keywords_are_recorded_per_keras_version() -> None:
    lstm = spec_for("LSTM")
    assert lstm is not None
    assert lstm.accepts("return_sequences") is True
    assert lstm.accepts("time_major") is False            # Keras 3: "Unrecognized keyword arguments"
    assert lstm.accepts("batch_input_shape") is False
    assert lstm.accepts("input_shape") is True
    assert lstm.accepts("time_major", KerasVersion.KERAS2) is True   # tf_keras' LSTM takes it
    assert lstm.accepts("batch_input_shape", KerasVersion.KERAS2) is True
    # a modelled class has its keywords recorded for Keras 3, or is a Keras 2 class Keras 3 dropped
    # (``ThresholdedReLU``: recorded for Keras 2, LST403 under Keras 3)
    assert all(s.accepted() is not None or keras2_only(s) for s in all_specs() if s.infer is not None)
    assert all(s.accepted(KerasVersion.KERAS2) is not None for s in all_specs() if keras2_only(s))


@pytest.mark.keras
def test_accepted_keywords_table_matches_the_installed_keras() -> None:
    """The generated table (lstmlint/layers/accepted.py) has not drifted from Keras' signatures."""
    pytest.importorskip("keras")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(Path(__file__).parent / "gen" / "kwargs_table.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_problems_from_every_case_are_typed_and_carry_no_advice() -> None:
    """Each spec case, linted: every finding has a registered Code and a ProblemKind, and its
    data holds facts only (help text is the rules' job)."""
    from lstmlint.codes import Code

    seen = 0
    for spec in all_specs():
        for case in spec.cases:
            lines = ["import keras", "from keras import layers"]
            lines += [f"i{k} = keras.Input(shape={s!r})" for k, s in enumerate(case.inputs)]
            result = lint_source("\n".join([*lines, f"out = {case.call}"]) + "\n", "case.py")
            assert result.internal_error is None, (case, result.internal_error)
            assert result.analysis is not None
            for finding in result.analysis.findings:
                seen += 1
                assert isinstance(finding.problem.code, Code), case
                assert isinstance(finding.problem.kind, ProblemKind), case
                assert "help" not in finding.problem.data, case
    assert seen >= 40


def test_unknown_and_symbolic_arguments_give_unknown_or_symbolic_dims_never_a_problem() -> None:
    """The layers of issue 10: an argument that is not a literal leaves the dims it decides
    unknown (or symbolic), and is never a finding."""
    from lstmlint.layers.spec import infer_layer
    from lstmlint.shapes import UNKNOWN, Sym
    from lstmlint.shapes.dims import arith

    n = Sym.named("n")
    image, video = Shape((None, 10, 12, 3)), Shape((None, 5, 10, 12, 3))
    cases = [
        ("Conv2D", {"filters": 4, "kernel_size": UNKNOWN}, image, (None, UNKNOWN, UNKNOWN, 4)),
        ("Conv3D", {"filters": n, "kernel_size": 3}, video, (None, 3, 8, 10, n)),
        ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": UNKNOWN}, image, (None, UNKNOWN, UNKNOWN, 4)),
        ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "padding": UNKNOWN}, image, (None, UNKNOWN, UNKNOWN, 4)),
        ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": n}, image, (None, 8, 10, arith("*", 3, n))),
        ("MaxPooling2D", {"pool_size": UNKNOWN}, image, (None, UNKNOWN, UNKNOWN, 3)),
        ("GlobalAveragePooling2D", {"keepdims": UNKNOWN}, image, None),
        ("UpSampling2D", {"size": UNKNOWN}, image, (None, UNKNOWN, UNKNOWN, 3)),
        ("ZeroPadding2D", {"padding": UNKNOWN}, image, (None, UNKNOWN, UNKNOWN, 3)),
        ("Cropping2D", {"cropping": UNKNOWN}, image, (None, UNKNOWN, UNKNOWN, 3)),
        ("ConvLSTM2D", {"filters": 4, "kernel_size": UNKNOWN}, video, (None, UNKNOWN, UNKNOWN, 4)),
        ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "return_sequences": UNKNOWN}, video, None),
        ("TextVectorization", {"output_sequence_length": n}, Shape((None,)), (None, n)),
        ("TextVectorization", {"output_mode": UNKNOWN}, Shape((None,)), None),
        ("StringLookup", {"output_mode": "one_hot", "max_tokens": n, "pad_to_max_tokens": True}, Shape((None, 4)),
         (None, 4, UNKNOWN)),
        ("StringLookup", {"output_mode": "multi_hot"}, Shape((None, 4)), (None, UNKNOWN)),  # vocabulary adapted later
        ("Hashing", {"num_bins": n, "output_mode": "multi_hot"}, Shape((None, 4)), (None, n)),
        ("CategoryEncoding", {"num_tokens": UNKNOWN}, Shape((None, 4)), (None, UNKNOWN)),
        ("Discretization", {"bin_boundaries": UNKNOWN, "output_mode": "one_hot"}, Shape((None, 4)),
         (None, 4, UNKNOWN)),
        ("Resizing", {"height": n, "width": UNKNOWN}, image, (None, n, UNKNOWN, 3)),
        ("PReLU", {"shared_axes": UNKNOWN}, Shape((None, 7, 3)), None),
        ("GroupNormalization", {"groups": UNKNOWN}, Shape((None, 7, 6)), (None, 7, 6)),
    ]
    for kind, params, x, expected in cases:
        outcome = infer_layer(LayerConfig(kind, params), [x])   # never raises ShapeProblem
        shape = outcome.outputs[0] if outcome.outputs else Shape(None)
        assert shape.dims == expected, (kind, params, shape)


def test_conv_lstm_findings_speak_of_its_own_layout() -> None:
    """ConvLSTM2D has the recurrent traits: LST101 names its 5-D layout and blames the upstream
    ConvLSTM2D's `return_sequences` (not a 3-D (batch, time, features) input)."""
    source = textwrap.dedent("""\
        import keras
        from keras import layers
        frames = keras.Input(shape=(10, 40, 40, 1))
        x = layers.ConvLSTM2D(16, 3, padding="same")(frames)
        x = layers.BatchNormalization()(x)
        x = layers.ConvLSTM2D(8, 3, padding="same")(x)
        y = layers.ConvLSTM2D(8, 3)(layers.Input(shape=(40, 40, 1)))
        z = layers.Conv2D(4, 3)(frames)
        w = layers.TimeDistributed(layers.Conv2D(4, 3))(frames)
    """)
    result = lint_source(source, "model.py")
    found = {d.line: d for d in result.diagnostics}
    assert sorted(found) == [6, 7, 8]
    assert found[6].code == "LST101" and "(batch, time, rows, cols, channels)" in found[6].message
    assert "(batch, time, features)" not in found[6].message
    assert "`return_sequences=True` on the `ConvLSTM2D` at line 4" in (found[6].help or "")
    assert any("expects (batch, time, rows, cols, channels)" in label.message for label in found[6].labels)
    assert found[7].code == "LST101" and "shape=(timesteps, 40, 40, 1)" in (found[7].help or "")
    assert found[8].code == "LST104" and "TimeDistributed" in (found[8].help or "")
