"""Realistic buggy programs (issue 15) and the programs ``--fix --unsafe-fixes`` must turn them
into, in several import styles; shared by the codemod tests and the Keras tests.

A case is a template whose ``{Dense}``-style fields are Keras names, written as each import
style writes them; ``names`` lists the layer names the *before* program imports, ``added`` those
the fix must import in the ``from ... import`` style (``from tensorflow.keras.layers import ...``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    before: str
    after: str
    names: tuple[str, ...]
    shape: tuple[int | None, ...]  # the output shape the user meant (of ``model``)
    added: tuple[str, ...] = ()
    safe: bool = False  # applied by plain --fix
    codes: tuple[str, ...] = field(default=())
    probe: str = "model"  # the variable whose shape is ``shape`` (a model's first output, or a tensor)


STYLES = ("keras-layers", "tf-from-import", "keras-dotted", "tf-dotted", "tf-keras")
# the module the program's Keras comes from, in each style (the Keras tests build with it)
KERAS_MODULE = {style: "keras" for style in STYLES} | {"tf-keras": "tf_keras"}
TOP_LEVEL = ("Input", "Model", "Sequential")  # names of the keras package itself, not of layers


def render(template: str, style: str, names: tuple[str, ...]) -> str:
    """``template`` written in ``style``: its head of imports and its ``{Name}`` fields filled."""
    top = [n for n in TOP_LEVEL if "{" + n + "}" in template] or ["Input", "Model"]
    if style == "keras-layers":
        head = "import keras\nfrom keras import layers\n"
        table = {n: f"layers.{n}" for n in names}
        table.update({n: f"keras.{n}" for n in TOP_LEVEL})
    elif style == "tf-from-import":
        head = (
            f"from tensorflow.keras import {', '.join(top)}\nfrom tensorflow.keras.layers import {', '.join(names)}\n"
        )
        table = {n: n for n in (*names, *TOP_LEVEL)}
    elif style == "keras-dotted":
        head = "import keras\n"
        table = {n: f"keras.layers.{n}" for n in names}
        table.update({n: f"keras.{n}" for n in TOP_LEVEL})
    elif style == "tf-dotted":
        head = "import tensorflow as tf\n"
        table = {n: f"tf.keras.layers.{n}" for n in names}
        table.update({n: f"tf.keras.{n}" for n in TOP_LEVEL})
    elif style == "tf-keras":  # Keras 2, the way tf_keras is usually imported
        head = "import tf_keras as keras\nfrom tf_keras import layers\n"
        table = {n: f"layers.{n}" for n in names}
        table.update({n: f"keras.{n}" for n in TOP_LEVEL})
    else:  # pragma: no cover - a typo in a test
        raise ValueError(style)
    return head + template.format(**table)


def before(case: Case, style: str) -> str:
    return render(case.before, style, case.names)


def after(case: Case, style: str) -> str:
    return render(case.after, style, case.names + case.added)


CASES: dict[str, Case] = {
    # a residual block in a helper called with two widths: projected once, in the function's terms
    "helper-residual-block": Case(
        before=(
            "\n\n"
            "def block(x, width):\n"
            "    main = {LSTM}(width, return_sequences=True)(x)\n"
            "    return {Add}()([x, main])\n"
            "\n\n"
            "inputs = {Input}(shape=(10, 16))\n"
            "h = block(inputs, 32)\n"
            "h = block(h, 64)\n"
            "model = {Model}(inputs, h)\n"
        ),
        after=(
            "\n\n"
            "def block(x, width):\n"
            "    main = {LSTM}(width, return_sequences=True)(x)\n"
            "    x_proj = {Dense}(width)(x)\n"
            "    return {Add}()([x_proj, main])\n"
            "\n\n"
            "inputs = {Input}(shape=(10, 16))\n"
            "h = block(inputs, 32)\n"
            "h = block(h, 64)\n"
            "model = {Model}(inputs, h)\n"
        ),
        names=("LSTM", "Add"),
        added=("Dense",),
        shape=(None, 10, 64),
    ),
    # a factory whose Add joins `hidden` and `hidden // 2`: projected with the factory's parameter
    "factory-hidden-half": Case(
        before=(
            "\n\n"
            "def build_model(n_steps, n_features, hidden=64):\n"
            "    inputs = {Input}(shape=(n_steps, n_features))\n"
            "    a = {LSTM}(hidden, return_sequences=True)(inputs)\n"
            "    b = {LSTM}(hidden // 2, return_sequences=True)(a)\n"
            "    y = {Add}()([a, b])\n"
            "    out = {Dense}(1)(y)\n"
            "    return {Model}(inputs, out)\n"
            "\n\n"
            "model = build_model(20, 3)\n"
        ),
        after=(
            "\n\n"
            "def build_model(n_steps, n_features, hidden=64):\n"
            "    inputs = {Input}(shape=(n_steps, n_features))\n"
            "    a = {LSTM}(hidden, return_sequences=True)(inputs)\n"
            "    b = {LSTM}(hidden // 2, return_sequences=True)(a)\n"
            "    b_proj = {Dense}(hidden)(b)\n"
            "    y = {Add}()([a, b_proj])\n"
            "    out = {Dense}(1)(y)\n"
            "    return {Model}(inputs, out)\n"
            "\n\n"
            "model = build_model(20, 3)\n"
        ),
        names=("LSTM", "Add", "Dense"),
        shape=(None, 20, 1),
    ),
    # a gate narrower than the state it gates: the gate's own Dense gets the width
    "gate-units": Case(
        before=(
            "\n"
            "inputs = {Input}(shape=(10, 8))\n"
            "h = {LSTM}(48)(inputs)\n"
            'g = {Dense}(24, activation="sigmoid")(h)\n'
            "y = {Multiply}()([h, g])\n"
            "out = {Dense}(1)(y)\n"
            "model = {Model}(inputs, out)\n"
        ),
        after=(
            "\n"
            "inputs = {Input}(shape=(10, 8))\n"
            "h = {LSTM}(48)(inputs)\n"
            'g = {Dense}(48, activation="sigmoid")(h)\n'
            "y = {Multiply}()([h, g])\n"
            "out = {Dense}(1)(y)\n"
            "model = {Model}(inputs, out)\n"
        ),
        names=("LSTM", "Dense", "Multiply"),
        shape=(None, 1),
    ),
    # a RepeatVector of the wrong count joined to 6 steps: the count becomes the known length
    "repeat-count": Case(
        before=(
            "\n"
            "seq = {Input}(shape=(6, 4))\n"
            "vec = {Input}(shape=(8,))\n"
            "r = {RepeatVector}(5)(vec)\n"
            "both = {Concatenate}()([seq, r])\n"
            "out = {LSTM}(16)(both)\n"
            "model = {Model}([seq, vec], out)\n"
        ),
        after=(
            "\n"
            "seq = {Input}(shape=(6, 4))\n"
            "vec = {Input}(shape=(8,))\n"
            "r = {RepeatVector}(6)(vec)\n"
            "both = {Concatenate}()([seq, r])\n"
            "out = {LSTM}(16)(both)\n"
            "model = {Model}([seq, vec], out)\n"
        ),
        names=("RepeatVector", "Concatenate", "LSTM"),
        shape=(None, 16),
        safe=True,
    ),
    # a RepeatVector added to a sequence of another length (LST110)
    "repeat-count-add": Case(
        before=(
            "\n"
            "seq = {Input}(shape=(6, 8))\n"
            "vec = {Input}(shape=(8,))\n"
            "both = {Add}()([seq, {RepeatVector}(4)(vec)])\n"
            "model = {Model}([seq, vec], both)\n"
        ),
        after=(
            "\n"
            "seq = {Input}(shape=(6, 8))\n"
            "vec = {Input}(shape=(8,))\n"
            "both = {Add}()([seq, {RepeatVector}(6)(vec)])\n"
            "model = {Model}([seq, vec], both)\n"
        ),
        names=("Add", "RepeatVector"),
        shape=(None, 6, 8),
        safe=True,
    ),
    # a Dense vector fed to a GRU: unsafe Reshape((n, 1)), each feature one step
    "dense-into-gru": Case(
        before=(
            "\n"
            "inputs = {Input}(shape=(1,))\n"
            "x = {Dense}(16)(inputs)\n"
            "x = {GRU}(8)(x)\n"
            "out = {Dense}(1)(x)\n"
            "model = {Model}(inputs, out)\n"
        ),
        after=(
            "\n"
            "inputs = {Input}(shape=(1,))\n"
            "x = {Dense}(16)(inputs)\n"
            "x = {GRU}(8)({Reshape}((16, 1))(x))\n"
            "out = {Dense}(1)(x)\n"
            "model = {Model}(inputs, out)\n"
        ),
        names=("Dense", "GRU"),
        added=("Reshape",),
        shape=(None, 1),
    ),
    # one sample given to predict without its batch axis: reshaped where it is passed
    "predict-one-sample": Case(
        before=(
            "import numpy as np\n"
            "\n"
            "n_steps, n_features = 5, 1\n"
            "inputs = {Input}(shape=(n_steps, n_features))\n"
            "model = {Model}(inputs, {Dense}(1)({LSTM}(8)(inputs)))\n"
            "x_input = np.array([10.0, 20.0, 30.0, 40.0, 50.0])\n"
            "yhat = model.predict(x_input, verbose=0)\n"
        ),
        after=(
            "import numpy as np\n"
            "\n"
            "n_steps, n_features = 5, 1\n"
            "inputs = {Input}(shape=(n_steps, n_features))\n"
            "model = {Model}(inputs, {Dense}(1)({LSTM}(8)(inputs)))\n"
            "x_input = np.array([10.0, 20.0, 30.0, 40.0, 50.0])\n"
            "yhat = model.predict(x_input.reshape((1, n_steps, n_features)), verbose=0)\n"
        ),
        names=("Dense", "LSTM"),
        shape=(None, 1),
        safe=True,
    ),
    # ConvLSTM2D stack: the first one hands on every frame
    "convlstm-return-sequences": Case(
        before=(
            "\n"
            "inputs = {Input}(shape=(5, 16, 16, 1))\n"
            'x = {ConvLSTM2D}(8, (3, 3), padding="same")(inputs)\n'
            'x = {ConvLSTM2D}(4, (3, 3), padding="same")(x)\n'
            "model = {Model}(inputs, x)\n"
        ),
        after=(
            "\n"
            "inputs = {Input}(shape=(5, 16, 16, 1))\n"
            'x = {ConvLSTM2D}(8, (3, 3), return_sequences=True, padding="same")(inputs)\n'
            'x = {ConvLSTM2D}(4, (3, 3), padding="same")(x)\n'
            "model = {Model}(inputs, x)\n"
        ),
        names=("ConvLSTM2D",),
        shape=(None, 16, 16, 4),
        safe=True,
    ),
    # a subclassed model whose encoder LSTM hands only its last state to the decoder GRU
    "subclassed-encoder": Case(
        before=(
            "\n\n"
            "class Seq2Vec({Model}):\n"
            "    def __init__(self, units=32):\n"
            "        super().__init__()\n"
            "        self.encoder = {LSTM}(units)\n"
            "        self.decoder = {GRU}(units // 2)\n"
            "        self.head = {Dense}(1)\n"
            "\n"
            "    def call(self, x):\n"
            "        return self.head(self.decoder(self.encoder(x)))\n"
            "\n\n"
            "model = Seq2Vec()\n"
            "y = model({Input}(shape=(10, 3)))\n"
        ),
        after=(
            "\n\n"
            "class Seq2Vec({Model}):\n"
            "    def __init__(self, units=32):\n"
            "        super().__init__()\n"
            "        self.encoder = {LSTM}(units, return_sequences=True)\n"
            "        self.decoder = {GRU}(units // 2)\n"
            "        self.head = {Dense}(1)\n"
            "\n"
            "    def call(self, x):\n"
            "        return self.head(self.decoder(self.encoder(x)))\n"
            "\n\n"
            "model = Seq2Vec()\n"
            "y = model({Input}(shape=(10, 3)))\n"
        ),
        names=("LSTM", "GRU", "Dense"),
        shape=(None, 1),
        safe=True,
        probe="y",
    ),
    # a per-frame CNN, then a Flatten that also merges the frames: it is wrapped in TimeDistributed
    "frames-flatten-wrapped": Case(
        before=(
            "\n"
            "model = {Sequential}()\n"
            "model.add({Input}(shape=(8, 32, 32, 3)))\n"
            'model.add({TimeDistributed}({Conv2D}(16, (3, 3), activation="relu")))\n'
            "model.add({TimeDistributed}({MaxPooling2D}((2, 2))))\n"
            "model.add({Flatten}())\n"
            "model.add({LSTM}(32))\n"
            'model.add({Dense}(5, activation="softmax"))\n'
        ),
        after=(
            "\n"
            "model = {Sequential}()\n"
            "model.add({Input}(shape=(8, 32, 32, 3)))\n"
            'model.add({TimeDistributed}({Conv2D}(16, (3, 3), activation="relu")))\n'
            "model.add({TimeDistributed}({MaxPooling2D}((2, 2))))\n"
            "model.add({TimeDistributed}({Flatten}()))\n"
            "model.add({LSTM}(32))\n"
            'model.add({Dense}(5, activation="softmax"))\n'
        ),
        names=("TimeDistributed", "Conv2D", "MaxPooling2D", "Flatten", "LSTM", "Dense"),
        shape=(None, 5),
        safe=True,
    ),
    # global pooling of a sequence of frames: applied to each frame
    "frames-pooling-wrapped": Case(
        before=(
            "\n"
            "frames = {Input}(shape=(16, 48, 48, 3))\n"
            'x = {TimeDistributed}({Conv2D}(16, 3, strides=2, activation="relu"))(frames)\n'
            "x = {GlobalAveragePooling2D}()(x)\n"
            "x = {GRU}(32)(x)\n"
            'outputs = {Dense}(4, activation="softmax")(x)\n'
            "model = {Model}(frames, outputs)\n"
        ),
        after=(
            "\n"
            "frames = {Input}(shape=(16, 48, 48, 3))\n"
            'x = {TimeDistributed}({Conv2D}(16, 3, strides=2, activation="relu"))(frames)\n'
            "x = {TimeDistributed}({GlobalAveragePooling2D}())(x)\n"
            "x = {GRU}(32)(x)\n"
            'outputs = {Dense}(4, activation="softmax")(x)\n'
            "model = {Model}(frames, outputs)\n"
        ),
        names=("TimeDistributed", "Conv2D", "GlobalAveragePooling2D", "GRU", "Dense"),
        shape=(None, 4),
        safe=True,
    ),
    # the 5-D output of a per-frame CNN straight into an LSTM: unsafe TimeDistributed(Flatten())
    "frames-into-lstm": Case(
        before=(
            "\n"
            "frames = {Input}(shape=(10, 24, 24, 1))\n"
            'x = {TimeDistributed}({Conv2D}(8, 3, activation="relu"))(frames)\n'
            "x = {TimeDistributed}({MaxPooling2D}(2))(x)\n"
            "x = {LSTM}(16)(x)\n"
            "model = {Model}(frames, {Dense}(2)(x))\n"
        ),
        after=(
            "\n"
            "frames = {Input}(shape=(10, 24, 24, 1))\n"
            'x = {TimeDistributed}({Conv2D}(8, 3, activation="relu"))(frames)\n'
            "x = {TimeDistributed}({MaxPooling2D}(2))(x)\n"
            "x = {LSTM}(16)({TimeDistributed}({Flatten}())(x))\n"
            "model = {Model}(frames, {Dense}(2)(x))\n"
        ),
        names=("TimeDistributed", "Conv2D", "MaxPooling2D", "LSTM", "Dense"),
        added=("Flatten",),
        shape=(None, 2),
    ),
    # the same in a Sequential list: the new layer goes in as the element before the LSTM
    "frames-into-lstm-list": Case(
        before=(
            "\n"
            "model = {Sequential}([\n"
            "    {Input}(shape=(6, 20, 20, 3)),\n"
            "    {TimeDistributed}({Conv2D}(4, 3)),\n"
            "    {GRU}(8),\n"
            "    {Dense}(1),\n"
            "])\n"
        ),
        after=(
            "\n"
            "model = {Sequential}([\n"
            "    {Input}(shape=(6, 20, 20, 3)),\n"
            "    {TimeDistributed}({Conv2D}(4, 3)),\n"
            "    {TimeDistributed}({Flatten}()),\n"
            "    {GRU}(8),\n"
            "    {Dense}(1),\n"
            "])\n"
        ),
        names=("TimeDistributed", "Conv2D", "GRU", "Dense"),
        added=("Flatten",),
        shape=(None, 1),
    ),
}
