"""The image augmentation family: RandomFlip, RandomRotation, RandomZoom, RandomTranslation,
RandomContrast, RandomBrightness, RandomCrop (measured: keras 3.15.1, tf_keras 2.21).
(``RandomHeight``/``RandomWidth`` exist in tf_keras only: not modelled, their output unknown.)
And Keras 3's other augmentation layers (``AugMix``, ``AutoContrast``, ``CutMix``, ``MixUp``,
``RandAugment``, ``RandomHue``, ... listed in ``_SAME_SHAPE``), and ``RandomColorDegeneration``.

Output shapes, as Keras declares them symbolically:

* ``RandomFlip``, ``RandomRotation``, ``RandomZoom``, ``RandomTranslation``, ``RandomContrast``,
  ``RandomBrightness``: the input's shape, whatever its rank in Keras 3 (``(None, 10)`` stays
  ``(None, 10)``). tf_keras accepts only images (3-D or 4-D) when the layer is called: other
  ranks are not reported (the transfer function does not know the Keras target).
* ``RandomCrop(height, width)``: the axes ``-3, -2`` (channels_last) or ``-2, -1``
  (channels_first, Keras 3 only) replaced by ``height``/``width``, whatever the sizes were
  (a crop larger than the image builds: Keras pads it when run). Keras 3 reads a 3-D input as
  one unbatched image, so ``(None, 10, 3)`` gives ``(5, 6, 3)``; fewer than 3 axes fail when
  called (left unknown).

None of them has weights. Constructor check (both versions refuse it): an unknown ``fill_mode``
for the geometric layers. (The factor ranges Keras checks differ between the versions and
layers; they are not checked here.)
"""

from __future__ import annotations

from lstmlint.layers import arguments as args
from lstmlint.layers.checks import one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.core import identity
from lstmlint.layers.spec import Case, LayerSpec, Traits, register
from lstmlint.shapes.dims import Dim
from lstmlint.shapes.problems import Outcome
from lstmlint.shapes.shape import Shape

# weightless (not ``rank_preserving``: rules do not look through them for a cause yet)
_AUG = Traits(family="augmentation", weightless=True)
_IDENTITY = one_input(identity)
# the fill modes Keras' geometric augmentation layers accept (both versions, compared as written)
_FILL = args.one_of("fill_mode", ("reflect", "wrap", "constant", "nearest"))


def random_crop(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """``RandomCrop``: the height and width axes replaced by the crop's size."""
    x = inputs[0]
    if x.dims is None or len(x.dims) < 3:
        return Outcome.one(Shape(None))
    layout = cfg.str_("data_format", "channels_last")
    if layout == "channels_last":
        h_axis = len(x.dims) - 3
    elif layout == "channels_first":
        h_axis = len(x.dims) - 2
    else:
        return Outcome.one(Shape(None))
    dims: list[Dim] = list(x.dims)
    dims[h_axis] = cfg.dim("height")
    dims[h_axis + 1] = cfg.dim("width")
    return Outcome.one(Shape(tuple(dims)))


def color_degeneration(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """``RandomColorDegeneration``: blends with the grayscale image, so it needs 3 channels
    (Keras 3 refuses others when called: left unknown, not reported)."""
    x = inputs[0]
    if x.dims is None or x.dims[-1] != 3:
        return Outcome.one(Shape(None))
    return Outcome.one(x)


# Keras 3's other augmentation layers: the output is the input, whatever its rank (measured on
# (8, 8, 3), (None, None, 3), (2, 8, 8, 3), (10,) and (8, 8, 1)); none has weights. Name, the
# positional parameters, and a case's arguments.
_SAME_SHAPE = (
    ("AugMix", ("value_range", "num_chains", "chain_depth", "factor", "alpha"), ""),
    ("AutoContrast", ("value_range",), ""),
    ("CutMix", ("factor", "seed", "data_format"), ""),
    ("Equalization", ("value_range", "bins", "data_format"), ""),
    ("MixUp", ("alpha", "data_format", "seed"), ""),
    ("RandAugment", ("value_range", "num_ops", "factor", "interpolation", "seed"), ""),
    (
        "RandomColorJitter",
        ("value_range", "brightness_factor", "contrast_factor", "saturation_factor", "hue_factor"),
        "hue_factor=0.2",
    ),
    ("RandomElasticTransform", ("factor", "scale", "interpolation", "fill_mode", "fill_value"), ""),
    ("RandomErasing", ("factor", "scale", "fill_value", "value_range", "seed"), ""),
    ("RandomGaussianBlur", ("factor", "kernel_size", "sigma", "value_range", "data_format"), ""),
    ("RandomGrayscale", ("factor", "data_format", "seed"), "0.5"),
    ("RandomHue", ("factor", "value_range", "data_format", "seed"), "0.5"),
    ("RandomInvert", ("factor", "value_range", "seed", "data_format"), ""),
    ("RandomPerspective", ("factor", "scale", "interpolation", "fill_value", "seed"), ""),
    ("RandomPosterization", ("factor", "value_range", "data_format", "seed"), "4"),
    ("RandomSaturation", ("factor", "value_range", "data_format", "seed"), "0.5"),
    ("RandomSharpness", ("factor", "value_range", "data_format", "seed"), "0.5"),
    ("RandomShear", ("x_factor", "y_factor", "interpolation", "fill_mode", "fill_value"), "0.2"),
    ("Solarization", ("addition_factor", "threshold_factor", "value_range", "seed"), ""),
)

_IMAGE = ((8, 8, 3),)
register(
    *(
        LayerSpec(
            name,
            params=params,
            traits=_AUG,
            infer=_IDENTITY,
            cases=(Case(f"layers.{name}({arguments})(i0)", _IMAGE), Case(f"layers.{name}({arguments})(i0)", ((10,),))),
        )
        for name, params, arguments in _SAME_SHAPE
    ),
    LayerSpec(
        "RandomColorDegeneration",
        params=("factor", "value_range", "data_format", "seed"),
        traits=_AUG,
        infer=one_input(color_degeneration),
        cases=(
            Case("layers.RandomColorDegeneration(0.5)(i0)", ((None, None, 3),)),
            Case("layers.RandomColorDegeneration(0.5)(i0)", ((10, 3),)),
        ),
    ),
    LayerSpec(
        "RandomFlip",
        params=("mode", "seed"),
        traits=_AUG,
        infer=_IDENTITY,
        cases=(
            Case('layers.RandomFlip("horizontal")(i0)', _IMAGE),
            Case("layers.RandomFlip()(i0)", ((None, None, 3),)),
            Case("layers.RandomFlip()(i0)", ((10,),)),
        ),
    ),
    LayerSpec(
        "RandomRotation",
        params=("factor", "fill_mode", "interpolation", "seed", "fill_value"),
        traits=_AUG,
        infer=_IDENTITY,
        checks=(_FILL,),
        cases=(
            Case("layers.RandomRotation(0.1)(i0)", _IMAGE),
            Case('layers.RandomRotation(0.2, fill_mode="nearest")(i0)', ((4, 8, 8, 3),)),
            Case('layers.RandomRotation(0.2, fill_mode="mirror")(i0)', _IMAGE),
        ),
    ),
    LayerSpec(
        "RandomZoom",
        params=("height_factor", "width_factor", "fill_mode", "interpolation", "seed"),
        traits=_AUG,
        infer=_IDENTITY,
        checks=(_FILL,),
        cases=(Case("layers.RandomZoom(0.1)(i0)", _IMAGE), Case("layers.RandomZoom((0.5, 0.1))(i0)", ((10, 3),))),
    ),
    LayerSpec(
        "RandomTranslation",
        params=("height_factor", "width_factor", "fill_mode", "interpolation", "seed"),
        traits=_AUG,
        infer=_IDENTITY,
        checks=(_FILL,),
        cases=(Case("layers.RandomTranslation(0.1, 0.2)(i0)", ((None, 8, 1),)),),
    ),
    LayerSpec(
        "RandomContrast",
        params=("factor",),
        traits=_AUG,
        infer=_IDENTITY,
        cases=(Case("layers.RandomContrast(0.2)(i0)", _IMAGE),),
    ),
    LayerSpec(
        "RandomBrightness",
        params=("factor", "value_range", "seed"),
        traits=_AUG,
        infer=_IDENTITY,
        cases=(Case("layers.RandomBrightness(0.2)(i0)", _IMAGE),),
    ),
    LayerSpec(
        "RandomCrop",
        params=("height", "width", "seed"),
        traits=_AUG,
        infer=one_input(random_crop),
        cases=(
            Case("layers.RandomCrop(5, 6)(i0)", ((10, 10, 3),)),
            Case("layers.RandomCrop(5, 6)(i0)", ((None, None, 3),)),
            Case("layers.RandomCrop(20, 6)(i0)", ((10, 10, 3),)),
            Case("layers.RandomCrop(5, 6)(i0)", ((2, 10, 10, 3),)),
            Case("layers.RandomCrop(5, 6)(i0)", ((10, 3),)),
            Case('layers.RandomCrop(5, 6, data_format="channels_first")(i0)', ((3, 10, 10),)),
        ),
    ),
)
