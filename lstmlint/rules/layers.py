"""Rank, length, reshape and argument errors of the non-recurrent layers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from lstmlint.codes import Code
from lstmlint.findings import Finding
from lstmlint.fix.edits import Edit, InsertBefore, InsertElement, SetKeyword
from lstmlint.fix.plan import FixPlan
from lstmlint.fix.source import call_arg
from lstmlint.layers.spec import traits_of
from lstmlint.rules.base import Context, Rule, register
from lstmlint.rules.recurrent import sequence_help
from lstmlint.rules.versions import removed_argument_fix, removed_argument_help, tuple_shape_fix
from lstmlint.shapes import is_int
from lstmlint.shapes.problems import ArgumentRule, ProblemKind, WindowKind

if TYPE_CHECKING:
    from lstmlint.fix.builders import Planner


@register
class InputRankMismatch(Rule):
    code = Code.LAYER_INPUT_RANK_MISMATCH
    what = (
        "Flags `Dense` on a 1-D tensor, `TimeDistributed` on fewer than 3 dimensions, `Conv1D`, "
        "pooling, padding, cropping, upsampling and `SpatialDropout1D` on anything but "
        "(batch, steps, channels), and `Permute` whose dims do not match the input's rank."
    )
    why = "Keras checks each layer's input rank when it builds the model and refuses a mismatch."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 8))\n"
        "x = layers.LSTM(32)(inputs)  # (None, 32)\n"
        "x = layers.Conv1D(16, 3)(x)  # error\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 8))\n"
        "x = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "x = layers.Conv1D(16, 3)(x)\n"
    )
    fix_safety = (
        "When a layer that needs (batch, time, features) gets a recurrent layer's last state, `--fix` "
        "sets `return_sequences=True` on that layer: safe when it feeds nothing else, unsafe otherwise. "
        "When it gets a vector (batch, n) made by a `Dense`, `--fix --unsafe-fixes` inserts `Reshape((n, 1))` before "
        "it (each feature one step; `RepeatVector(steps)` is the other choice). "
        "When a layer that works on one frame (`GlobalAveragePooling2D`, `Conv2D`, ...) gets the sequence of "
        "frames a `TimeDistributed` layer made, `--fix` wraps it in `TimeDistributed(...)`: safe when the "
        "frames then go only to recurrent layers, unsafe otherwise (the time axis reaches further layers). "
        "A `Flatten` that merged such frames into one vector before a layer needing (batch, time, features) is "
        "wrapped the same way: safe when its output goes nowhere else."
    )

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        data = finding.problem.data
        kind = app.layer.cfg.kind
        got = data.get("got")
        if data.get("ndim") == 3 or (data.get("min_ndim") == 3 and got == 2):
            advice = sequence_help(finding, ctx, f"`{app.layer.cfg.display}`")
            wraps = traits_of(kind).wraps
            if wraps is not None and not traits_of(kind).recurrent:
                inner = app.layer.cfg.get(wraps)
                inner_kind = getattr(inner, "kind", "the layer")
                advice += f"; or drop `TimeDistributed`: `{inner_kind}` can take the 2-D input directly"
            return advice
        if data.get("min_ndim") == 2:
            return "give the input a feature axis, e.g. `Reshape((1,))`, or feed it a 2-D tensor"
        if is_int(data.get("ndim")) and is_int(got) and got == data["ndim"] + 1 and data["ndim"] >= 4:
            # an image layer given a sequence of images (batch, time, ...): one step at a time
            return f"wrap it in `TimeDistributed(...)` to apply `{app.layer.cfg.display}` to every step of axis 1"
        if "dims" in app.layer.cfg.params:  # a permutation of the axes, one per non-batch axis
            return f"pass one position per non-batch axis of the {got}-D input to `{app.layer.cfg.display}`"
        return f"reshape the input to {finding.problem.expected}"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        data = finding.problem.data
        if data.get("ndim") == 3 or (data.get("min_ndim") == 3 and data.get("got") == 2):
            return (
                planner.sequences_upstream(finding)
                or planner.frames_merged(finding)
                or planner.vector_as_steps(finding)
            )
        return planner.frame_layer_on_frames(finding)


@register
class NonPositiveLength(Rule):
    code = Code.SEQUENCE_TOO_SHORT
    what = "Flags `Conv1D`, `MaxPooling1D`/`AveragePooling1D` and `Cropping1D` whose output length is zero or negative."
    why = "Keras refuses to build the layer: the window is longer than the sequence."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(7, 3))\n"
        "x = layers.Conv1D(4, 9)(inputs)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(7, 3))\n"
        'x = layers.Conv1D(4, 9, padding="same")(inputs)\n'
    )

    def expects(self, finding: Finding) -> str:
        return "leaves no time steps"

    def help(self, finding: Finding, ctx: Context) -> str:
        app = finding.app
        assert app is not None
        data = finding.problem.data
        dims = app.inputs[0].shape.dims
        axis = data.get("axis", 1)
        length = data.get("input_length", dims[axis] if dims and isinstance(axis, int) and axis < len(dims) else None)
        window = data.get("window")
        if window == WindowKind.CROP:
            return f"crop fewer than {length} steps in total"
        size = "kernel" if window == WindowKind.KERNEL else "pool"
        bound = f" (at most {length})" if is_int(length) else ""
        return f"use `padding='same'`, or a smaller {size}{bound}"


@register
class ReshapeSize(Rule):
    code = Code.RESHAPE_SIZE_MISMATCH
    what = "Flags `Reshape(target)` whose target size differs from the input's size per sample."
    why = "Keras refuses to build it (`total size of the new array must be unchanged`)."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10,))\n"
        "x = layers.Reshape((4, 4))(inputs)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10,))\n"
        "x = layers.Reshape((5, 2))(inputs)\n"
    )

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
    code = Code.INVALID_LAYER_ARGUMENT
    what = (
        "Flags arguments that make Keras refuse the layer: a `Concatenate`/`Dot` axis out of "
        "range, `Conv1D` with both strides and dilation above 1, a `Permute` that is not a "
        "permutation, a `Reshape` with two -1, a size given as `None` (`Dense(None)`, `LSTM(None)`, "
        "`Conv2D(None, 3)`), a `ConvNDTranspose` `output_padding` not below its strides, "
        "`TextVectorization` arguments Keras refuses together (`output_sequence_length` or "
        "`ragged=True` outside the `int` mode, `sparse=True` in it, `pad_to_max_tokens=True` "
        "without `max_tokens`), (Keras 3) `Input(shape=20)` written as an int and `Input(tensor=...)` "
        "given data (an array, a batch from a `tf.data` pipeline) instead of a Keras tensor, and a layer built "
        "without an argument its Keras requires (`Dense()`, `CategoryEncoding()` without `num_tokens`; "
        "Keras 3's `AveragePooling2D()`, whose `pool_size` has no default)."
    )
    why = "Keras raises when it builds or first calls the layer (Keras 3: `Cannot convert '20' to a shape`)."
    example = "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=20)\nx = layers.Dense(8)(inputs)\n"
    use_instead = (
        "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(20,))\nx = layers.Dense(8)(inputs)\n"
    )
    fix_safety = (
        "`--fix` writes an int `Input` shape as a one-element tuple (`shape=20` -> `shape=(20,)`, what Keras 2 "
        "read it as): safe. Under Keras 3, a required argument Keras 2 had a default for is written out with "
        "that default (`AveragePooling2D()` -> `AveragePooling2D(pool_size=(2, 2))`): safe. The other argument "
        "errors have no automatic fix; the help line says what to change."
    )

    def expects(self, finding: Finding) -> str:
        return "rejected by Keras"

    def help(self, finding: Finding, ctx: Context) -> str:
        problem = finding.problem
        if problem.kind == ProblemKind.BAD_AXIS:
            return "use an axis inside the input's rank; -1 is the feature axis"
        data = problem.data
        rule = data.get("rule")
        name = data.get("argument")
        value = data.get("value")
        return _argument_help(rule, name, value, data) or "fix the argument as the message says"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        if finding.problem.data.get("rule") == ArgumentRule.TUPLE_SHAPE:
            return tuple_shape_fix(finding, planner)  # Input(shape=7) -> (7,), as Keras 2 read it
        if finding.problem.data.get("rule") == ArgumentRule.REQUIRED:
            return _required_fix(finding)  # AveragePooling2D() -> pool_size=(2, 2), Keras 2's default
        return None


def _required_fix(finding: Finding) -> FixPlan | None:
    """Keras 3's ``AveragePooling2D()``: Keras 2's default written out (``pool_size=(2, 2)``), which
    keeps what the Keras 2 code meant; only when every missing parameter had a literal default."""
    call, data = finding.node, finding.problem.data
    missing, defaults = data.get("missing"), data.get("defaults")
    if not (isinstance(call, cst.Call) and isinstance(missing, tuple) and isinstance(defaults, dict)):
        return None
    if not missing or any(name not in defaults for name in missing):
        return None
    edits: list[Edit] = [SetKeyword(call, name, defaults[name]) for name in missing]
    what = ", ".join(f"`{name}={defaults[name]}`" for name in missing)
    other = "2" if data.get("version") == "3" else "3"
    return FixPlan(finding, edits, [f"write Keras {other}'s default {what}"])


def _required_help(data: dict[str, object]) -> str:
    """``AveragePooling2D()`` under Keras 3: what to pass, and the default the other Keras had."""
    missing = data.get("missing")
    names = tuple(missing) if isinstance(missing, tuple) else (str(data.get("argument")),)
    version = data.get("version")
    other = "2" if version == "3" else "3"
    defaults = data.get("defaults")
    known = defaults if isinstance(defaults, dict) else {}
    if len(names) == 1 and names[0] in known:
        return (
            f"pass `{names[0]}`: it has no default in Keras {version} (Keras {other} used "
            f"`{names[0]}={known[names[0]]}`)"
        )
    keras = "Keras" if data.get("both") else f"Keras {version}"
    if data.get("checked"):  # a None default the constructor refuses (``CategoryEncoding()``)
        one = "one" if len(names) > 1 else "it"
        return f"pass {' or '.join(f'`{n}`' for n in names)}: {keras} refuses the layer without {one}"
    shown = " and ".join(f"`{n}`" for n in names)
    return f"pass {shown} (positionally or by keyword): {keras} has no default for {'them' if len(names) > 1 else 'it'}"


def _argument_help(rule: object, name: object, value: object, data: dict[str, object]) -> str | None:
    """How to satisfy the argument rule Keras applied (``ArgumentRule``)."""
    advice = data.get("advice")
    if isinstance(advice, str):
        return advice  # the check knew best (an argument combination)
    if rule == ArgumentRule.REQUIRED:
        return _required_help(data)
    if rule == ArgumentRule.OUTPUT_PADDING_STRIDES:
        strides = data.get("strides")
        below = f" (at most {strides - 1} here)" if is_int(strides) else ""
        return f"use an `output_padding` below the stride on each axis{below}, or leave it out"
    if rule == ArgumentRule.TUPLE_SHAPE:
        return f"write the shape as a tuple: `shape=({value},)`"
    if rule == ArgumentRule.WEIGHT_SHAPES:
        expected = data.get("expected")
        return f"size the layer from the array (its shape is the weight's shape), or pass an array of shape {expected}"
    if rule == ArgumentRule.STRIDES_WITH_DILATION:
        return "use strides=1 with a dilation, or dilation_rate=1 with a stride"
    if rule == ArgumentRule.PERMUTATION:
        return "list each non-batch axis (1, 2, ...) exactly once"
    if rule == ArgumentRule.TWO_INFERRED_DIMS:
        return "put -1 on one axis at most and give the others their sizes"
    if rule == ArgumentRule.ZERO_STRIDES:
        default = data.get("default")
        tail = f" (or leave it out: it defaults to `{default}`)" if default else ""
        return f"give `{name}` a positive integer{tail}"
    if rule == ArgumentRule.RATE:
        return "use a dropout `rate` between 0 and 1 (the fraction of units to drop)"
    if rule == ArgumentRule.ONE_OF:
        allowed = data.get("allowed")
        if isinstance(value, str) and isinstance(allowed, tuple) and value.lower() in allowed:
            return f"write it in lowercase: `{name}={value.lower()!r}`"
        if isinstance(allowed, tuple) and 0 < len(allowed) <= 6:
            shown = [f"`{name}={a!r}`" for a in sorted(allowed, key=str)]
            return "use " + (", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0])
        return f"use one of the values the message lists for `{name}`"
    if isinstance(value, float) and not (value - value == 0):  # nan, inf: no integer is near it
        return f"pass an integer `{name}`"
    if isinstance(value, float):
        return f"pass an integer `{name}`, e.g. `{int(value)}` (use `//` for integer division)"
    if rule == ArgumentRule.INT_TUPLE_LENGTH:
        length = data.get("length")
        return f"give `{name}` one integer, or a tuple of {length}" if length != 1 else f"give `{name}` one integer"
    if rule == ArgumentRule.INT_TUPLE_SIGN and data.get("zero_ok"):
        return f"give `{name}` integers of 0 or more"
    if name is not None:
        return f"give `{name}` a positive integer"
    return None


@register
class RemovedArgument(Rule):
    code = Code.KERAS2_ONLY_ARGUMENT
    what = (
        "Flags a layer built with a Keras 2 argument Keras 3 no longer accepts: `batch_input_shape=...` "
        "(still accepted by `InputLayer`), `time_major=`, and any other keyword the generated Keras 2 "
        "table has and the Keras 3 one lacks. Only in files judged by Keras 3 (see docs/keras-versions.md)."
    )
    why = (
        "Keras 3 raises `Unrecognized keyword arguments passed to ...: {'batch_input_shape': ...}` "
        "when the layer is created."
    )
    example = (
        "from keras import Sequential\n"
        "from keras.layers import LSTM\n"
        "\n"
        "model = Sequential([LSTM(8, batch_input_shape=(32, 10, 3))])\n"
    )
    use_instead = (
        "from keras import Input, Sequential\n"
        "from keras.layers import LSTM\n"
        "\n"
        "model = Sequential([Input(batch_shape=(32, 10, 3)), LSTM(8)])\n"
    )
    fix_safety = (
        "`--fix` moves the value to a leading `Input(batch_shape=...)` of the Sequential model (list or "
        "`.add` chain): safe, it is the model Keras 2 built."
    )

    def expects(self, finding: Finding) -> str:
        return "rejected by Keras 3"

    def help(self, finding: Finding, ctx: Context) -> str:
        other = removed_argument_help(finding)  # time_major & co. (rules/versions.py)
        if other is not None:
            return other
        value = finding.problem.data.get("value")
        shown = str(tuple(value)) if isinstance(value, (tuple, list)) else "(batch, time, features)"
        shown = shown.replace("'", "")
        return f"start the model with `keras.Input(batch_shape={shown})` instead"

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        if finding.problem.data.get("argument") != "batch_input_shape":
            return removed_argument_fix(finding, planner)
        return batch_input_shape_fix(finding, planner)


# ------------------------------------------------------------------ fixes
def batch_input_shape_fix(finding: Finding, planner: Planner) -> FixPlan | None:
    """Move ``batch_input_shape`` to a leading ``Input(batch_shape=...)`` (LST108)."""
    layer = finding.layer
    if layer is None or not isinstance(layer.node, cst.Call):
        return None
    call = layer.node
    value = call_arg(call, None, "batch_input_shape")
    if value is None:
        return None
    holder = planner.src.parent.get(id(call))
    edits: list[Edit] = [SetKeyword(call, "batch_input_shape", None)]
    value_code = " ".join(planner.src.code(value).split())
    # Keras 2 read it only on the first layer of a Sequential model: anywhere else it was ignored
    dropped = FixPlan(finding, edits, ["drop `batch_input_shape` (Keras 2 ignored it on this layer)"], [])
    if isinstance(holder, cst.Call) and holder.func is call:
        return dropped  # functional: LSTM(..., batch_input_shape=...)(x)
    if isinstance(holder, cst.Element):
        seq = planner.src.parent.get(id(holder))
        outer = planner.src.enclosing_call(seq) if seq is not None else None
        if not isinstance(seq, (cst.List, cst.Tuple)) or outer is None or not planner.is_sequential(outer):
            return None
        if seq.elements[0] is not holder:
            return dropped
        ref = planner.src.keras_ref("Input", outer.func)
        if ref is None:
            return None
        edits += [*ref.edits, InsertElement(seq, 0, f"{ref.code}(batch_shape={value_code})")]
    elif isinstance(holder, cst.Arg):
        add = planner.src.parent.get(id(holder))
        if not (isinstance(add, cst.Call) and isinstance(add.func, cst.Attribute) and add.func.attr.value == "add"):
            return None
        first = planner.first_add(add)
        if first is None:
            return None
        if not first:
            return dropped
        stmt = planner.src.statement(add)
        if stmt is None or len(stmt.body) != 1:
            return None
        ref = planner.src.keras_ref("Input", call.func)
        if ref is None:
            return None
        target = planner.src.code(add.func.value)
        edits += [*ref.edits, InsertBefore(stmt, (f"{target}.add({ref.code}(batch_shape={value_code}))\n",))]
    else:
        return None
    what = f"move `batch_input_shape` to a leading `Input(batch_shape={value_code})`"
    return FixPlan(finding, edits, [what], [])


@register
class GroupsDoNotDivideChannels(Rule):
    code = Code.GROUPS_DO_NOT_DIVIDE_CHANNELS
    what = (
        "Flags `GroupNormalization` applied to an input whose channel count (the last axis) its "
        "`groups` do not divide, or that has fewer channels than groups. The default is 32 groups."
    )
    why = (
        "Keras splits the channels into `groups` equal groups when it builds the layer, and raises "
        "`Number of groups (3) must be a multiple of the number of channels (8)` or "
        "`cannot be more than the number of channels` (Keras 3 and Keras 2 alike)."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 16))\n"
        "x = layers.Conv1D(24, 3)(inputs)\n"
        "x = layers.GroupNormalization()(x)  # 32 groups, 24 channels\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(20, 16))\n"
        "x = layers.Conv1D(24, 3)(inputs)\n"
        "x = layers.GroupNormalization(groups=8)(x)\n"
    )

    def expects(self, finding: Finding) -> str:
        return f"expects {finding.problem.expected}" if finding.problem.expected else "fails here"

    def help(self, finding: Finding, ctx: Context) -> str:
        channels = finding.problem.data.get("channels")
        if not is_int(channels):
            return "choose `groups` that divides the number of channels"
        divisors = [d for d in range(1, channels + 1) if channels % d == 0]
        shown = ", ".join(str(d) for d in divisors[-4:])
        return f"use `groups` that divides {channels} (e.g. {shown}), or -1 for one group per channel"
