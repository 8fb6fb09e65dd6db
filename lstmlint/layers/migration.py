"""What each Keras version refuses in a layer constructor: the version knowledge the interpreter
asks when a layer is created (``argument_problems``), and the renames the migration fixes use.

The accepted keywords come from the generated tables (``layers/accepted.py``, read through
``LayerSpec.accepted``): Keras 3 from ``keras``, Keras 2 from ``tf_keras``. Under Keras 3 a
keyword the layer's table lacks is an error, because Keras 3 raises ``Unrecognized keyword
arguments passed to ...``; it is reported as

- ``LST108`` when Keras 2 accepted it (``batch_input_shape``, ``time_major``, ...),
- ``LST402`` when it is a Keras 1 spelling of an argument the layer has under a new name
  (``output_dim=`` -> ``units=``, ``nb_filter=`` -> ``filters=``, ...),
- ``LST401`` otherwise.

Under Keras 2 only the Keras 1 spellings are reported (``tf_keras`` raises ``Keyword argument
not understood``): its table cannot see the arguments a Keras 2 layer pops from ``**kwargs`` in
its body, so an unknown keyword is never reported there. A layer without a table (``None``)
is never judged, and only keywords written in the call are: ``**kwargs`` are not seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lstmlint.codes import Code
from lstmlint.layers.accepted import KERAS2 as KERAS2_ACCEPTED
from lstmlint.layers.accepted import KERAS3 as KERAS3_ACCEPTED
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import LayerSpec
from lstmlint.shapes.problems import ProblemKind, ShapeProblem
from lstmlint.source.keras_target import KerasVersion

# Keras 1 argument names and their Keras 2/3 names (the Keras 2.0 release notes' table); a rename
# is offered only when the layer accepts the new name, so ``Embedding(output_dim=)`` stays
KERAS1_ARGUMENTS: Mapping[str, str] = {
    "output_dim": "units",
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "U_constraint": "recurrent_constraint",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "inner_activation": "recurrent_activation",
    "bias": "use_bias",
    "dim_ordering": "data_format",
    "pool_length": "pool_size",
    "stride": "strides",
}

# optimizer arguments Keras 3 renamed (``Adam(lr=...)``: "Argument(s) not recognized")
OPTIMIZER_RENAMES: Mapping[str, str] = {"lr": "learning_rate"}

# layer classes no Keras has any more, and what replaces them (reported, never fixed: the
# replacement depends on the merge mode)
REMOVED_LAYERS: Mapping[str, str] = {
    "Merge": "use a merge layer for the mode: `Concatenate`, `Add`, `Multiply`, `Average`, `Maximum` or `Dot`",
}

# Keras 1 layer classes that neither Keras 3 (3.15) nor tf_keras (2.21) has, and their Keras 3
# spelling. Reported under Keras 3 only: the multi-backend Keras 2 releases still carried some of
# them (``Deconvolution2D`` as an alias, the Keras 1 legacy layers), so a file judged by Keras 2
# may be right to use them. Never fixed: their Keras 1 arguments differ from the new class'.
# (``Convolution1D/2D/3D`` are not here: Keras 3.15 still has them, as aliases of ``ConvND``.)
KERAS1_LAYERS: Mapping[str, str] = {
    "AtrousConvolution1D": "use `Conv1D` with `dilation_rate=` (Keras 1's `atrous_rate=`)",
    "AtrousConvolution2D": "use `Conv2D` with `dilation_rate=` (Keras 1's `atrous_rate=`) and a tuple `kernel_size`",
    "Deconvolution2D": "use `Conv2DTranspose` (it takes no `output_shape=`; `padding` and `strides` decide it)",
    "Deconvolution3D": "use `Conv3DTranspose` (it takes no `output_shape=`; `padding` and `strides` decide it)",
    "TimeDistributedDense": "use `Dense`, which acts on the last axis of a sequence, or `TimeDistributed(Dense(...))`",
    "MaxoutDense": "Keras has no maxout layer any more: write it as a custom layer (or use `Dense`)",
    "Highway": "Keras has no highway layer any more: write it as a custom layer",
}


# Keras 2 layer classes Keras 3 (3.15) does not have, and what to write instead: any modelled
# class that the generated table (``layers/accepted.py``) finds in tf_keras but not in keras
KERAS2_LAYERS: Mapping[str, str] = {
    "ThresholdedReLU": "use `ReLU(threshold=theta)` (it also passes x == theta, where `ThresholdedReLU` gives 0)",
}
_KERAS2_LAYER_ADVICE = "write it as a custom layer, or keep the file on Keras 2 (`tf_keras`)"


def keras2_only(spec: LayerSpec) -> bool:
    """Whether ``spec`` is a Keras layer class tf_keras has and Keras 3 does not."""
    return spec.kwargs is None and spec.name in KERAS2_ACCEPTED and spec.name not in KERAS3_ACCEPTED


def removed_layer(kind: str, version: KerasVersion | None = None, spec: LayerSpec | None = None) -> ShapeProblem | None:
    """``Merge(...)``: a layer class Keras removed in 2.2.0; under Keras 3, a Keras 1 class such
    as ``AtrousConvolution1D``, or a Keras 2 class Keras 3 dropped (``ThresholdedReLU``,
    ``LocallyConnected1D``: ``spec`` is the class' spec) (LST403)."""
    advice = REMOVED_LAYERS.get(kind) if spec is None else None
    if spec is not None:
        if version is not KerasVersion.KERAS3 or spec.name != kind or not keras2_only(spec):
            return None
        advice = KERAS2_LAYERS.get(kind, _KERAS2_LAYER_ADVICE)
        message = f"`{kind}` is a Keras 2 layer: Keras 3 does not have it"
    elif advice is not None:
        message = f"`{kind}` was removed in Keras 2.2: no Keras has it"
    elif version is KerasVersion.KERAS3 and kind in KERAS1_LAYERS:
        advice = KERAS1_LAYERS[kind]
        message = f"`{kind}` is a Keras 1 layer: Keras 3 does not have it"
    else:
        return None
    return ShapeProblem(
        Code.REMOVED_LAYER_CLASS,
        message,
        kind=ProblemKind.REMOVED_LAYER,
        data={"layer": kind, "advice": advice},
    )


def argument_problems(
    cfg: LayerConfig, spec: LayerSpec | None, keywords: Iterable[str], version: KerasVersion
) -> list[tuple[str, ShapeProblem]]:
    """The keywords written in ``cfg``'s constructor that Keras ``version`` refuses, each with its
    problem, in the order written. ``batch_input_shape`` is left to the caller (its rule knows
    where Keras 2 read it)."""
    if spec is None:
        return []
    mine = spec.accepted(version)
    if mine is None:
        return []
    out: list[tuple[str, ShapeProblem]] = []
    for keyword in keywords:
        if keyword in mine or keyword == "batch_input_shape" or keyword.startswith("__"):
            continue
        keras2 = spec.accepted(KerasVersion.KERAS2)  # asked only here: most keywords are accepted
        new = KERAS1_ARGUMENTS.get(keyword)
        if new is not None and new in mine:
            out.append(
                (
                    keyword,
                    ShapeProblem(
                        Code.KERAS1_ARGUMENT_NAME,
                        f"`{cfg.display}` does not accept the Keras 1 argument `{keyword}` in Keras {version}: "
                        f"it is `{new}` now",
                        kind=ProblemKind.RENAMED_ARGUMENT,
                        data={"argument": keyword, "new": new, "version": str(version)},
                    ),
                )
            )
        elif version is KerasVersion.KERAS2:
            continue  # the Keras 2 table may miss what a layer pops from **kwargs
        elif keras2 is not None and keyword in keras2:
            out.append(
                (
                    keyword,
                    ShapeProblem(
                        Code.KERAS2_ONLY_ARGUMENT,
                        f"`{cfg.display}` does not accept `{keyword}` in Keras 3 (a Keras 2 argument)",
                        kind=ProblemKind.REMOVED_ARGUMENT,
                        data={"argument": keyword, "value": cfg.params.get(keyword)},
                    ),
                )
            )
        else:
            out.append(
                (
                    keyword,
                    ShapeProblem(
                        Code.UNRECOGNIZED_LAYER_ARGUMENT,
                        f"`{cfg.display}` does not accept the keyword argument `{keyword}`",
                        kind=ProblemKind.UNRECOGNIZED_ARGUMENT,
                        data={"argument": keyword, "accepted": tuple(sorted(mine))},
                    ),
                )
            )
    return out


def optimizer_problems(name: str, keywords: Iterable[str], version: KerasVersion) -> list[tuple[str, ShapeProblem]]:
    """``Adam(lr=0.01)`` under Keras 3, which raises "Argument(s) not recognized" (Keras 2 still
    took ``lr`` with a deprecation warning)."""
    if version is not KerasVersion.KERAS3:
        return []
    return [
        (
            keyword,
            ShapeProblem(
                Code.KERAS1_ARGUMENT_NAME,
                f"`{name}` does not accept `{keyword}` in Keras 3: it is `{OPTIMIZER_RENAMES[keyword]}` now"
                + (
                    f" (and Keras 3 has no lower-case `optimizers.{name}`: use the class)" if name[:1].islower() else ""
                ),
                kind=ProblemKind.RENAMED_ARGUMENT,
                data={"argument": keyword, "new": OPTIMIZER_RENAMES[keyword], "version": str(version)},
            ),
        )
        for keyword in keywords
        if keyword in OPTIMIZER_RENAMES
    ]
