"""States, attention and training targets: what Keras builds but rejects when the model runs
or trains (LST201, LST202, LST205, LST206), and attention calls it refuses (LST203, LST204)."""

from __future__ import annotations

from lstmlint.diagnostics import Label, Severity
from lstmlint.graph.model import Finding
from lstmlint.rules.base import Context, Rendered, Rule, describe_origin, operand_labels, primary_label, register


@register
class InitialStateWidth(Rule):
    code = "LST201"
    name = "initial-state-width-mismatch"
    severity = Severity.WARNING
    summary = "An `initial_state` tensor is not as wide as the recurrent layer's units"
    what = (
        "Flags `LSTM`/`GRU`/`SimpleRNN`/`RNN(cell)`/`Bidirectional` called with "
        "`initial_state=[...]` whose tensors' last dimension differs from the layer's units "
        "(for `Bidirectional`, the first half of the states belongs to the forward layer)."
    )
    why = (
        "Keras builds the model without complaint, then fails on the first batch: the cell "
        "adds the state to a product sized by its units. Typical in seq2seq code when the "
        "encoder and decoder have different sizes."
    )
    example = (
        "_, h, c = layers.LSTM(64, return_state=True)(enc_in)\n"
        "dec = layers.LSTM(32)(dec_in, initial_state=[h, c])   # states are 64 wide"
    )
    use_instead = (
        "_, h, c = layers.LSTM(64, return_state=True)(enc_in)\n"
        "dec = layers.LSTM(64)(dec_in, initial_state=[h, c])"
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
    code = "LST202"
    name = "attention-query-key-width-mismatch"
    severity = Severity.WARNING
    summary = "`Attention`/`AdditiveAttention` query and key have different widths"
    what = "Flags dot-product or additive attention whose query and key (the value, by default) differ in their last dimension."
    why = (
        "Keras builds the layer (its output takes the value's width), but computing the scores "
        "combines query and key feature by feature, which fails on the first batch."
    )
    example = "att = layers.Attention()([decoder_seq, encoder_seq])   # 32 vs 64 wide"
    use_instead = "att = layers.Attention()([layers.Dense(64)(decoder_seq), encoder_seq])"

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        labels = [primary_label(finding, ctx, self.expects(finding))]
        labels += operand_labels(finding, ctx, only=[0, finding.problem.data.get("key_index", 1)])
        return Rendered(finding.problem.message, labels, self.help(finding, ctx), [])

    def expects(self, finding: Finding) -> str:
        return "fails when the model runs"

    def help(self, finding: Finding, ctx: Context) -> str:
        q = finding.problem.data.get("query")
        return f"project the key and value to the query's width first, e.g. `layers.Dense({q})(...)`, or use `MultiHeadAttention`"


@register
class AttentionInputs(Rule):
    code = "LST203"
    name = "attention-inputs-not-a-list"
    summary = "`Attention`/`AdditiveAttention` called on something other than [query, value(, key)]"
    what = "Flags an attention layer called on a single tensor, or on a list of fewer than 2 or more than 3 tensors."
    why = "Keras refuses the call: the layer needs the query and the value (and optionally the key) in one list."
    example = "context = layers.Attention()(lstm_out)"
    use_instead = "context = layers.Attention()([lstm_out, lstm_out])   # self-attention"

    def expects(self, finding: Finding) -> str:
        return "expects [query, value] or [query, value, key]"

    def help(self, finding: Finding, ctx: Context) -> str:
        if not finding.problem.data.get("list"):
            return "pass a list: `[query, value]` (the same tensor twice for self-attention)"
        return "pass two or three tensors: `[query, value]` or `[query, value, key]`"


@register
class MhaKeyValue(Rule):
    code = "LST204"
    name = "attention-key-value-mismatch"
    summary = "`MultiHeadAttention` key and value differ on an axis other than the last"
    what = (
        "Flags `MultiHeadAttention(...)(query, value, key=...)` whose value and key differ in "
        "length (or any axis but the last)."
    )
    why = "Keras refuses to build the layer: every key step must pair with a value step."
    example = "layers.MultiHeadAttention(2, 16)(q, enc_out, key=other_seq)"
    use_instead = "layers.MultiHeadAttention(2, 16)(q, enc_out)   # key defaults to the value"

    def help(self, finding: Finding, ctx: Context) -> str:
        return "give the key the value's length, or leave `key` out to use the value"


@register
class FitTargetMismatch(Rule):
    code = "LST205"
    name = "fit-target-shape-mismatch"
    summary = "`model.fit` targets do not match the model's output for its loss"
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
        "model = Sequential([Input((10, 3)), LSTM(8, return_sequences=True), Dense(1)])\n"
        "model.compile(loss='binary_crossentropy')\n"
        "model.fit(X, np.zeros((118, 1)))   # output (None, 10, 1)"
    )
    use_instead = "model = Sequential([Input((10, 3)), LSTM(8), Dense(1)])"

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
    code = "LST206"
    name = "fit-sample-count-mismatch"
    summary = "`model.fit` gets different numbers of inputs and targets"
    what = "Flags `model.fit(x, y)` where `x` and `y` are arrays of known, different lengths."
    why = "Keras raises `Data cardinality is ambiguous` before the first batch."
    example = "model.fit(np.zeros((118, 10, 3)), np.zeros((100, 1)))"
    use_instead = "model.fit(np.zeros((118, 10, 3)), np.zeros((118, 1)))"

    def expects(self, finding: Finding) -> str:
        return "fails when training starts"

    def help(self, finding: Finding, ctx: Context) -> str:
        return "slice `x` and `y` with the same indices (e.g. both `[:split]`)"


@register
class FitInputMismatch(Rule):
    code = "LST207"
    name = "fit-input-shape-mismatch"
    summary = "`model.fit` inputs do not match the model's `Input` shape"
    what = (
        "Flags `model.fit(x, y)` on a functional model (`keras.Model(inputs, outputs)`) when `x` "
        "is an array of known shape whose rank or any known size differs from the `Input`, and on "
        "a Sequential model starting with `keras.Input` when the rank differs (Keras adds or drops "
        "a trailing axis of size 1 itself)."
    )
    why = (
        "A functional model checks every batch against its `Input` shape and raises "
        "`Input 0 ... is incompatible with the layer` when training starts. A typical cause is a "
        "data window one step longer or shorter than the model's `shape=(window, features)`."
    )
    example = (
        "X = np.zeros((32, 15, 2))\n"
        "inputs = keras.Input(shape=(14, 2))\n"
        "...\n"
        "model.fit(X, y)"
    )
    use_instead = "inputs = keras.Input(shape=X.shape[1:])"

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        return _render_with_model_tensor(self, finding, ctx, "model input")

    def expects(self, finding: Finding) -> str:
        return "fails when training starts"

    def help(self, finding: Finding, ctx: Context) -> str:
        return "declare the `Input` with the data's shape, e.g. `keras.Input(shape=X.shape[1:])`, or reshape the data"


@register
class FitTargetBroadcast(Rule):
    code = "LST208"
    name = "fit-target-broadcast"
    severity = Severity.WARNING
    summary = "`model.fit` silently broadcasts the target against the model's output"
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
        "model = Sequential([Input((8, 2)), LSTM(16, return_sequences=True), Dense(1)])\n"
        "model.compile(loss='mse')\n"
        "model.fit(X, np.zeros((16, 1)))"
    )
    use_instead = "model = Sequential([Input((8, 2)), LSTM(16), Dense(1)])"

    def render(self, finding: Finding, ctx: Context) -> Rendered:
        return FitTargetMismatch.render(self, finding, ctx)  # type: ignore[arg-type]

    def expects(self, finding: Finding) -> str:
        return "broadcasts silently"

    def help(self, finding: Finding, ctx: Context) -> str:
        return FitTargetMismatch.help(self, finding, ctx)  # type: ignore[arg-type]


@register
class UnpackCount(Rule):
    code = "LST209"
    name = "layer-output-unpack-mismatch"
    summary = "A layer's result is unpacked into the wrong number of names"
    what = (
        "Flags `a, b = layer(x)` when the layer returns one tensor (no `return_state`, "
        "`Bidirectional` with its default `merge_mode`), or a different number of tensors than "
        "names (`GRU(..., return_state=True)` returns 2, `LSTM` 3, `Bidirectional(LSTM)` 5)."
    )
    why = (
        "A symbolic Keras tensor cannot be iterated (`NotImplementedError`), and unpacking a "
        "list of the wrong length raises `ValueError`, on this very line."
    )
    example = "seq, h, c = layers.GRU(16, return_sequences=True, return_state=True)(inputs)"
    use_instead = "seq, h = layers.GRU(16, return_sequences=True, return_state=True)(inputs)"

    def expects(self, finding: Finding) -> str:
        count = finding.problem.data.get("count")
        return f"{count} value{'s' if count != 1 else ''} to unpack"

    def help(self, finding: Finding, ctx: Context) -> str:
        data = finding.problem.data
        if finding.problem.kind == "unpack_single":
            return "add `return_state=True` to get the states, or `merge_mode=None` on `Bidirectional` to get both directions"
        app = data.get("app")
        kind = app.layer.cfg.kind if app is not None else ""
        if kind == "GRU":
            return "a GRU has one state: unpack `output, h`"
        if kind == "LSTM":
            return "an LSTM has two states: unpack `output, h, c`"
        return f"unpack exactly {data.get('count')} names, or use `*states`"


def _render_with_model_tensor(rule: Rule, finding: Finding, ctx: Context, what: str) -> Rendered:
    """A `fit` finding: the primary label, and where the model's tensor got its shape."""
    labels = [primary_label(finding, ctx, rule.expects(finding))]
    tensor = finding.problem.data.get("tensor")
    origin = describe_origin(tensor, ctx) if tensor is not None else None
    if origin is not None:
        labels.append(Label(ctx.span(origin[0]), f"{what} {origin[1]}"))
    return Rendered(finding.problem.message, labels, rule.help(finding, ctx), [])
