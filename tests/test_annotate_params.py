"""The static model summary against real Keras: layer names, output shapes and parameter
counts (total and trainable) must equal what Keras reports for the same program."""

from __future__ import annotations

import os
import textwrap
import warnings

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

from lstmlint.api import lint_source  # noqa: E402
from lstmlint.graph.summary import snake_case, summarize  # noqa: E402
from lstmlint.layers import LayerConfig  # noqa: E402
from lstmlint.layers.params import ParamCount, count_params  # noqa: E402
from lstmlint.shapes import Shape  # noqa: E402

HEADER = "import keras\nfrom keras import layers\n"

# Each program binds `model`; the whole program is ours (a test case), never a user's file.
PROGRAMS = {
    "video_cnn_lstm": """
        frames = keras.Input(shape=(6, 24, 20, 3))
        x = layers.TimeDistributed(layers.Conv2D(8, 3, activation="relu"))(frames)
        x = layers.TimeDistributed(layers.MaxPooling2D())(x)
        x = layers.TimeDistributed(layers.SeparableConv2D(6, 3, depth_multiplier=2, padding="same"))(x)
        x = layers.TimeDistributed(layers.DepthwiseConv2D(3, depth_multiplier=2, use_bias=False))(x)
        x = layers.TimeDistributed(layers.GlobalAveragePooling2D())(x)
        x = layers.LSTM(5)(x)
        x = layers.PReLU()(x)
        model = keras.Model(frames, x)
    """,
    "conv_lstm": """
        frames = keras.Input(shape=(5, 16, 16, 2))
        x = layers.ConvLSTM2D(4, 3, padding="same", return_sequences=True)(frames)
        x = layers.BatchNormalization()(x)
        x = layers.ConvLSTM2D(3, (3, 1), use_bias=False, return_sequences=True)(x)
        x = layers.Conv3D(2, 3, padding="same")(x)
        x = layers.Conv3DTranspose(2, (1, 2, 3), strides=(1, 2, 1))(x)
        x = layers.GroupNormalization(groups=2)(x)
        x = layers.UpSampling3D()(x)
        x = layers.Cropping3D(1)(x)
        x = layers.ZeroPadding3D((0, 1, 2))(x)
        x = layers.GlobalMaxPooling3D()(x)
        model = keras.Model(frames, x)
    """,
    "conv_lstm3d": """
        volumes = keras.Input(shape=(3, 4, 6, 7, 2))
        v = layers.ConvLSTM3D(2, (1, 2, 3), return_sequences=True)(volumes)
        v = layers.TimeDistributed(layers.MaxPooling3D((1, 2, 2), padding="same"))(v)
        v = layers.ConvLSTM3D(3, 1, data_format="channels_last")(v)
        v = layers.SpatialDropout3D(0.1)(v)
        v = layers.AveragePooling3D((2, 1, 1))(v)
        v = layers.GlobalAveragePooling3D(keepdims=True)(v)
        model = keras.Model(volumes, v)
    """,
    "conv_lstm1d": """
        seq = keras.Input(shape=(4, 12, 3))
        y = layers.ConvLSTM1D(5, 3, return_sequences=True)(seq)
        y = layers.ConvLSTM1D(2, 2)(y)
        y = layers.Conv1DTranspose(4, 3, strides=2)(y)
        y = layers.SeparableConv1D(3, 3, padding="same")(y)
        y = layers.DepthwiseConv1D(2)(y)
        z = layers.Bidirectional(layers.ConvLSTM1D(2, 3, return_sequences=True))(seq)
        z = layers.Bidirectional(layers.ConvLSTM1D(3, 2), merge_mode="sum")(z)
        model = keras.Model(seq, [y, z])
    """,
    "images": """
        img = keras.Input(shape=(32, 30, 3))
        x = layers.Rescaling(1.0 / 255)(img)
        x = layers.Normalization()(x)
        x = layers.Resizing(24, 24)(x)
        x = layers.CenterCrop(20, 20)(x)
        x = layers.ZeroPadding2D(((1, 2), (3, 0)))(x)
        x = layers.Conv2DTranspose(4, 3, strides=2, padding="same")(x)
        x = layers.AveragePooling2D(3)(x)
        x = layers.Cropping2D(((1, 0), (2, 1)))(x)
        x = layers.UpSampling2D((2, 1))(x)
        x = layers.SpatialDropout2D(0.2)(x)
        x = layers.PReLU(shared_axes=[1, 2])(x)
        x = layers.UnitNormalization()(x)
        x = layers.Flatten()(x)
        x = layers.Dense(3)(x)
        x = layers.Softmax()(x)
        model = keras.Model(img, x)
    """,
    "text": """
        text = keras.Input(shape=(), dtype="string")
        tokens = layers.TextVectorization(max_tokens=200, output_sequence_length=16)(text)
        x = layers.Embedding(200, 8)(tokens)
        x = layers.LSTM(6)(x)
        model = keras.Model(text, x)
    """,
    "lookups": """
        words = keras.Input(shape=(3,), dtype="string")
        w = layers.StringLookup(max_tokens=12, pad_to_max_tokens=True, output_mode="multi_hot")(words)
        ids = keras.Input(shape=(1,), dtype="int64")
        h = layers.Hashing(10, output_mode="one_hot")(ids)
        c = layers.CategoryEncoding(7, output_mode="count")(layers.IntegerLookup(max_tokens=7)(ids))
        nums = keras.Input(shape=(4,))
        d = layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0], output_mode="multi_hot")(nums)
        n = layers.Normalization(axis=None)(nums)
        out = layers.Concatenate()([w, h, c, d, n])
        model = keras.Model([words, ids, nums], layers.Dense(1)(out))
    """,
    "recurrent": """
        inp = keras.Input(shape=(20, 6))
        a = layers.LSTM(32, return_sequences=True)(inp)
        b = layers.GRU(16, return_sequences=True)(a)
        c = layers.GRU(8, reset_after=False, return_sequences=True)(b)
        d = layers.SimpleRNN(5, return_sequences=True)(c)
        e = layers.LSTM(7, use_bias=False, return_sequences=True)(d)
        f = layers.GRU(4, use_bias=False)(e)
        model = keras.Model(inp, f)
    """,
    "states": """
        inp = keras.Input(shape=(9, 3))
        out, h, c = layers.LSTM(4, return_state=True)(inp)
        g = layers.SimpleRNN(3, use_bias=False)(layers.RepeatVector(2)(h))
        model = keras.Model(inp, [out, g, c])
    """,
    "bidirectional": """
        inp = keras.Input(shape=(12, 5))
        x = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(inp)
        x = layers.Bidirectional(layers.GRU(6, return_sequences=True), merge_mode="sum")(x)
        x = layers.Bidirectional(
            layers.LSTM(4, return_sequences=True),
            backward_layer=layers.GRU(3, return_sequences=True, go_backwards=True),
        )(x)
        x = layers.Bidirectional(layers.SimpleRNN(2, use_bias=False), merge_mode="ave")(x)
        model = keras.Model(inp, x)
    """,
    "bidirectional_lists": """
        inp = keras.Input(batch_shape=(32, 8, 4))
        fwd, bwd = layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=None)(inp)
        both = layers.Concatenate()([fwd, bwd])
        out, h1, c1, h2, c2 = layers.Bidirectional(layers.LSTM(2, return_state=True))(both)
        model = keras.Model(inp, [layers.Subtract()([h1, h2]), layers.Maximum()([c1, c2]), out])
    """,
    "cells": """
        inp = keras.Input(shape=(7, 4))
        x = layers.RNN(layers.LSTMCell(6), return_sequences=True)(inp)
        x = layers.RNN([layers.LSTMCell(5), layers.GRUCell(3)], return_sequences=True)(x)
        x = layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(4), layers.GRUCell(2, reset_after=False)]))(x)
        model = keras.Model(inp, x)
    """,
    "core": """
        inp = keras.Input(shape=(7,))
        x = layers.Embedding(100, 8)(inp)
        x = layers.Conv1D(16, 3, padding="same")(x)
        x = layers.Conv1D(8, (2,), use_bias=False)(x)
        x = layers.Conv1D(4, 3, groups=2, padding="causal")(x)
        x = layers.BatchNormalization()(x)
        x = layers.BatchNormalization(center=False, renorm=True)(x)
        x = layers.LayerNormalization()(x)
        x = layers.LayerNormalization(axis=[1, 2], scale=False)(x)
        x = layers.TimeDistributed(layers.Dense(5))(x)
        x = layers.Dense(3, use_bias=False)(x)
        x = layers.MaxPooling1D(2)(x)
        x = layers.Dropout(0.1)(x)
        x = layers.GlobalAveragePooling1D()(x)
        x = layers.Dense(2, activation="softmax", trainable=False)(x)
        model = keras.Model(inp, x)
    """,
    "merges": """
        left = keras.Input(shape=(10, 8), name="left")
        right = keras.Input(shape=(10, 8))
        shared = layers.Dense(8)
        a = shared(left)
        b = shared(right)
        s = layers.Add()([a, b])
        m = layers.Multiply()([a, s])
        c = layers.Concatenate()([m, left])
        d = layers.Dot(axes=(2, 2))([c, c])
        e = layers.Average()([layers.Flatten()(d), layers.Reshape((100,))(d)])
        f = layers.add([e, layers.Dense(100, name="proj")(layers.Flatten()(left))])
        model = keras.Model([left, right], f)
    """,
    "sequential": """
        model = keras.Sequential([
            keras.Input(shape=(15, 4)),
            layers.Conv1D(8, 5, activation="relu"),
            layers.AveragePooling1D(2),
            layers.ZeroPadding1D(1),
            layers.Cropping1D((1, 0)),
            layers.UpSampling1D(2),
            layers.SpatialDropout1D(0.2),
            layers.Bidirectional(layers.LSTM(6, return_sequences=True)),
            layers.TimeDistributed(layers.Dense(4)),
            layers.Permute((2, 1)),
            layers.GlobalMaxPooling1D(),
            layers.Dense(3, use_bias=False),
            layers.Activation("relu"),
            layers.Masking(),
        ])
    """,
    "time_distributed_rnn": """
        inp = keras.Input(shape=(6, 5, 2))
        x = layers.TimeDistributed(layers.LSTM(3))(inp)
        x = layers.TimeDistributed(layers.Dense(4, use_bias=False))(x)
        x = layers.GRU(2)(x)
        model = keras.Model(inp, x)
    """,
    "conv2d": """
        inp = keras.Input(shape=(12, 10, 3))
        x = layers.Conv2D(8, 3, activation="relu")(inp)
        x = layers.Conv2D(4, (3, 2), strides=2, padding="same", use_bias=False)(x)
        x = layers.Conv2D(6, 2, groups=2, dilation_rate=(2, 1))(x)
        x = layers.Conv2D(5, 3, data_format="channels_first")(layers.Permute((3, 1, 2))(x))
        x = layers.TimeDistributed(layers.Conv1D(2, 1))(x)
        x = layers.Dense(2)(layers.Flatten()(x))
        model = keras.Model(inp, x)
    """,
    "added": """
        model = keras.Sequential()
        model.add(layers.Input(shape=(11, 3)))
        model.add(layers.GRU(5, return_sequences=True))
        model.add(layers.LSTM(4, trainable=False))
        model.add(layers.Dense(1))
    """,
}


def keras_model(source: str):
    keras.backend.clear_session()          # restart Keras' automatic layer names
    ns: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(source, "<case>", "exec"), ns)  # noqa: S102 - our own test program
    return ns["model"]


def keras_rows(model) -> dict[str, tuple[str, int, int, list[str]]]:
    """name -> (output shape, params, trainable params, "connected to") as Keras' summary has them."""
    relevant = {id(n) for nodes in getattr(model, "_nodes_by_depth", {}).values() for n in nodes}
    rows = {}
    for layer in model.layers:
        nodes = [n for n in layer._inbound_nodes if not relevant or id(n) in relevant]
        outputs = nodes[-1].output_tensors
        shapes = [str(tuple(t.shape)) for t in outputs]
        shape = shapes[0] if len(shapes) == 1 else "[" + ", ".join(shapes) + "]"
        trainable = sum(int(w.numpy().size) for w in layer.trainable_weights)
        connected = []
        for node in nodes:
            for t in node.input_tensors:
                history = t._keras_history
                connected.append(f"{history.operation.name}[{history.node_index}][{history.tensor_index}]")
        rows[layer.name] = (shape, layer.count_params(), trainable, connected)
    return rows


def our_rows(source: str) -> tuple[dict[str, tuple], object]:
    result = lint_source(source, "model.py")
    assert result.internal_error is None, result.internal_error
    assert result.diagnostics == [], result.diagnostics
    summaries = [s for s in summarize(result.analysis, result.locate) if s.name == "model"]
    assert len(summaries) == 1
    summary = summaries[0]
    rows = {}
    for row in summary.rows:
        p = row.params
        rows[row.name] = (row.output, None if p is None else p.total, None if p is None else p.trainable,
                          row.connected)
    return rows, summary


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_summary_matches_keras(name: str) -> None:
    source = HEADER + textwrap.dedent(PROGRAMS[name])
    model = keras_model(source)
    ours, summary = our_rows(source)
    theirs = keras_rows(model)
    if summary.kind == "sequential":   # Keras lists no connections for a Sequential's layers
        ours = {k: v[:3] for k, v in ours.items()}
        theirs = {k: v[:3] for k, v in theirs.items()}
    assert ours == theirs
    assert summary.total is not None
    assert summary.total.total == model.count_params()
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    assert summary.total.trainable == trainable


def test_snake_case_matches_keras() -> None:
    from keras.src.utils.naming import to_snake_case

    for kind in ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "TimeDistributed", "Conv1D",
                 "GlobalAveragePooling1D", "MaxPooling1D", "Conv2D", "BatchNormalization", "InputLayer", "LSTMCell",
                 "StackedRNNCells", "UpSampling1D",
                 "ZeroPadding1D", "RepeatVector", "Dense", "ActivityRegularization", "ReLU", "ELU", "PReLU"):
        assert snake_case(kind) == to_snake_case(kind), kind


def cfg(kind: str, **params) -> LayerConfig:
    return LayerConfig(kind, params)


def test_unknown_is_never_guessed() -> None:
    from lstmlint.shapes import UNKNOWN, Sym

    x = Shape((None, 10, 8))
    assert count_params(cfg("LSTM", units=UNKNOWN), [x]) is None               # units not a literal
    assert count_params(cfg("LSTM", units=Sym.named("n")), [x]) is None        # symbolic units
    assert count_params(cfg("LSTM", units=4), [Shape((None, 10, None))]) is None
    assert count_params(cfg("LSTM", units=4), [Shape(None)]) is None
    assert count_params(cfg("LSTM", units=4, use_bias=UNKNOWN), [x]) is None
    assert count_params(cfg("GRU", units=4, reset_after=UNKNOWN), [x]) is None
    assert count_params(cfg("Dense", units=4, lora_rank=2), [x]) is None
    assert count_params(cfg("Dense", units=4, dtype="int8_from_float32"), [x]) is None
    assert count_params(cfg("TFSMLayer"), [x]) is None                          # an opaque layer
    assert count_params(cfg("Dense", __opaque__=True), [x]) is None
    assert count_params(cfg("RNN", cell=UNKNOWN), [x]) is None
    assert count_params(cfg("Dense", units=4, trainable=UNKNOWN), [x]) is None
    # weightless layers need nothing known, and an Embedding not even its input
    assert count_params(cfg("Dropout", rate=UNKNOWN), [Shape(None)]) == ParamCount(0, 0)
    assert count_params(cfg("Lambda"), [Shape(None)]) == ParamCount(0, 0)  # Keras: a Lambda owns no weights
    assert count_params(cfg("Embedding", input_dim=10, output_dim=3), [Shape(None)]) == ParamCount(30)
