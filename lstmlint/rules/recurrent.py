"""Rank errors around recurrent layers and RepeatVector."""

from __future__ import annotations

from lstmlint.diagnostics import Severity
from lstmlint.graph.model import Finding, InputNode
from lstmlint.shapes import is_int
from lstmlint.rules.base import Context, Rule, layer_line, recurrent_cause, register, sequence_source


def sequence_help(finding: Finding, ctx: Context, needs: str) -> str:
    """How to give a layer the sequence it needs: the shared advice of LST101/LST104."""
    app = finding.app
    assert app is not None
    x = app.inputs[0]
    got = x.shape.rank
    if got == 2:
        cause = recurrent_cause(x)
        if cause is not None:
            return (
                f"set `return_sequences=True` on the `{cause.layer.cfg.display}` at line "
                f"{layer_line(cause, ctx)} so it hands on every time step"
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
        return (
            f"wrap it in `TimeDistributed(...)` to apply it to every step of axis 1, "
            f"or `Reshape` the {got}-D input to (batch, time, features)"
        )
    return "reshape the input to (batch, time, features)"


@register
class RecurrentNeedsSequence(Rule):
    code = "LST101"
    name = "recurrent-input-not-a-sequence"
    summary = "A recurrent layer is given an input without a time axis (or with too many axes)"
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
        "x = layers.LSTM(64)(inputs)        # (None, 64)\n"
        "x = layers.LSTM(32)(x)             # error: needs (None, time, features)"
    )
    use_instead = (
        "x = layers.LSTM(64, return_sequences=True)(inputs)  # (None, T, 64)\n"
        "x = layers.LSTM(32)(x)"
    )
    fix_safety = (
        "`--fix` sets `return_sequences=True` on the upstream recurrent layer (on the wrapped layer of a "
        "`Bidirectional`). Safe when that layer's output reaches only layers that need a sequence; "
        "unsafe when it also feeds another layer or is a model output, which would then receive a "
        "sequence too. No fix is offered when the output is also used in code the analysis does not follow."
    )

    def help(self, finding: Finding, ctx: Context) -> str:
        return sequence_help(finding, ctx, f"`{finding.app.layer.cfg.display}`")  # type: ignore[union-attr]

    def expects(self, finding: Finding) -> str:
        return "expects (batch, time, features)"


@register
class UndefinedFeatureDim(Rule):
    code = "LST102"
    name = "undefined-feature-dimension"
    summary = "A layer with weights gets an input whose last dimension is None"
    what = "Flags `Dense`, recurrent, `Conv1D` and normalization layers whose input's last axis is None."
    why = (
        "These layers size their weights by the input's last axis; Keras refuses to build them "
        "(`shapes used to initialize variables must be fully-defined`)."
    )
    example = "inputs = keras.Input(shape=(10, None))\nx = layers.LSTM(8)(inputs)"
    use_instead = "inputs = keras.Input(shape=(None, 6))  # time may vary, features may not"

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
    code = "LST103"
    name = "repeat-vector-input-not-a-vector"
    summary = "`RepeatVector` is given a sequence (or anything that is not 2-D)"
    what = "Flags `RepeatVector(n)` applied to a tensor that is not 2-D (batch, features)."
    why = (
        "RepeatVector repeats one vector n times; Keras refuses any other rank "
        "(`expected ndim=2`). In an LSTM autoencoder the encoder's last LSTM must return only "
        "its final state."
    )
    example = (
        "encoded = layers.LSTM(20, return_sequences=True)(x)\n"
        "repeated = layers.RepeatVector(10)(encoded)   # error"
    )
    use_instead = (
        "encoded = layers.LSTM(20)(x)\n"
        "repeated = layers.RepeatVector(10)(encoded)"
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


_ = Severity  # re-exported for rule modules that set warning severities


@register
class StatefulWithoutBatchSize(Rule):
    code = "LST109"
    name = "stateful-rnn-without-batch-size"
    summary = "A `stateful=True` recurrent layer whose input has no fixed batch size"
    what = "Flags an `LSTM`, `GRU`, `SimpleRNN` or `RNN` with `stateful=True` applied to an input whose batch dimension is None."
    why = (
        "A stateful layer keeps one state per sample of the batch between calls, so it must know "
        "the batch size when it is built; Keras refuses it (`the batch size must be static`)."
    )
    example = (
        "model = keras.Sequential([keras.Input(shape=(1, 2)), layers.LSTM(8, stateful=True)])"
    )
    use_instead = (
        "model = keras.Sequential([keras.Input(batch_shape=(4, 1, 2)), layers.LSTM(8, stateful=True)])"
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
