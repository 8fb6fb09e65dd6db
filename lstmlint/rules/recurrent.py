"""Rank errors around recurrent layers and RepeatVector."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstmlint.codes import Code
from lstmlint.findings import Finding
from lstmlint.graph.model import Application, InputNode
from lstmlint.graph.walk import look_through
from lstmlint.layers.spec import traits_of
from lstmlint.rules.base import Context, Rule, layer_line, recurrent_cause, register, sequence_source
from lstmlint.shapes import is_int

if TYPE_CHECKING:
    from lstmlint.fix.builders import Planner
    from lstmlint.fix.plan import FixPlan
    from lstmlint.graph.model import Tensor


def sequence_help(finding: Finding, ctx: Context, needs: str) -> str:
    """How to give a layer the sequence it needs: the shared advice of LST101/LST104."""
    app = finding.app
    assert app is not None
    x = app.inputs[0]
    got = x.shape.rank
    traits = app.layer.cfg.sequence_traits
    if traits.recurrent and traits.sequence_rank != 3:  # ConvLSTM: (batch, time, *spatial, channels)
        return _spatial_sequence_help(x, ctx, traits.sequence_rank, traits.sequence_layout)
    if got == 2:
        cause = recurrent_cause(x)
        if cause is not None:
            return (
                f"set `return_sequences=True` on the `{cause.layer.cfg.display}` at line "
                f"{layer_line(cause, ctx)} so it hands on every time step"
            )
        flat = x.producer
        if isinstance(flat, Application) and flat.inputs and (flat.inputs[0].shape.rank or 0) >= 5:
            flat_traits = traits_of(flat.layer.cfg.kind)
            if flat_traits.family == "core" and flat_traits.weightless and not flat_traits.rank_preserving:
                # a Flatten/Reshape over a sequence of frames also merged the time axis away
                return (
                    f"wrap the `{flat.layer.cfg.display}` at line {layer_line(flat, ctx)} in "
                    "`TimeDistributed(...)` so each frame is flattened and the time axis is kept"
                )
        width = x.shape.dims[1] if x.shape.dims else None
        if isinstance(x.producer, InputNode) and x.producer.source in ("Input", "InputLayer"):
            w = width if is_int(width) else "features"
            return (
                f"give the input at line {ctx.line(x.producer.node)} a time axis, e.g. "
                f"`shape=(timesteps, {w})`, or `Reshape(({w}, 1))` to read each feature as one step"
            )
        return f"add `RepeatVector(timesteps)` before {needs} to turn the vector into a sequence"
    if got is not None and got > 3:
        if traits.recurrent and _frames_of_time_distributed(x):
            # the frames of a per-frame CNN: each frame must become one vector (the fix's choice)
            return (
                f"turn each frame into one vector before {needs}: `TimeDistributed(Flatten())`, "
                "or `TimeDistributed(GlobalAveragePooling2D())` for far fewer weights"
            )
        return (
            f"wrap it in `TimeDistributed(...)` to apply it to every step of axis 1, "
            f"or `Reshape` the {got}-D input to (batch, time, features)"
        )
    return "reshape the input to (batch, time, features)"


def _frames_of_time_distributed(x: Tensor) -> bool:
    """Whether ``x`` is the per-frame output of a ``TimeDistributed`` layer (behind Dropout & co.)."""
    for out, app in look_through(x, lambda a: traits_of(a.layer.cfg.kind).rank_preserving):
        traits = traits_of(app.layer.cfg.kind)
        if traits.wraps is not None and not traits.recurrent:
            return out.index == 0
    return False


def _spatial_sequence_help(x: Tensor, ctx: Context, needs: int, layout: str) -> str:
    """LST101 on a recurrent layer reading a sequence of images or volumes (ConvLSTM)."""
    got = x.shape.rank
    if got == needs - 1:
        cause = recurrent_cause(x)
        if cause is not None:
            return (
                f"set `return_sequences=True` on the `{cause.layer.cfg.display}` at line "
                f"{layer_line(cause, ctx)} so it hands on every time step"
            )
        if isinstance(x.producer, InputNode) and x.producer.source in ("Input", "InputLayer") and x.shape.dims:
            rest = ", ".join(str(d) for d in x.shape.dims[1:])
            return f"give the input at line {ctx.line(x.producer.node)} a time axis, e.g. `shape=(timesteps, {rest})`"
    if got is not None and got > needs:
        return (
            f"wrap it in `TimeDistributed(...)` to apply it to every step of axis 1, or reshape the input to {layout}"
        )
    return f"reshape the input to {layout}"


@register
class RecurrentNeedsSequence(Rule):
    code = Code.RECURRENT_INPUT_NOT_A_SEQUENCE
    what = (
        "Flags an `LSTM`, `GRU`, `SimpleRNN`, `RNN(cell)` or `Bidirectional(...)` applied to a "
        "tensor that is not 3-D (batch, time, features)."
    )
    why = (
        "Keras refuses to build the model (`expected ndim=3, found ndim=2`). The usual cause is "
        "an upstream recurrent layer without `return_sequences=True`: it returns only its last "
        "state, a 2-D (batch, units) tensor, so the next recurrent layer has no time steps."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 8))\n"
        "x = layers.LSTM(64)(inputs)  # (None, 64)\n"
        "x = layers.LSTM(32)(x)  # error: needs (None, time, features)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 8))\n"
        "x = layers.LSTM(64, return_sequences=True)(inputs)  # (None, 20, 64)\n"
        "x = layers.LSTM(32)(x)\n"
    )
    fix_safety = (
        "`--fix` sets `return_sequences=True` on the upstream recurrent layer (on the wrapped layer of a "
        "`Bidirectional`). Safe when that layer's output reaches only layers that need a sequence; "
        "unsafe when it also feeds another layer or is a model output, which would then receive a "
        "sequence too. No fix is offered when the output is also used in code the analysis does not follow. "
        "With no recurrent layer to blame (a `Dense` of shape (batch, n) feeding it), "
        "`--fix --unsafe-fixes` inserts `Reshape((n, 1))` before it, reading the n features as n steps "
        "of one feature: unsafe because it is a choice, the other being `RepeatVector(steps)`, which "
        "repeats the whole vector at every step. "
        "After a `TimeDistributed` convolution stack (a sequence of frames): a `Flatten` or global pooling "
        "layer that merged the frames away is wrapped in `TimeDistributed(...)` (safe when its output goes "
        "only to this layer: one step per frame, no new weights); the 5-D frames themselves, fed straight to "
        "the recurrent layer, get `TimeDistributed(Flatten())` before it with `--fix --unsafe-fixes`: unsafe "
        "because it is a choice, the other being `TimeDistributed(GlobalAveragePooling2D())`, which pools each "
        "frame to its channels (far fewer weights in the recurrent layer)."
    )

    def help(self, finding: Finding, ctx: Context) -> str:
        return sequence_help(finding, ctx, f"`{finding.app.layer.cfg.display}`")  # type: ignore[union-attr]

    def expects(self, finding: Finding) -> str:
        app = finding.app
        layout = app.layer.cfg.sequence_traits.sequence_layout if app is not None else "(batch, time, features)"
        return f"expects {layout}"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        return (
            planner.sequences_upstream(finding)
            or planner.frames_merged(finding)
            or planner.vector_as_steps(finding)
            or planner.frames_into_recurrent(finding)
        )


@register
class UndefinedFeatureDim(Rule):
    code = Code.UNDEFINED_FEATURE_DIMENSION
    what = "Flags `Dense`, recurrent, `Conv1D` and normalization layers whose input's last axis is None."
    why = (
        "These layers size their weights by the input's last axis; Keras refuses to build them "
        "(`shapes used to initialize variables must be fully-defined`)."
    )
    example = (
        "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(10, None))\nx = layers.LSTM(8)(inputs)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(None, 6))  # time may vary, features may not\n"
        "x = layers.LSTM(8)(inputs)\n"
    )

    def expects(self, finding: Finding) -> str:
        return "needs a known feature size"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        x = app.inputs[0]
        if isinstance(x.producer, InputNode):
            return (
                f"give the last axis of the input at line {ctx.line(x.producer.node)} a size; "
                "only the time axis may be None"
            )
        return "make the last (feature) axis a fixed size before this layer"


@register
class RepeatVectorGotSequence(Rule):
    code = Code.REPEAT_VECTOR_INPUT_NOT_A_VECTOR
    what = "Flags `RepeatVector(n)` applied to a tensor that is not 2-D (batch, features)."
    why = (
        "RepeatVector repeats one vector n times; Keras refuses any other rank "
        "(`expected ndim=2`). In an LSTM autoencoder the encoder's last LSTM must return only "
        "its final state."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 4))\n"
        "encoded = layers.LSTM(20, return_sequences=True)(inputs)\n"
        "repeated = layers.RepeatVector(10)(encoded)  # error\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 4))\n"
        "encoded = layers.LSTM(20)(inputs)\n"
        "repeated = layers.RepeatVector(10)(encoded)\n"
    )
    fix_safety = (
        "`--fix` removes `return_sequences=True` from the recurrent layer that feeds `RepeatVector`: safe "
        "when that layer feeds nothing else, unsafe otherwise."
    )

    def expects(self, finding: Finding) -> str:
        return "expects (batch, features)"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        x = app.inputs[0]
        source = sequence_source(x)
        if source is not None:
            return (
                f"set `return_sequences=False` on the `{source.layer.cfg.display}` at line "
                f"{layer_line(source, ctx)} so it hands on only its last state"
            )
        if x.shape.rank == 3:
            return (
                "summarise the sequence first (e.g. `GlobalAveragePooling1D()` or an `LSTM` "
                "without `return_sequences`), or drop `RepeatVector`: the input already has time steps"
            )
        return "flatten the input to (batch, features) first, e.g. with `Flatten()`"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        return planner.last_state_upstream(finding)


@register
class StatefulWithoutBatchSize(Rule):
    code = Code.STATEFUL_RNN_WITHOUT_BATCH_SIZE
    what = (
        "Flags an `LSTM`, `GRU`, `SimpleRNN` or `RNN` with `stateful=True` applied to an input "
        "whose batch dimension is None."
    )
    why = (
        "A stateful layer keeps one state per sample of the batch between calls, so it must know "
        "the batch size when it is built; Keras refuses it (`the batch size must be static`)."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input(shape=(1, 2)), layers.LSTM(8, stateful=True)])\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input(batch_shape=(4, 1, 2)), layers.LSTM(8, stateful=True)])\n"
    )

    def expects(self, finding: Finding) -> str:
        return "needs a fixed batch size"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        x = app.inputs[0]
        dims = x.shape.dims or ()
        rest = ", ".join(str(d) for d in dims[1:]) if dims else "time, features"
        where = ""
        if isinstance(x.producer, InputNode):
            where = f" at line {ctx.line(x.producer.node)}"
        return f"fix the batch size at the input{where}: `keras.Input(batch_shape=(batch_size, {rest}))`"
