"""EinsumDense and the image augmentation layers (``lstmlint/layers/einsum.py``,
``lstmlint/layers/augmentation.py``): shapes, findings and parameter counts.

The fast tests pin the facts measured in Keras 3.15.1 and tf_keras 2.21 (the Keras tier below
and ``tests/test_shapes_vs_keras.py`` re-measure them): the parameter counts are compared with
``count_params()`` of the same layer built in Keras 3 and in tf_keras.
"""

from __future__ import annotations

import textwrap

import pytest
from tiers import needs_keras

from lstmlint.api import lint_source
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.einsum import analyse
from lstmlint.layers.params import count_params
from lstmlint.layers.spec import spec_for
from lstmlint.shapes import Shape


def _lint(body: str, shape: tuple) -> tuple[list[tuple[str, int]], list[tuple | None], list[int | None]]:
    """(findings, output shapes, parameter counts) of the layer applied on the last line."""
    source = f"import keras\nfrom keras import layers\ni0 = keras.Input(shape={shape!r})\nout = {body}\n"
    result = lint_source(source, "case.py")
    assert result.analysis is not None
    apps = [a for a in result.analysis.applications if result.locate(a.node).line == 4]
    shapes = [a.outputs[0].shape.dims if a.outputs else None for a in apps]
    counts = []
    for a in apps:
        c = count_params(a.layer.cfg, [t.shape for t in a.inputs])
        counts.append(None if c is None else c.trainable + c.non_trainable)
    return [(d.code, d.line) for d in result.diagnostics], shapes, counts


# (layer call, input shape without the batch axis, output shape, parameter count): Keras 3.15.1
EINSUM = [
    ('layers.EinsumDense("ab,bc->ac", output_shape=32)(i0)', (16,), (None, 32), 512),
    ('layers.EinsumDense("ab,bc->ac", output_shape=32, bias_axes="c")(i0)', (16,), (None, 32), 544),
    # a None in output_shape stays None in Keras 3, although the input's size is known
    ('layers.EinsumDense("abc,cd->abd", output_shape=(None, 32), bias_axes="d")(i0)', (10, 16), (None, None, 32), 544),
    ('layers.EinsumDense("abc,cd->abd", output_shape=(10, 32))(i0)', (10, 16), (None, 10, 32), 512),
    ('layers.EinsumDense("...b,bc->...c", output_shape=32, bias_axes="c")(i0)', (10, 16), (None, 10, 32), 544),
    # the axes a leading ``...`` covers come out in reverse order (Keras 3 inserts each at 1)
    ('layers.EinsumDense("...b,bc->...c", output_shape=32)(i0)', (7, 10, 16), (None, 10, 7, 32), 512),
    ('layers.EinsumDense("ab...,bc->ac...", output_shape=32, bias_axes="c")(i0)', (16, 5), (None, 32, 5), 544),
    (
        'layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="de")(i0)',
        (10, 16),
        (None, None, 4, 8),
        544,
    ),
    (
        'layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="e")(i0)',
        (10, 16),
        (None, None, 4, 8),
        520,
    ),
    # a bias on a middle axis: shape (4, 1), broadcast over the later axis
    (
        'layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="d")(i0)',
        (10, 16),
        (None, None, 4, 8),
        516,
    ),
    ('layers.EinsumDense("abcd,cde->abe", output_shape=(None, 8))(i0)', (10, 4, 16), (None, None, 8), 512),
    ('layers.EinsumDense("bi,j->bij", output_shape=(8, 7), bias_axes="j")(i0)', (8,), (None, 8, 7), 14),
    (
        'layers.EinsumDense("...abcd,bcde->...aeb", output_shape=(5, 6, 4), bias_axes="ab")(i0)',
        (5, 4, 3, 2),
        (None, 5, 6, 4),
        164,
    ),
]


@pytest.mark.parametrize("call,shape,out,params", EINSUM, ids=[c for c, *_ in EINSUM])
def test_einsum_dense_shapes_and_parameters(call: str, shape: tuple, out: tuple, params: int) -> None:
    findings, shapes, counts = _lint(call, shape)
    assert findings == []
    assert shapes == [out]
    assert counts == [params]


@pytest.mark.parametrize(
    "call,shape",
    [
        # the input's time axis (10) kept in the output, where output_shape says otherwise
        ('layers.EinsumDense("abc,cd->abd", output_shape=(9, 32))(i0)', (10, 16)),
        ('layers.EinsumDense("abc,cd->abd", output_shape=32)(i0)', (10, 16)),
        # an open input axis against a size: Keras compares None with 10 and refuses
        ('layers.EinsumDense("abc,cd->abd", output_shape=(10, 32))(i0)', (None, 16)),
        # a kernel with an open axis: from output_shape, or from the input
        ('layers.EinsumDense("abc,cd->abd", output_shape=(None, None))(i0)', (10, 16)),
        ('layers.EinsumDense("abc,cd->abd", output_shape=(None, 32))(i0)', (10, None)),
        # letters without a match, and an equation of none of Keras' forms
        ('layers.EinsumDense("ab,bc->acz", output_shape=(4, 32))(i0)', (16,)),
        ('layers.EinsumDense("ab,bz->ac", output_shape=32)(i0)', (16,)),
        ('layers.EinsumDense("ab->ac", output_shape=32)(i0)', (16,)),
    ],
)
def test_einsum_dense_refusals_are_reported_where_the_layer_is_applied(call: str, shape: tuple) -> None:
    findings, _, _ = _lint(call, shape)
    assert findings == [("LST107", 4)]


@pytest.mark.parametrize(
    "call,shape",
    [
        # rank the equation does not name, without ``...``: Keras fails on an index or in einsum
        ('layers.EinsumDense("abc,cd->abd", output_shape=(None, 32))(i0)', (3, 10, 16)),
        ('layers.EinsumDense("abc,cd->abd", output_shape=(None, 32))(i0)', (16,)),
        # output_shape longer than the equation's output: Keras 3 and tf_keras disagree
        ('layers.EinsumDense("ab,bc->ac", output_shape=(4, 32))(i0)', (16,)),
        # an equation that is not a literal
        ("layers.EinsumDense(eq, output_shape=32)(i0)", (16,)),
    ],
)
def test_einsum_dense_forms_not_followed_stay_unknown(call: str, shape: tuple) -> None:
    findings, shapes, counts = _lint(call, shape)
    assert findings == []
    assert shapes == [None] and counts == [None]


def test_einsum_analysis_reads_batch_ellipsis_and_bias() -> None:
    cfg = LayerConfig("EinsumDense", {"equation": "...b,bc->...c", "output_shape": 8, "bias_axes": "c"})
    result = analyse(cfg, (None, 2, 3, 10, 16))
    assert result is not None
    assert result.output == (None, 10, 3, 2, 8)  # reversed, as Keras 3 declares it
    assert result.kernel == (16, 8) and result.bias == (8,)
    cfg = LayerConfig("EinsumDense", {"equation": "ab...,bc->ac...", "output_shape": 32, "bias_axes": "c"})
    result = analyse(cfg, (None, 16, 5))
    assert result is not None and result.output == (None, 32, 5) and result.bias == (32, 1)


# (layer call, input shape, output shape): Keras 3.15.1; every one has no weights
AUGMENTATION = [
    ('layers.RandomFlip("horizontal")(i0)', (32, 32, 3), (None, 32, 32, 3)),
    ("layers.RandomRotation(0.1)(i0)", (None, None, 3), (None, None, None, 3)),
    ("layers.RandomZoom(0.1, 0.2)(i0)", (10,), (None, 10)),
    ("layers.RandomTranslation(0.1, 0.1)(i0)", (2, 8, 8, 1), (None, 2, 8, 8, 1)),
    ("layers.RandomContrast(0.3)(i0)", (8, 8, 3), (None, 8, 8, 3)),
    ("layers.RandomBrightness(0.3)(i0)", (8, 8, 3), (None, 8, 8, 3)),
    ("layers.RandomCrop(5, 6)(i0)", (10, 10, 3), (None, 5, 6, 3)),
    ("layers.RandomCrop(20, 6)(i0)", (10, 10, 3), (None, 20, 6, 3)),  # larger than the image: builds
    ("layers.RandomCrop(5, 6)(i0)", (None, None, 3), (None, 5, 6, 3)),
    ("layers.RandomCrop(5, 6)(i0)", (10, 3), (5, 6, 3)),  # a 3-D input is one unbatched image
    ('layers.RandomCrop(5, 6, data_format="channels_first")(i0)', (3, 10, 10), (None, 3, 5, 6)),
]


@pytest.mark.parametrize("call,shape,out", AUGMENTATION, ids=[f"{c} on {s}" for c, s, _ in AUGMENTATION])
def test_augmentation_shapes(call: str, shape: tuple, out: tuple) -> None:
    findings, shapes, counts = _lint(call, shape)
    assert findings == []
    assert shapes == [out]
    assert counts == [0]


def test_random_crop_on_a_vector_is_not_followed() -> None:
    findings, shapes, _ = _lint("layers.RandomCrop(5, 6)(i0)", (10,))
    assert findings == [] and shapes == [None]  # Keras 3 fails when called (an IndexError): not reported


def test_unknown_fill_mode_is_reported_at_the_constructor() -> None:
    source = textwrap.dedent("""\
        import keras
        from keras import layers
        inputs = keras.Input(shape=(8, 8, 3))
        rotate = layers.RandomRotation(0.1, fill_mode="mirror")
        x = rotate(inputs)
    """)
    result = lint_source(source, "aug.py")
    assert [(d.code, d.line) for d in result.diagnostics] == [("LST107", 4)]


def test_random_crop_feeds_the_reshape_check() -> None:
    source = textwrap.dedent("""\
        import keras
        from keras import layers
        inputs = keras.Input(shape=(32, 32, 3))
        x = layers.RandomCrop(28, 28)(inputs)
        x = layers.Reshape((32, 96))(x)
    """)
    result = lint_source(source, "crop.py")
    assert [(d.code, d.line) for d in result.diagnostics] == [("LST106", 5)]


def test_the_specs_are_registered_weightless_or_counted() -> None:
    for name in (
        "RandomFlip",
        "RandomRotation",
        "RandomZoom",
        "RandomTranslation",
        "RandomContrast",
        "RandomBrightness",
        "RandomCrop",
    ):
        spec = spec_for(name)
        assert spec is not None and spec.infer is not None and spec.traits.weightless
        assert count_params(LayerConfig(name, {}), [Shape((None, 8, 8, 3))]) is not None
    einsum = spec_for("EinsumDense")
    assert einsum is not None and einsum.count is not None and not einsum.traits.weightless


# (layer call, input shape, output shape, parameter count): Keras 3.15.1
RMS = [
    ("layers.RMSNormalization()(i0)", (None, 4), (None, None, 4), 4),
    ("layers.RMSNormalization(axis=1)(i0)", (5, None), (None, 5, None), 5),
    ("layers.RMSNormalization(axis=[1, 2])(i0)", (5, 4), (None, 5, 4), 20),
]


@pytest.mark.parametrize("call,shape,out,params", RMS, ids=[c for c, *_ in RMS])
def test_rms_normalization_shapes_and_parameters(call: str, shape: tuple, out: tuple, params: int) -> None:
    findings, shapes, counts = _lint(call, shape)
    assert findings == [] and shapes == [out] and counts == [params]


def test_rms_normalization_on_an_open_feature_axis_is_refused() -> None:
    findings, _, _ = _lint("layers.RMSNormalization()(i0)", (5, None))
    assert findings == [("LST102", 4)]


def test_keras3_augmentations_pass_the_shape_through() -> None:
    for call in (
        "layers.MixUp()(i0)",
        "layers.RandAugment()(i0)",
        "layers.RandomHue(0.5)(i0)",
        "layers.RandomColorDegeneration(0.5)(i0)",
    ):
        findings, shapes, counts = _lint(call, (8, 8, 3))
        assert findings == [] and shapes == [(None, 8, 8, 3)] and counts == [0], call
    # RandomColorDegeneration needs 3 channels: Keras 3 refuses 1 when called, left unknown here
    findings, shapes, _ = _lint("layers.RandomColorDegeneration(0.5)(i0)", (8, 8, 1))
    assert findings == [] and shapes == [None]


# (layer call, input shape, output shape): Keras 3.15.1; no weights
ADAPTIVE = [
    ("layers.AdaptiveAveragePooling1D(4)(i0)", (None, 3), (None, 4, 3)),
    ("layers.AdaptiveMaxPooling2D((4, 5))(i0)", (10, 12, 3), (None, 4, 5, 3)),
    ("layers.AdaptiveMaxPooling2D(20)(i0)", (10, 12, 3), (None, 20, 20, 3)),  # larger than the input: builds
    ('layers.AdaptiveMaxPooling2D(4, data_format="channels_first")(i0)', (3, 10, 12), (None, 3, 4, 4)),
    ("layers.AdaptiveAveragePooling3D((2, 3, 4))(i0)", (6, None, 6, 3), (None, 2, 3, 4, 3)),
]


@pytest.mark.parametrize("call,shape,out", ADAPTIVE, ids=[c for c, *_ in ADAPTIVE])
def test_adaptive_pooling_shapes(call: str, shape: tuple, out: tuple) -> None:
    findings, shapes, counts = _lint(call, shape)
    assert findings == [] and shapes == [out] and counts == [0]


def test_adaptive_pooling_output_size_of_the_wrong_length_is_refused_by_the_constructor() -> None:
    source = textwrap.dedent("""\
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 12, 3))
        pool = layers.AdaptiveAveragePooling2D((1, 2, 3))
        x = pool(inputs)
    """)
    result = lint_source(source, "pool.py")
    assert [(d.code, d.line) for d in result.diagnostics] == [("LST107", 4)]


# ------------------------------------------------------------------ Keras tier
@needs_keras
def _keras_counts(call: str, shape: tuple) -> tuple[int, int | None]:
    """``count_params()`` of the layer built in Keras 3, and in tf_keras (None: it refuses)."""
    import keras
    import tf_keras

    counts: list[int | None] = []
    for module in (keras, tf_keras):
        layer = eval(call.removesuffix("(i0)"), {"layers": module.layers})  # our own test case
        try:
            layer(module.Input(shape=shape))
        except Exception:  # noqa: BLE001 - a refusal
            counts.append(None)
            continue
        counts.append(layer.count_params())
    assert counts[0] is not None
    return counts[0], counts[1]


@pytest.mark.keras
@pytest.mark.parametrize("call,shape,out,params", EINSUM, ids=[c for c, *_ in EINSUM])
def test_einsum_parameter_counts_match_keras(call: str, shape: tuple, out: tuple, params: int) -> None:
    k3, k2 = _keras_counts(call, shape)
    assert k3 == params
    assert k2 in (params, None)


@pytest.mark.keras
@pytest.mark.parametrize("call,shape,out,params", RMS, ids=[c for c, *_ in RMS])
def test_rms_normalization_parameter_counts_match_keras(call: str, shape: tuple, out: tuple, params: int) -> None:
    import keras

    layer = eval(call.removesuffix("(i0)"), {"layers": keras.layers})  # our own test case
    layer(keras.Input(shape=shape))
    assert layer.count_params() == params


@pytest.mark.keras
@pytest.mark.parametrize("call,shape,out", AUGMENTATION[:8], ids=[c for c, *_ in AUGMENTATION[:8]])
def test_augmentation_layers_have_no_weights_in_keras(call: str, shape: tuple, out: tuple) -> None:
    k3, k2 = _keras_counts(call, shape)
    assert k3 == 0 and k2 in (0, None)
