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
from lstmlint.layers.params import ParamCount, count_params  # noqa: E402
from lstmlint.shapes import Shape  # noqa: E402
from lstmlint.layers import LayerConfig
from lstmlint.graph.summary import snake_case, summarize  # noqa: E402

HEADER = "import keras\nfrom keras import layers\n"

# Each program binds `model`; the whole program is ours (a test case), never a user's file.
PROGRAMS = {
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

    for kind in ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "TimeDistributed", "Conv1D", "GlobalAveragePooling1D",
                 "MaxPooling1D", "BatchNormalization", "InputLayer", "LSTMCell", "StackedRNNCells", "UpSampling1D",
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
    assert count_params(cfg("Lambda"), [x]) is None
    assert count_params(cfg("Dense", __opaque__=True), [x]) is None
    assert count_params(cfg("RNN", cell=UNKNOWN), [x]) is None
    assert count_params(cfg("Dense", units=4, trainable=UNKNOWN), [x]) is None
    # weightless layers need nothing known, and an Embedding not even its input
    assert count_params(cfg("Dropout", rate=UNKNOWN), [Shape(None)]) == ParamCount(0, 0)
    assert count_params(cfg("Embedding", input_dim=10, output_dim=3), [Shape(None)]) == ParamCount(30)
