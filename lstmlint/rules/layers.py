"""Rank, length, reshape and argument errors of the non-recurrent layers."""

from __future__ import annotations

from lstmlint.graph.model import Finding
from lstmlint.shapes import is_int
from lstmlint.rules.base import Context, Rule, register
from lstmlint.rules.recurrent import sequence_help


@register
class InputRankMismatch(Rule):
    code = "LST104"
    name = "layer-input-rank-mismatch"
    summary = "A layer gets an input of a rank it does not accept"
    what = (
        "Flags `Dense` on a 1-D tensor, `TimeDistributed` on fewer than 3 dimensions, `Conv1D`, "
        "pooling, padding, cropping, upsampling and `SpatialDropout1D` on anything but "
        "(batch, steps, channels), and `Permute` whose dims do not match the input's rank."
    )
    why = "Keras checks each layer's input rank when it builds the model and refuses a mismatch."
    example = "x = layers.LSTM(32)(inputs)                 # (None, 32)\nx = layers.Conv1D(16, 3)(x)              # error"
    use_instead = "x = layers.LSTM(32, return_sequences=True)(inputs)\nx = layers.Conv1D(16, 3)(x)"
    fix_safety = (
        "When a layer that needs (batch, time, features) gets a recurrent layer's last state, `--fix` "
        "sets `return_sequences=True` on that layer: safe when it feeds nothing else, unsafe otherwise."
    )

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        data = finding.problem.data
        kind = app.layer.cfg.kind
        got = data.get("got")
        if data.get("ndim") == 3 or (data.get("min_ndim") == 3 and got == 2):
            advice = sequence_help(finding, ctx, f"`{app.layer.cfg.display}`")
            if kind == "TimeDistributed":
                inner = app.layer.cfg.get("layer")
                inner_kind = getattr(inner, "kind", "the layer")
                advice += f"; or drop `TimeDistributed`: `{inner_kind}` can take the 2-D input directly"
            return advice
        if data.get("min_ndim") == 2:
            return "give the input a feature axis, e.g. `Reshape((1,))`, or feed it a 2-D tensor"
        if kind == "Permute":
            return f"pass one position per non-batch axis of the {got}-D input to `Permute`"
        return f"reshape the input to {finding.problem.expected}"


@register
class NonPositiveLength(Rule):
    code = "LST105"
    name = "sequence-too-short"
    summary = "A convolution, pooling or cropping would leave no time steps"
    what = "Flags `Conv1D`, `MaxPooling1D`/`AveragePooling1D` and `Cropping1D` whose output length is zero or negative."
    why = "Keras refuses to build the layer: the window is longer than the sequence."
    example = "inputs = keras.Input(shape=(7, 3))\nx = layers.Conv1D(4, 9)(inputs)"
    use_instead = "x = layers.Conv1D(4, 9, padding='same')(inputs)"

    def expects(self, finding: Finding) -> str:
        return "leaves no time steps"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        kind = app.layer.cfg.kind
        length = app.inputs[0].shape.dims[1] if app.inputs[0].shape.dims else None
        if kind == "Cropping1D":
            return f"crop fewer than {length} steps in total"
        size = "kernel" if kind == "Conv1D" else "pool"
        bound = f" (at most {length})" if is_int(length) else ""
        return f"use `padding='same'`, or a smaller {size}{bound}"


@register
class ReshapeSize(Rule):
    code = "LST106"
    name = "reshape-size-mismatch"
    summary = "`Reshape` asks for a different number of values than the input holds"
    what = "Flags `Reshape(target)` whose target size differs from the input's size per sample."
    why = "Keras refuses to build it (`total size of the new array must be unchanged`)."
    example = "inputs = keras.Input(shape=(10,))\nx = layers.Reshape((4, 4))(inputs)"
    use_instead = "x = layers.Reshape((5, 2))(inputs)"

    def expects(self, finding: Finding) -> str:
        return "sizes differ"

    def help(self, finding: Finding, ctx: Context) -> str:
        size = finding.problem.data.get("size")
        target = finding.problem.data.get("target", ())
        if is_int(size):
            return f"choose a target whose sizes multiply to {size}, or put -1 on one axis to infer it"
        return f"choose a target that holds as many values as the input ({target})"


@register
class BadArgument(Rule):
    code = "LST107"
    name = "invalid-layer-argument"
    summary = "A layer argument Keras rejects for this input"
    what = (
        "Flags arguments that make Keras refuse the layer: a `Concatenate`/`Dot` axis out of "
        "range, `Conv1D` with both strides and dilation above 1, a `Permute` that is not a "
        "permutation, a `Reshape` with two -1."
    )
    why = "Keras raises when it builds or first calls the layer."
    example = "layers.Conv1D(8, 3, strides=2, dilation_rate=2)"
    use_instead = "layers.Conv1D(8, 3, dilation_rate=2)"

    def expects(self, finding: Finding) -> str:
        return "rejected by Keras"

    def help(self, finding: Finding, ctx: Context) -> str:
        kind = finding.problem.kind
        if kind == "bad_constructor_argument":
            name = finding.problem.data.get("argument")
            value = finding.problem.data.get("value")
            if finding.problem.data.get("help"):
                return finding.problem.data["help"]
            if name == "shape":
                return f"write the shape as a tuple: `shape=({value},)`"
            if isinstance(value, float) and name != "rate":
                return f"pass an integer `{name}`, e.g. `{int(value)}` (use `//` for integer division)"
            if name in ("merge_mode", "padding"):
                return f"use one of the values the message lists for `{name}`"
            if name == "rate":
                return "use a dropout `rate` between 0 and 1 (the fraction of units to drop)"
            return f"give `{name}` a positive integer"
        if kind == "bad_axis":
            return "use an axis inside the input's rank; -1 is the feature axis"
        msg = finding.problem.message
        if "strides" in msg:
            return "use strides=1 with a dilation, or dilation_rate=1 with a stride"
        if "permutation" in msg:
            return "list each non-batch axis (1, 2, ...) exactly once"
        return "fix the argument as the message says"


@register
class RemovedArgument(Rule):
    code = "LST108"
    name = "keras2-only-argument"
    summary = "`batch_input_shape` on a layer: Keras 3 rejects it"
    what = "Flags a layer built with `batch_input_shape=...`, which Keras 3 no longer accepts."
    why = (
        "Keras 3 raises `Unrecognized keyword arguments passed to ...: {'batch_input_shape': ...}` "
        "when the layer is created."
    )
    example = "model = Sequential([LSTM(8, batch_input_shape=(32, 10, 3))])"
    use_instead = "model = Sequential([keras.Input(batch_shape=(32, 10, 3)), LSTM(8)])"
    fix_safety = (
        "`--fix` moves the value to a leading `Input(batch_shape=...)` of the Sequential model (list or "
        "`.add` chain): safe, it is the model Keras 2 built."
    )

    def expects(self, finding: Finding) -> str:
        return "rejected by Keras 3"

    def help(self, finding: Finding, ctx: Context) -> str:
        value = finding.problem.data.get("value")
        shown = str(tuple(value)) if isinstance(value, (tuple, list)) else "(batch, time, features)"
        shown = shown.replace("'", "")
        return f"start the model with `keras.Input(batch_shape={shown})` instead"
