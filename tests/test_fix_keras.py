"""Keras agrees with the fixes: every bad fixture, fixed by the real CLI on a temporary copy,
builds in real Keras, with the output shapes its corrected twin (fixtures/fixed) has.

The fixtures are our own programs, so running them here is fine (lstmlint itself never runs
user code). TensorFlow is imported once for the whole module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from lstmlint.api import lint_source  # noqa: E402
from lstmlint.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BAD = sorted((ROOT / "fixtures" / "bad").glob("*.py"))
TWIN = ROOT / "fixtures" / "fixed"

# Where the fix rightly differs from the hand-written twin. seed001_unet_skips: the twin
# projects each encoder skip down to its decoder layer and also returns skip1 from the model;
# --fix projects the narrower branch up (the help line's advice, no change of the model's
# outputs), so the skip tensors are wider; the model output (None, 9, 1) is the same.
DIFFERENT_ON_PURPOSE = {"seed001_unet_skips.py": {"skip1", "skip2", "model"}}
# No fix is offered for these (pooling too long; a pooled vector fed to an LSTM).
NO_FIX = {"cnn_lstm_pooling.py"}


def _build(text: str, name: str) -> dict[str, object]:
    """Run a fixture program and return the shapes of what it built, by variable name."""
    namespace: dict[str, object] = {"__name__": f"fixture_{name}"}
    exec(compile(text, name, "exec"), namespace)  # noqa: S102 - our own fixtures
    shapes: dict[str, object] = {}
    for var, value in namespace.items():
        if isinstance(value, keras.Model):
            outs = tuple(tuple(o.shape) for o in value.outputs)
            # every layer's output shape, as a multiset: the same architecture, whatever the names
            inner = sorted(repr(tuple(layer.output.shape)) for layer in value.layers)
            shapes[var] = ("model", outs, tuple(inner))
        elif isinstance(value, keras.KerasTensor):
            shapes[var] = tuple(value.shape)
    return shapes


def _fix(tmp_path: Path, bad: Path, *flags: str) -> str:
    copy = tmp_path / bad.name
    shutil.copyfile(bad, copy)
    result = CliRunner().invoke(main, ["--fix", "--no-color", *flags, str(copy)])
    assert result.exit_code in (0, 1), result.output
    return copy.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", BAD, ids=[p.name for p in BAD])
def test_fix_with_unsafe_fixes_builds_in_keras_like_the_twin(tmp_path: Path, bad: Path) -> None:
    original = bad.read_text(encoding="utf-8")
    text = _fix(tmp_path, bad, "--unsafe-fixes")
    assert bad.read_text(encoding="utf-8") == original, "the fixture itself must never change"
    if bad.name in NO_FIX:
        assert text == original
        return
    assert text != original
    remaining = lint_source(text, bad.name).diagnostics
    assert not remaining, [(d.line, d.code, d.message) for d in remaining]
    ours = _build(text, bad.name)  # raises if Keras refuses the model
    twin = _build((TWIN / bad.name).read_text(encoding="utf-8"), bad.name)
    skip = DIFFERENT_ON_PURPOSE.get(bad.name, set())
    compared = 0
    for var in sorted(set(ours) & set(twin) - skip):
        assert ours[var] == twin[var], var
        compared += 1
    assert compared >= 1
    for var in skip & set(ours):
        # shapes that differ on purpose still end in the same model output
        if isinstance(ours[var], tuple) and ours[var][:1] == ("model",):
            assert ours[var][1][0] == twin[var][1][0]


@pytest.mark.parametrize("bad", BAD, ids=[p.name for p in BAD])
def test_safe_fix_alone_builds_whenever_nothing_remains(tmp_path: Path, bad: Path) -> None:
    text = _fix(tmp_path, bad)
    remaining = [d for d in lint_source(text, bad.name).diagnostics if d.severity.value == "error"]
    if remaining:
        return
    _build(text, bad.name)


# ------------------------------------------------------------------ the corpus
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*/bad.py"))
# LST111 with an upstream layer that also feeds something else: the fix keeps what the model
# computes (an explicit RepeatVector); the hand-written twin shares the encoder instead.
# LST104 through `get_layer("summary").output`: the (unsafe) fix makes that LSTM return its
# steps, so the base model's head becomes per-step too; the hand-written twin taps "seq" instead.
# helper_block_function: the twin drops the third, wider call of the block; the fix keeps it and
# projects the shortcut inside the block, so the pooled `x` is 32 wide (the model output is the same).
# bidirectional_tagger: the twin sums the Bidirectional's directions (16 wide); the fix widens the
# residual branch's own Dense to the 32 of the concatenated directions instead.
# config_global_configure: the twin widens the LSTM through configure(); the fix projects its output.
CORPUS_DIFFERENT_ON_PURPOSE = {
    "helper_block_function": {"x"},
    "bidirectional_tagger": {"x"},
    "config_global_configure": {"h"},
    "siamese_shared_encoder": {"er", "diff", "score", "model"},
    "submodel_get_layer": {"vec", "base", "steps", "tags", "tagger"},
    # the twin gives the Input a time axis (the data change too); the unsafe fix reads the custom
    # layer's 32 features as 32 steps instead (the model output is the same)
    "subclass_custom_dense_layer": {"features", "projected"},
    # the twin narrows the 13-unit Dense to the charset's 12; the fix projects the narrower
    # branch (the one-hot input) to 13 instead: both build, which side is wrong is the user's call
    "charset_len_string_residual": {"x", "out", "model"},
    # the twin narrows the second graph convolution to the 5 node features; the fix projects the
    # features to the convolution's 8 instead: both build, with the same model output
    "activation_custom_layer_get": {"x"},
    # the twin narrows the projection to the attention's 4; the fix projects the attention to 8
    "suite_attention_batch_dot_keras2": {"projected", "x"},
    # the twin widens the input to the projection's 16; the fix projects the input to 16 instead
    "subclass_dense_super_call": {"inputs"},
    # the twin gives the Input 3 features per step; the fix adds a feature axis of 1 after it
    "tfops_version_chosen_base": {"inputs"},
    # the twin picks the concatenating mode (40 wide); the fix projects the 16-wide side to 24
    # and keeps the element-wise product the bad program asked for
    "known_merge_mode_lower": {"link"},
    # the twins change a width (the cell's output, the FFT's length, the layer's units, the hidden
    # cell's units); the fix projects one side of the residual with a Dense instead: both build
    "cell8_output_size": {"skip", "merged"},
    "lmu8_irfft_odd_length": {"smooth", "x"},
    "lmu8_optional_kernel_residual": {"memory", "x"},
    "lmu8_wrapped_hidden_cell": {"x", "inputs"},
}


def _shapes(text: str, name: str) -> dict[str, object]:
    import sys
    import types

    module = types.ModuleType(f"corpus_{name}")  # a real module: dataclasses look themselves up in it
    namespace: dict[str, object] = module.__dict__
    sys.modules[module.__name__] = module
    try:
        exec(compile(text, name, "exec"), namespace)  # noqa: S102 - the project's own corpus
    finally:
        sys.modules.pop(module.__name__, None)
    shapes: dict[str, object] = {}
    models = tuple(m.Model for m in (keras, _tf_keras()) if m is not None)
    tensors = tuple(m.KerasTensor for m in (keras,)) + _legacy_tensor_types()
    for var, value in namespace.items():
        if isinstance(value, models):
            try:
                shapes[var] = tuple(tuple(o.shape) for o in value.outputs)
            except (AttributeError, ValueError):  # a subclassed model has no symbolic outputs
                continue
        elif isinstance(value, tensors):
            shapes[var] = tuple(value.shape)
    return shapes


def _tf_keras() -> object | None:
    """``tf_keras`` (Keras 2, for the ``keras2_*`` pairs), if installed."""
    try:
        import tf_keras
    except ImportError:
        return None
    return tf_keras


def _legacy_tensor_types() -> tuple[type, ...]:
    """The symbolic tensor class of Keras 2 graphs (``tf_keras``'s own ``KerasTensor``)."""
    if _tf_keras() is None:
        return ()
    from tf_keras.src.engine.keras_tensor import KerasTensor

    return (KerasTensor,)


def _call_once(self, x=None, *args, **kwargs):
    """``fit``/``predict``/``evaluate`` stand-in: one eager call builds the model (and checks
    its shapes) without compiling a training step, which is all these tests need."""
    if hasattr(x, "element_spec"):  # a tf.data.Dataset of (features, labels) batches: one batch
        for batch in x.take(1):
            self(batch[0] if isinstance(batch, tuple) else batch)
    elif hasattr(x, "__next__"):  # a generator of batches (Keras 2 `fit_generator` calls `fit` with it)
        batch = next(x)
        self(batch[0] if isinstance(batch, tuple) else batch)
    elif x is not None:
        self(x)


@pytest.mark.parametrize("bad", CORPUS, ids=[p.parent.name for p in CORPUS])
def test_every_corpus_fix_builds_in_keras(bad: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lstmlint.fix import fix_source

    for lib in (keras, _tf_keras()):
        for method in ("fit", "predict", "evaluate"):
            if lib is not None:
                monkeypatch.setattr(lib.Model, method, _call_once)

    text = bad.read_text(encoding="utf-8")
    out = fix_source(text, str(bad), unsafe=True)
    if not out.applied:
        pytest.skip("no fix on offer")
    if any(d.severity.value == "error" for d in out.result.diagnostics):
        pytest.skip("errors without a fix remain")
    ours = _shapes(out.fixed, bad.parent.name)  # raises if Keras refuses the fixed model
    good = bad.parent / "good.py"
    if not good.exists():
        return
    twin = _shapes(good.read_text(encoding="utf-8"), bad.parent.name)
    skip = CORPUS_DIFFERENT_ON_PURPOSE.get(bad.parent.name, set())
    for var in sorted(set(ours) & set(twin) - skip):
        assert ours[var] == twin[var], var


# ------------------------------------------------- each kind of fix, built in Keras
SNIPPETS = {
    "projection-from-import": (
        "from keras import Input, Model\nfrom keras.layers import LSTM, Add\n"
        "inputs = Input(shape=(9, 1))\nenc = LSTM(64, return_sequences=True)(inputs)\n"
        "dec = LSTM(20, return_sequences=True)(enc)\nskip = Add()([enc, dec])\nmodel = Model(inputs, skip)\n",
        (None, 9, 64),
    ),
    "repeat-vector-concatenate": (
        "import keras\nfrom keras import layers\nseq = keras.Input(shape=(20, 6))\nmeta = keras.Input(shape=(4,))\n"
        "both = layers.Concatenate()([seq, meta])\nmodel = keras.Model([seq, meta], both)\n",
        (None, 20, 10),
    ),
    "bidirectional-inner": (
        "import keras\nfrom keras import layers\ninp = keras.Input(shape=(7, 5))\n"
        "x = layers.Bidirectional(layers.LSTM(8), merge_mode='sum')(inp)\ny = layers.LSTM(4)(x)\n"
        "model = keras.Model(inp, y)\n",
        (None, 4),
    ),
    "batch-input-shape-list": (
        "import keras\nfrom keras import layers\nmodel = keras.Sequential([\n"
        "    layers.LSTM(8, stateful=True, batch_input_shape=(4, 10, 3)),\n    layers.Dense(1),\n])\n",
        (4, 1),
    ),
    "batch-input-shape-add": (
        "from keras.models import Sequential\nfrom keras.layers import LSTM, Dense\nmodel = Sequential()\n"
        "model.add(LSTM(8, stateful=True, batch_input_shape=(4, 10, 3)))\nmodel.add(Dense(1))\n",
        (4, 1),
    ),
    "last-state-before-repeat-vector": (
        "import tensorflow as tf\nfrom tensorflow.keras import layers as L\nx = tf.keras.Input(shape=(12, 2))\n"
        "e = L.GRU(16, return_sequences=True)(x)\nr = L.RepeatVector(12)(e)\nd = L.GRU(2, return_sequences=True)(r)\n"
        "model = tf.keras.Model(x, d)\n",
        (None, 12, 2),
    ),
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_each_kind_of_fix_builds_in_keras(name: str) -> None:
    from lstmlint.fix import fix_source

    code, output = SNIPPETS[name]
    out = fix_source(code, f"{name}.py", unsafe=True)
    assert out.applied and not out.result.diagnostics, out.fixed
    namespace: dict[str, object] = {}
    exec(compile(out.fixed, name, "exec"), namespace)  # noqa: S102 - our own snippets
    model = namespace["model"]
    assert tuple(model.outputs[0].shape) == output  # type: ignore[attr-defined]
