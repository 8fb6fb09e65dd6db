"""Layer libraries built on Keras (QKeras, HGQ): their classes are layer specs derived from
their Keras bases (``lstmlint/layers/libraries.py``), reached through the import resolver.

The expected shapes and refusals below were measured by building the same graphs in the
libraries themselves (QKeras 0.9.0 and HGQ 0.2.6 on tf_keras 2.21, in a scratch environment;
the project never installs them). ``test_built_in_qkeras`` repeats the QKeras ones where QKeras
is importable, and skips cleanly otherwise.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import codes, lint

from lstmlint.layers.libraries import library_kind
from lstmlint.layers.spec import spec_for, traits_of
from lstmlint.source.keras_target import KerasVersion

QKERAS_HEADER = "from tensorflow import keras\nfrom qkeras import *\n"
HGQ_HEADER = "from tensorflow import keras\nfrom HGQ.layers import *\n"

# (layer expression applied to ``x``, input shape without the batch axis) -> output shape, or
# None where the library refuses to build it (each measured in QKeras 0.9.0 / HGQ 0.2.6)
QKERAS_CASES: list[tuple[str, tuple[int, ...], str | None]] = [
    ("QDense(8, kernel_quantizer='quantized_bits(4,0,1)')(x)", (16,), "(None, 8)"),
    ("QDense(8)(x)", (5, 16), "(None, 5, 8)"),
    ("QActivation('quantized_relu(4)')(x)", (5, 3), "(None, 5, 3)"),
    ("QConv1D(4, 3)(x)", (10, 2), "(None, 8, 4)"),
    ("QConv1D(4, 9)(x)", (7, 3), None),
    ("QConv2D(2, 3)(x)", (4, 4, 1), "(None, 2, 2, 2)"),
    ("QConv2D(2, 3, strides=2, padding='same')(x)", (9, 9, 3), "(None, 5, 5, 2)"),
    ("QSeparableConv1D(4, 3)(x)", (10, 2), "(None, 8, 4)"),
    ("QSeparableConv2D(4, 3)(x)", (8, 8, 2), "(None, 6, 6, 4)"),
    ("QDepthwiseConv2D(3, depth_multiplier=2)(x)", (8, 8, 2), "(None, 6, 6, 4)"),
    ("QConv2DBatchnorm(4, 3)(x)", (8, 8, 2), "(None, 6, 6, 4)"),
    ("QDepthwiseConv2DBatchnorm(3)(x)", (8, 8, 2), "(None, 6, 6, 2)"),
    ("QBatchNormalization()(x)", (5, 3), "(None, 5, 3)"),
    ("QAveragePooling2D()(x)", (8, 8, 2), "(None, 4, 4, 2)"),
    ("QGlobalAveragePooling2D()(x)", (8, 8, 2), "(None, 2)"),
    ("QLSTM(4, return_sequences=True)(x)", (7, 5), "(None, 7, 4)"),
    ("QLSTM(4)(x)", (5,), None),
    ("QBidirectional(QLSTM(4))(x)", (7, 5), "(None, 8)"),
    ("QLSTM(3)(QLSTM(5)(x))", (7, 5), None),
    ("QAdaptiveActivation('quantized_relu', 4)(x)", (5, 3), "(None, 5, 3)"),
]
HGQ_CASES: list[tuple[str, tuple[int, ...], str | None]] = [
    ("HDense(15)(HQuantize()(x))", (16,), "(None, 15)"),
    ("HDense(3)(HQuantize()(x))", (4, 4, 2), "(None, 4, 4, 3)"),
    ("HConv1D(2, 2)(HQuantize()(x))", (5, 3), "(None, 4, 2)"),
    ("HConv2D(2, 3)(HQuantize()(x))", (4, 4, 1), "(None, 2, 2, 2)"),
    ("HConv2D(2, 5)(HQuantize()(x))", (4, 4, 1), None),
    ("HActivation('relu')(HQuantize()(x))", (16,), "(None, 16)"),
    ("HAdd()([HQuantize()(x), HQuantize()(x)])", (16,), "(None, 16)"),
    ("PReshape((4, 4, 1))(HQuantize()(x))", (16,), "(None, 4, 4, 1)"),
    ("PReshape((3, 5))(HQuantize()(x))", (16,), None),
    ("PFlatten()(HQuantize()(x))", (3, 5), "(None, 15)"),
    ("PConcatenate()([HQuantize()(x), HQuantize()(x)])", (15,), "(None, 30)"),
    ("PMaxPool2D()(HQuantize()(x))", (3, 5, 1), "(None, 1, 2, 1)"),
    ("PAvgPool1D()(HQuantize()(x))", (5, 3), "(None, 2, 3)"),
    ("PAvgPool1D(2)(HQuantize()(x))", (5, 3), "(None, 2, 3)"),
    ("Signature(1, 6, 3)(x)", (15,), "(None, 15)"),
    ("PDropout(0.5)(HQuantize()(x))", (15,), "(None, 15)"),
]


def _program(header: str, call: str, shape: tuple[int, ...]) -> str:
    return f"{header}x = keras.Input(shape={shape!r})\ny = {call}\nm = keras.Model(x, y)\n"


def _outcome(source: str) -> tuple[str | None, list[str]]:
    """The shape of ``y`` (line 4) and the codes of the errors reported."""
    result = lint(source)
    assert result.analysis is not None
    errors = [d.code for d in result.diagnostics if d.severity == "error"]
    last = [a for a in result.analysis.applications if result.locate and result.locate(a.node).line == 4]
    shape = None
    if last and last[-1].outputs:
        shape = str(last[-1].outputs[0].shape)
    return shape, errors


@pytest.mark.parametrize(("call", "shape", "expected"), QKERAS_CASES + HGQ_CASES)
def test_library_layer_shapes(call: str, shape: tuple[int, ...], expected: str | None) -> None:
    header = QKERAS_HEADER if call in {c for c, _, _ in QKERAS_CASES} else HGQ_HEADER
    got, errors = _outcome(_program(header, call, shape))
    if expected is None:
        assert errors, f"{call} on {shape}: the library refuses it, lstmlint reported nothing"
    else:
        assert errors == []
        assert got == expected


def test_a_qlstm_without_return_sequences_feeding_a_qlstm_is_lst101_with_its_fix() -> None:
    source = """
        from tensorflow import keras
        from qkeras import QDense, QLSTM
        from qkeras.qlayers import QActivation

        inp = keras.Input(shape=(16,))
        x = QDense(8, kernel_quantizer="quantized_bits(4, 0, 1)")(inp)
        x = QActivation("quantized_relu(4)")(x)
        x = keras.layers.Reshape((4, 2))(x)
        x = QLSTM(5)(x)
        y = QLSTM(3)(x)
        m = keras.Model(inp, y)
    """
    result = lint(source)
    found = [(d.line, d.code) for d in result.diagnostics]
    assert found == [(11, "LST101")]
    diag = result.diagnostics[0]
    assert "`QLSTM`" in diag.message
    assert "return_sequences=True" in str(diag.help)


def test_every_import_spelling_reaches_the_spec() -> None:
    assert library_kind("qkeras.QDense") == "QDense"
    assert library_kind("qkeras.qlayers.QDense") == "QDense"
    assert library_kind("qkeras.qconvolutional.QConv2D") == "QConv2D"
    assert library_kind("HGQ.layers.PMaxPool2D") == "PMaxPooling2D"  # an alias the library exports
    assert library_kind("HGQ.layers.passive_layers.PFlatten") == "PFlatten"
    assert library_kind("qkeras.quantized_bits") is None  # a quantizer, not a layer
    assert library_kind("mylib.QDense") is None  # the same name elsewhere is not QKeras'
    assert library_kind("QDense") is None
    source = """
        import qkeras
        from tensorflow import keras
        import HGQ.layers as H
        inp = keras.Input(shape=(16,))
        x = qkeras.QDense(8)(inp)
        x = qkeras.qlayers.QActivation("quantized_relu(4)")(x)
        y = H.HDense(4)(x)
        m = keras.Model(inp, y)
    """
    result = lint(source)
    assert result.analysis is not None
    shapes = [str(a.outputs[0].shape) for a in result.analysis.applications if a.outputs]
    assert shapes == ["(None, 8)", "(None, 8)", "(None, 4)"]


def test_the_same_class_name_from_another_module_stays_unknown() -> None:
    source = """
        from tensorflow import keras
        from mylib import QDense
        inp = keras.Input(shape=(16,))
        x = QDense(8)(inp)
        y = keras.layers.LSTM(3)(x)
        m = keras.Model(inp, y)
    """
    assert codes(source) == []  # not QKeras' QDense: its output (2-D or not) is unknown


def test_specs_keep_their_bases_traits_and_checks() -> None:
    lstm, qlstm = spec_for("LSTM"), spec_for("QLSTM")
    assert lstm is not None and qlstm is not None
    assert qlstm.traits == lstm.traits and qlstm.infer is lstm.infer and qlstm.checks == lstm.checks
    assert traits_of("QBidirectional").wraps == "layer"
    assert traits_of("QLSTMCell").cell
    assert traits_of("HAdd").merge and not traits_of("HAdd").weightless
    assert not traits_of("HQuantize").weightless  # bit-width variables
    assert traits_of("QActivation").weightless
    # never rebuilt by --confirm: the library is not installed where Keras rebuilds the graph
    assert not qlstm.may_rebuild()


def test_accepted_and_unknown_arguments() -> None:
    qdense = spec_for("QDense")
    assert qdense is not None
    assert qdense.accepts("kernel_quantizer", KerasVersion.KERAS2)
    assert qdense.accepts("bias_range", KerasVersion.KERAS2)
    assert qdense.accepts("units", KerasVersion.KERAS2)
    assert qdense.accepts("name", KerasVersion.KERAS2)  # handed on to Dense through **kwargs
    assert qdense.accepts("depthwise_quantizer", KerasVersion.KERAS2) is False
    # QKeras and HGQ run on Keras 2: nothing is recorded (so nothing refused) for Keras 3
    assert qdense.accepts("kernel_quantizer", KerasVersion.KERAS3) is None
    hdense = spec_for("HDense")
    assert hdense is not None and hdense.accepts("kq_conf", KerasVersion.KERAS2)
    assert hdense.accepts("parallel_factor", KerasVersion.KERAS2)
    # a positional argument binds in the library's order: QConv1D has no ``data_format`` slot
    source = """
        from tensorflow import keras
        from qkeras import QConv1D
        inp = keras.Input(shape=(10, 2))
        y = QConv1D(4, 3, 1, "valid", 2)(inp)
        m = keras.Model(inp, y)
    """
    result = lint(source)
    assert result.analysis is not None and not result.diagnostics
    assert str(result.analysis.applications[-1].outputs[0].shape) == "(None, 6, 4)"  # dilation 2
    # a constructor check of the base applies (Dense refuses units=0)
    assert (
        codes(
            """
        from tensorflow import keras
        from qkeras import QDense
        inp = keras.Input(shape=(16,))
        y = QDense(0)(inp)
        """
        )
        != []
    )


def test_the_spec_wins_over_the_librarys_own_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Where the project holds QKeras' own modules, ``QDense`` is still its spec, not its source."""
    pkg = tmp_path / "qkeras"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .qlayers import QDense\n")
    (pkg / "qlayers.py").write_text(
        textwrap.dedent(
            """
            import tensorflow as tf
            class QDense(tf.keras.layers.Dense):
                def __init__(self, units, **kwargs):
                    super().__init__(units=units, **kwargs)
                def call(self, x):
                    return some_unknown_op(x)
            """
        )
    )
    (tmp_path / "setup.py").write_text("")
    prog = tmp_path / "train.py"
    prog.write_text(
        textwrap.dedent(
            """
            from tensorflow import keras
            from qkeras import QDense
            inp = keras.Input(shape=(16,))
            x = QDense(8)(inp)
            y = keras.layers.LSTM(3)(x)
            m = keras.Model(inp, y)
            """
        )
    )
    from lstmlint.api import lint_file

    result = lint_file(str(prog))
    assert [(d.line, d.code) for d in result.diagnostics] == [(6, "LST101")]
    assert not any("qkeras" in path for path, _ in result.followed)  # its source was never read


@pytest.mark.keras
def test_built_in_qkeras() -> None:
    """The QKeras cases above, built in QKeras itself where it is installed."""
    qkeras = pytest.importorskip("qkeras")  # never a test dependency of the project
    from tensorflow import keras

    names = {name: getattr(qkeras, name) for name in dir(qkeras) if name.startswith("Q")}
    for call, shape, expected in QKERAS_CASES:
        x = keras.Input(shape=shape)
        try:
            y = eval(call, {**names}, {"x": x})  # the test's own literal expressions
        except ValueError:
            assert expected is None, call
            continue
        assert expected is not None, call
        assert str(tuple(y.shape)) == expected, call


def test_a_pytest_parametrization_over_keras_and_qkeras_classes_follows_both() -> None:
    """hls4ml's tests run the same model with ``Dense`` and ``QDense``: both variants are followed."""
    source = """
        import pytest
        from qkeras import QDense
        from tensorflow.keras.layers import Dense, LSTM
        from tensorflow.keras.models import Sequential

        dense_layers = [Dense, QDense]


        @pytest.mark.parametrize("dense", dense_layers)
        def test_dense(dense):
            model = Sequential()
            model.add(dense(3, input_shape=(2,), name="dense"))
            model.add(LSTM(1))
    """
    result = lint(source)
    assert result.analysis is not None
    assert [(d.line, d.code) for d in result.diagnostics] == [(14, "LST101")]
    layers = {a.layer.cfg.kind for a in result.analysis.applications if a.outputs and a.outputs[0].shape.dims}
    assert {"Dense", "QDense"} <= layers


def test_a_nested_sequential_whose_layers_are_not_all_followed_is_not_an_identity() -> None:
    """kapre's ``get_melspectrogram_layer()`` returns ``Sequential(layers)`` of layers whose
    ``call`` the analysis cannot follow; added to a Sequential, it used to pass its input through
    unchanged (a false LST104 on the ``Conv2D`` after it). Keras 3.15 builds this program:
    ``(None, 14, 6, 4)``."""
    source = """
        import tensorflow as tf
        from tensorflow.keras import Sequential


        class AddChannel(tf.keras.layers.Layer):
            def call(self, x):
                return tf.expand_dims(tf.math.bessel_i0(x), -1)


        def composed(flag=False):
            layers = [AddChannel()]
            if flag:
                layers.append(AddChannel())
            return Sequential(layers, name="c")


        m3 = tf.keras.Sequential()
        m3.add(tf.keras.Input(shape=(16, 8)))
        m3.add(composed())
        m3.add(tf.keras.layers.Conv2D(4, 3))
    """
    assert codes(source) == []


@pytest.mark.parametrize("version", ["2", "3"])
def test_a_library_layers_constructor_is_judged_by_the_keras_the_library_runs_on(version: str) -> None:
    """QKeras and HGQ run on Keras 2 (tf_keras) even in a file judged by Keras 3: Keras 2's
    ``Dense`` casts ``units=4.0`` and takes ``batch_input_shape`` (measured in QKeras 0.9.0 on
    tf_keras 2.21), so neither is reported; Keras' own ``Dense`` still is under Keras 3."""
    from lstmlint.api import lint_source
    from lstmlint.settings import Options

    source = (
        "import keras\nfrom qkeras import QDense\n"
        "m = keras.Sequential([QDense(8 / 2, batch_input_shape=(4, 3)), keras.layers.Dense(2)])\n"
        "n = keras.layers.Dense(8 / 2)\n"
    )
    result = lint_source(source, "model.py", Options(keras_version=version))
    assert result.internal_error is None
    found = [(d.line, d.code) for d in result.diagnostics]
    assert found == ([(4, "LST107")] if version == "3" else [])
