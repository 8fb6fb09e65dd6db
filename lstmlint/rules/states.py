"""States, attention and training targets: what Keras builds but rejects when the model runs
or trains (LST201, LST202, LST205, LST206), and attention calls it refuses (LST203, LST204)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from lstmlint.codes import Code
from lstmlint.diagnostics import Label
from lstmlint.findings import Finding
from lstmlint.layers.spec import traits_of
from lstmlint.rules.base import Context, Rendered, Rule, describe_origin, operand_labels, primary_label, register
from lstmlint.shapes.problems import ProblemKind

if TYPE_CHECKING:
    from lstmlint.fix.builders import Planner
    from lstmlint.fix.plan import FixPlan


@register
class InitialStateWidth(Rule):
    code = Code.INITIAL_STATE_WIDTH_MISMATCH
    what = (
        "Flags `LSTM`/`GRU`/`SimpleRNN`/`RNN(cell)`/`Bidirectional` called with "
        "`initial_state=[...]` whose tensors' last dimension differs from the layer's units "
        "(for `Bidirectional`, the first half of the states belongs to the forward layer)."
    )
    why = (
        "Keras 3 builds the model without complaint, then fails on the first batch: the cell "
        "adds the state to a product sized by its units. Typical in seq2seq code when the "
        "encoder and decoder have different sizes. Keras 2 (`tf_keras`) refuses the call at once "
        '("An `initial_state` was passed that is not compatible with `cell.state_size`"): under '
        "a Keras 2 target it is an error."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "enc_in = keras.Input(shape=(10, 4))\n"
        "dec_in = keras.Input(shape=(5, 4))\n"
        "_, h, c = layers.LSTM(64, return_state=True)(enc_in)\n"
        "dec = layers.LSTM(32)(dec_in, initial_state=[h, c])  # states are 64 wide\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "enc_in = keras.Input(shape=(10, 4))\n"
        "dec_in = keras.Input(shape=(5, 4))\n"
        "_, h, c = layers.LSTM(64, return_state=True)(enc_in)\n"
        "dec = layers.LSTM(64)(dec_in, initial_state=[h, c])\n"
    )

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        labels = [primary_label(finding, ctx, self.expects(finding))]
        state = finding.problem.data.get("state")
        origin = describe_origin(state, ctx) if state is not None else None
        if origin is not None and origin[0] is not finding.node:
            labels.append(Label(ctx.span(origin[0]), origin[1]))
        return Rendered(finding.problem.message, labels, self.help(finding, ctx), [])

    def help(self, finding: Finding, ctx: Context) -> str:
        units = finding.problem.data.get("units")
        width = finding.problem.data.get("width")
        return f"give the layer {width} units, or make the state {units} wide (e.g. a `Dense({units})` on it)"


@register
class AttentionWidth(Rule):
    code = Code.ATTENTION_QUERY_KEY_WIDTH_MISMATCH
    what = (
        "Flags dot-product or additive attention whose query and key (the value, by default) "
        "differ in their last dimension."
    )
    why = (
        "Keras 3 builds the layer (its output takes the value's width), but computing the scores "
        "combines query and key feature by feature, which fails on the first batch. Keras 2 "
        "(`tf_keras`) computes the scores when the layer is called and refuses it there "
        '("Dimensions must be equal"): under a Keras 2 target it is an error.'
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "decoder_seq = keras.Input(shape=(5, 32))\n"
        "encoder_seq = keras.Input(shape=(10, 64))\n"
        "att = layers.Attention()([decoder_seq, encoder_seq])  # 32 vs 64 wide\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "decoder_seq = keras.Input(shape=(5, 32))\n"
        "encoder_seq = keras.Input(shape=(10, 64))\n"
        "att = layers.Attention()([layers.Dense(64)(decoder_seq), encoder_seq])\n"
    )

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        labels = [primary_label(finding, ctx, self.expects(finding))]
        labels += operand_labels(finding, ctx, only=[0, finding.problem.data.get("key_index", 1)])
        return Rendered(finding.problem.message, labels, self.help(finding, ctx), [])

    def expects(self, finding: Finding) -> str:
        return "refused by Keras 2" if finding.problem.data.get("refused") else "fails when the model runs"

    def help(self, finding: Finding, ctx: Context) -> str:
        q = finding.problem.data.get("query")
        return (
            f"project the key and value to the query's width first, e.g. `layers.Dense({q})(...)`, or "
            f"use `MultiHeadAttention`"
        )


@register
class AttentionInputs(Rule):
    code = Code.ATTENTION_INPUTS_NOT_A_LIST
    what = "Flags an attention layer called on a single tensor, or on a list of fewer than 2 or more than 3 tensors."
    why = "Keras refuses the call: the layer needs the query and the value (and optionally the key) in one list."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 8))\n"
        "lstm_out = layers.LSTM(16, return_sequences=True)(inputs)\n"
        "context = layers.Attention()(lstm_out)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 8))\n"
        "lstm_out = layers.LSTM(16, return_sequences=True)(inputs)\n"
        "context = layers.Attention()([lstm_out, lstm_out])  # self-attention\n"
    )

    def expects(self, finding: Finding) -> str:
        return "expects [query, value] or [query, value, key]"

    def help(self, finding: Finding, ctx: Context) -> str:
        if not finding.problem.data.get("list"):
            return "pass a list: `[query, value]` (the same tensor twice for self-attention)"
        return "pass two or three tensors: `[query, value]` or `[query, value, key]`"


@register
class MhaKeyValue(Rule):
    code = Code.ATTENTION_KEY_VALUE_MISMATCH
    what = (
        "Flags `MultiHeadAttention(...)(query, value, key=...)` whose value and key differ in "
        "length (or any axis but the last)."
    )
    why = "Keras refuses to build the layer: every key step must pair with a value step."
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "q = keras.Input(shape=(5, 16))\n"
        "enc_out = keras.Input(shape=(10, 16))\n"
        "other_seq = keras.Input(shape=(7, 16))\n"
        "y = layers.MultiHeadAttention(2, 16)(q, enc_out, key=other_seq)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "q = keras.Input(shape=(5, 16))\n"
        "enc_out = keras.Input(shape=(10, 16))\n"
        "y = layers.MultiHeadAttention(2, 16)(q, enc_out)  # key defaults to the value\n"
    )

    def help(self, finding: Finding, ctx: Context) -> str:
        return "give the key the value's length, or leave `key` out to use the value"


@register
class FitTargetMismatch(Rule):
    code = Code.FIT_TARGET_SHAPE_MISMATCH
    what = (
        "Flags `model.fit(x, y)` when the model's output shape and `y`'s shape are both known "
        "and the compiled loss cannot compare them: `binary_crossentropy`/"
        "`categorical_crossentropy` need the same shape, `sparse_categorical_crossentropy` one "
        "axis more on the output, `mse`/`mae`/`huber`/... broadcastable non-batch axes (after "
        "Keras drops or adds a trailing axis of size 1)."
    )
    why = (
        "Keras builds and compiles the model, then raises when training starts. The usual "
        "cause is a last recurrent layer left with `return_sequences=True` before the head."
    )
    example = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "X = np.zeros((118, 10, 3))\n"
        "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
        "model.fit(X, np.zeros((118, 1)))  # output (None, 10, 1)\n"
    )
    use_instead = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "X = np.zeros((118, 10, 3))\n"
        "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
        "model.fit(X, np.zeros((118, 1)))\n"
    )

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        return _render_with_model_tensor(self, finding, ctx, "model output")

    def expects(self, finding: Finding) -> str:
        return "fails when training starts"

    def help(self, finding: Finding, ctx: Context) -> str:
        out = finding.problem.data.get("output")
        target = finding.problem.data.get("target") or ()
        if out is not None and out.rank is not None and out.rank == len(target) + 1:
            return "set `return_sequences=False` on the last recurrent layer, or give `y` a time axis"
        return "make the last layer produce the target's shape, or reshape `y` to the model's output"


@register
class FitSampleCount(Rule):
    code = Code.FIT_SAMPLE_COUNT_MISMATCH
    what = "Flags `model.fit(x, y)` where `x` and `y` are arrays of known, different lengths."
    why = "Keras raises `Data cardinality is ambiguous` before the first batch."
    example = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(np.zeros((118, 10, 3)), np.zeros((100, 1)))\n"
    )
    use_instead = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(np.zeros((118, 10, 3)), np.zeros((118, 1)))\n"
    )

    def expects(self, finding: Finding) -> str:
        return "fails when training starts"

    def help(self, finding: Finding, ctx: Context) -> str:
        return "slice `x` and `y` with the same indices (e.g. both `[:split]`)"


@register
class FitInputMismatch(Rule):
    code = Code.FIT_INPUT_SHAPE_MISMATCH
    what = (
        "Flags data given to a model (`fit`, `validation_data`, `evaluate`, `predict`, "
        "`train_on_batch`, `test_on_batch`, `predict_on_batch`) that the model refuses: on a "
        "functional model (`keras.Model(inputs, outputs)`, one array, a list or a dict by `Input` "
        "name) when the rank or any known size differs from the `Input`; on a Sequential model "
        "(input from `keras.Input`, `input_shape=`, `input_dim=`, `batch_input_shape=`, `build`, "
        "or its first batch of data) when the rank differs, or when a layer whose weights were "
        "made for other sizes receives the data (a `Dense` built for 3 features given 2). Keras "
        "adds or drops a trailing axis of size 1 itself."
    )
    why = (
        "A functional model checks every batch against its `Input` shape and raises "
        "`Input 0 ... is incompatible with the layer` when training starts. A typical cause is a "
        "data window one step longer or shorter than the model's `shape=(window, features)`."
    )
    example = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "X = np.zeros((32, 15, 2))\n"
        "y = np.zeros((32, 1))\n"
        "inputs = keras.Input(shape=(14, 2))\n"
        "outputs = layers.Dense(1)(layers.LSTM(8)(inputs))\n"
        "model = keras.Model(inputs, outputs)\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(X, y)\n"
    )
    use_instead = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "X = np.zeros((32, 15, 2))\n"
        "y = np.zeros((32, 1))\n"
        "inputs = keras.Input(shape=X.shape[1:])\n"
        "outputs = layers.Dense(1)(layers.LSTM(8)(inputs))\n"
        "model = keras.Model(inputs, outputs)\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(X, y)\n"
    )

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        return _render_with_model_tensor(self, finding, ctx, "model input")

    def expects(self, finding: Finding) -> str:
        method = finding.problem.data.get("method")
        if isinstance(method, str) and method != "fit":
            return f"fails when `{method}` runs"
        return "fails when training starts"

    def help(self, finding: Finding, ctx: Context) -> str:
        data = _data_name(finding.node) or "X"
        example = f"keras.Input(shape={data}.shape[1:])"
        return f"declare the `Input` with the data's shape, e.g. `{example}`, or reshape the data"

    fix_safety = (
        "When `predict` is given one sample without its batch axis (shape (5,) for a model of input "
        "(None, 5, 1)), `--fix` reshapes the data where it is passed: `model.predict(x.reshape((1, n_steps, "
        "n_features)))`, with the `Input`'s own sizes. Safe: it only adds axes of size 1. Other mismatches "
        "need a decision about the data or the model and get no fix."
    )

    def fix(self, finding: Finding, planner: Planner) -> FixPlan | None:
        return planner.sample_reshape(finding)


@register
class FitTargetBroadcast(Rule):
    code = Code.FIT_TARGET_BROADCAST
    what = (
        "Flags `model.fit(x, y)` with an element-wise loss (`mse`, `mae`, `huber`, ...) when, "
        "after Keras aligns their ranks, the output and `y` differ only by axes of size 1: "
        "the loss then compares every value of one with every value of the other."
    )
    why = (
        "Keras trains without complaint, but the loss is not what was meant: e.g. an output of "
        "(None, 8, 1) (the last LSTM kept `return_sequences=True`) against one target per "
        "sample asks every time step to predict the same value."
    )
    example = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input((8, 2)), layers.LSTM(16, return_sequences=True), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(np.zeros((16, 8, 2)), np.zeros((16, 1)))\n"
    )
    use_instead = (
        "import keras\n"
        "import numpy as np\n"
        "from keras import layers\n"
        "\n"
        "model = keras.Sequential([keras.Input((8, 2)), layers.LSTM(16), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(np.zeros((16, 8, 2)), np.zeros((16, 1)))\n"
    )

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        return FitTargetMismatch.render(self, finding, ctx)  # type: ignore[arg-type]

    def expects(self, finding: Finding) -> str:
        return "broadcasts silently"

    def help(self, finding: Finding, ctx: Context) -> str:
        return FitTargetMismatch.help(self, finding, ctx)  # type: ignore[arg-type]


@register
class UnpackCount(Rule):
    code = Code.LAYER_OUTPUT_UNPACK_MISMATCH
    what = (
        "Flags `a, b = layer(x)` when the layer returns one tensor (no `return_state`, "
        "`Bidirectional` with its default `merge_mode`), or a different number of tensors than "
        "names (`GRU(..., return_state=True)` returns 2, `LSTM` 3, `Bidirectional(LSTM)` 5)."
    )
    why = (
        "A symbolic Keras tensor cannot be iterated (`NotImplementedError`), and unpacking a "
        "list of the wrong length raises `ValueError`, on this very line."
    )
    example = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 4))\n"
        "seq, h, c = layers.GRU(16, return_sequences=True, return_state=True)(inputs)\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 4))\n"
        "seq, h = layers.GRU(16, return_sequences=True, return_state=True)(inputs)\n"
    )

    def expects(self, finding: Finding) -> str:
        count = finding.problem.data.get("count")
        return f"{count} value{'s' if count != 1 else ''} to unpack"

    def help(self, finding: Finding, ctx: Context) -> str:
        data = finding.problem.data
        if finding.problem.kind == ProblemKind.UNPACK_SINGLE:
            return (
                "add `return_state=True` to get the states, or `merge_mode=None` on `Bidirectional` to get "
                "both directions"
            )
        app = data.get("app")
        traits = traits_of(app.layer.cfg.kind) if app is not None else None
        if app is not None and traits is not None and traits.recurrent and traits.states and not traits.wraps:
            # one state (GRU, SimpleRNN): output, h; two (LSTM): output, h, c
            names = ", ".join(("output", "h", "c")[: traits.states + 1])
            one = "one state" if traits.states == 1 else f"{traits.states} states"
            return f"{_article(app.layer.cfg.display)} has {one}: unpack `{names}`"
        return f"unpack exactly {data.get('count')} names, or use `*states`"


def _render_with_model_tensor(rule: Rule, finding: Finding, ctx: Context, what: str) -> Rendered:
    """A `fit` finding: the primary label, and where the model's tensor got its shape."""
    labels = [primary_label(finding, ctx, rule.expects(finding))]
    tensor = finding.problem.data.get("tensor")
    origin = describe_origin(tensor, ctx) if tensor is not None else None
    if origin is not None:
        labels.append(Label(ctx.span(origin[0]), f"{what} {origin[1]}"))
    return Rendered(finding.problem.message, labels, rule.help(finding, ctx), [])


def _article(display: str) -> str:
    """ "a `GRU`", "an `LSTM`": the article as the name is spoken."""
    spoken_vowel = (
        display[:1] in "AEFHILMNORSX" if display[:1].isupper() and display[1:2].isupper() else display[:1] in "AEIOU"
    )
    return f"{'an' if spoken_vowel else 'a'} `{display}`"


def _data_name(node: object) -> str | None:
    """The name of the input data given to ``fit``/``predict``/... at ``node`` (its ``x``: the
    first positional argument or ``x=``), when it is a plain name."""
    if not isinstance(node, cst.Call):
        return None
    for i, arg in enumerate(node.args):
        given = arg.keyword.value if arg.keyword is not None else ("x" if i == 0 and arg.star == "" else None)
        if given == "x":
            return arg.value.value if isinstance(arg.value, cst.Name) else None
    return None
