"""Each shape rule against real Keras: same verdict, and the same output shapes."""

from __future__ import annotations

import pytest

from conftest import lint
from keras_oracle import keras_outcome
from lstmlint.shapes import is_int

pytest.importorskip("keras")

# (layer call, input shapes); inputs are bound to i0, i1, ... and the call must bind `out`
CASES: list[tuple[str, list[tuple]]] = [
    ("layers.LSTM(4)(i0)", [(7, 5)]),
    ("layers.LSTM(4)(i0)", [(5,)]),
    ("layers.LSTM(4)(i0)", [(3, 4, 5)]),
    ("layers.LSTM(4)(i0)", [(7, None)]),
    ("layers.LSTM(4, return_sequences=True)(i0)", [(None, 5)]),
    ("layers.LSTM(4, return_state=True)(i0)", [(7, 5)]),
    ("layers.LSTM(4, return_sequences=True, return_state=True)(i0)", [(7, 5)]),
    ("layers.GRU(3, return_state=True)(i0)", [(7, 5)]),
    ("layers.SimpleRNN(3, return_sequences=True)(i0)", [(7, 5)]),
    ("layers.GRU(3)(i0)", [(5,)]),
    ("layers.Bidirectional(layers.LSTM(4))(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.LSTM(4), merge_mode='sum')(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.LSTM(4), merge_mode='ave')(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.LSTM(4), merge_mode='mul')(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.LSTM(4), merge_mode=None)(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.LSTM(4, return_state=True))(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.GRU(4, return_sequences=True, return_state=True), merge_mode=None)(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.LSTM(4), backward_layer=layers.LSTM(6, go_backwards=True))(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.LSTM(4))(i0)", [(5,)]),
    ("layers.RNN(layers.LSTMCell(6))(i0)", [(7, 5)]),
    ("layers.RNN(layers.LSTMCell(6), return_state=True)(i0)", [(7, 5)]),
    ("layers.RNN([layers.LSTMCell(6), layers.GRUCell(3)], return_sequences=True)(i0)", [(7, 5)]),
    ("layers.RNN(layers.LSTMCell(6))(i0)", [(5,)]),
    ("layers.LSTM(4, stateful=True)(i0)", [(7, 5)]),
    ("layers.Bidirectional(layers.GRU(4, stateful=True))(i0)", [(7, 5)]),
    ("layers.RNN(layers.LSTMCell(6), stateful=True)(i0)", [(7, 5)]),
    ("layers.RepeatVector(3)(i0)", [(5,)]),
    ("layers.RepeatVector(3)(i0)", [(5, 6)]),
    ("layers.Dense(3)(i0)", [(7, 5)]),
    ("layers.Dense(3)(i0)", [(7, None)]),
    ("layers.Dense(3)(i0)", [()]),
    ("layers.TimeDistributed(layers.Dense(3))(i0)", [(7, 5)]),
    ("layers.TimeDistributed(layers.Dense(3))(i0)", [(5,)]),
    ("layers.TimeDistributed(layers.LSTM(3))(i0)", [(7, 5, 2)]),
    ("layers.TimeDistributed(layers.LSTM(3))(i0)", [(7, 5)]),
    ("layers.TimeDistributed(layers.Conv1D(3, 2))(i0)", [(7, 5, 2)]),
    ("layers.Embedding(100, 8)(i0)", [(7,)]),
    ("layers.Embedding(100, 8)(i0)", [(7, 3)]),
    ("layers.Flatten()(i0)", [(7, 3, 2)]),
    ("layers.Flatten()(i0)", [(5,)]),
    ("layers.Flatten()(i0)", [(3, None)]),
    ("layers.Reshape((4, 4))(i0)", [(10,)]),
    ("layers.Reshape((5, 2))(i0)", [(10,)]),
    ("layers.Reshape((-1, 3))(i0)", [(10, 8)]),
    ("layers.Reshape((-1, 4))(i0)", [(10, 8)]),
    ("layers.Reshape((-1, 4))(i0)", [(None, 8)]),
    ("layers.Permute((2, 1))(i0)", [(7, 3)]),
    ("layers.Permute((2, 1))(i0)", [(7, 3, 2)]),
    ("layers.Conv1D(4, 3)(i0)", [(10, 3)]),
    ("layers.Conv1D(4, 9)(i0)", [(7, 3)]),
    ("layers.Conv1D(4, 7)(i0)", [(7, 3)]),
    ("layers.Conv1D(4, 3, strides=2)(i0)", [(10, 3)]),
    ("layers.Conv1D(4, 3, dilation_rate=2)(i0)", [(10, 3)]),
    ("layers.Conv1D(4, 3, padding='same', strides=3)(i0)", [(10, 3)]),
    ("layers.Conv1D(4, 3, padding='causal', strides=2)(i0)", [(10, 3)]),
    ("layers.Conv1D(4, 3, strides=2, dilation_rate=2)(i0)", [(10, 3)]),
    ("layers.Conv1D(4, 3)(i0)", [(7,)]),
    ("layers.Conv1D(4, 3)(i0)", [(None, 3)]),
    ("layers.MaxPooling1D(8)(i0)", [(7, 3)]),
    ("layers.MaxPooling1D(3, padding='same')(i0)", [(7, 3)]),
    ("layers.MaxPooling1D()(i0)", [(7, 3)]),
    ("layers.AveragePooling1D(3, strides=1)(i0)", [(7, 3)]),
    ("layers.MaxPooling1D(2)(i0)", [(7,)]),
    ("layers.GlobalMaxPooling1D()(i0)", [(7, 3)]),
    ("layers.GlobalAveragePooling1D(keepdims=True)(i0)", [(7, 3)]),
    ("layers.GlobalAveragePooling1D()(i0)", [(7, 3, 2)]),
    ("layers.ZeroPadding1D((1, 2))(i0)", [(7, 3)]),
    ("layers.ZeroPadding1D(2)(i0)", [(7, 3)]),
    ("layers.Cropping1D((3, 4))(i0)", [(7, 3)]),
    ("layers.Cropping1D(2)(i0)", [(7, 3)]),
    ("layers.UpSampling1D(3)(i0)", [(7, 3)]),
    ("layers.UpSampling1D(3)(i0)", [(7,)]),
    ("layers.SpatialDropout1D(0.1)(i0)", [(7,)]),
    ("layers.Dropout(0.1)(i0)", [(7, 3)]),
    ("layers.BatchNormalization()(i0)", [(7, None)]),
    ("layers.LayerNormalization()(i0)", [(7, 4)]),
    ("layers.Add()([i0, i1])", [(10, 32), (32,)]),
    ("layers.Add()([i0, i1])", [(10, 8), (32,)]),
    ("layers.Add()([i0, i1])", [(1, 5), (7, 5)]),
    ("layers.Add()([i0, i1])", [(None, 5), (7, 5)]),
    ("layers.Add()([i0, i1])", [(10, 1), (10, 32)]),
    ("layers.Add()([i0])", [(5,)]),
    ("layers.Add()(i0)", [(5,)]),
    ("layers.Subtract()([i0, i1, i2])", [(5,), (5,), (5,)]),
    ("layers.Multiply()([i0, i1])", [(4,), (5,)]),
    ("layers.Average()([i0, i1, i2])", [(4,), (4,), (4,)]),
    ("layers.Maximum()([i0, i1])", [(3, 4), (3, 4)]),
    ("layers.Minimum()([i0, i1])", [(3, 4), (3, 5)]),
    ("layers.add([i0, i1])", [(3, 4), (3, 4)]),
    ("layers.Concatenate()([i0, i1])", [(10, 1), (32,)]),
    ("layers.Concatenate()([i0, i1])", [(None, 5), (7, 5)]),
    ("layers.Concatenate(axis=1)([i0, i1])", [(10, 4), (3, 4)]),
    ("layers.Concatenate(axis=1)([i0, i1])", [(10, 4), (3, 5)]),
    ("layers.Concatenate(axis=3)([i0, i1])", [(10, 4), (10, 4)]),
    ("layers.concatenate([i0, i1], axis=-1)", [(10, 4), (10, 6)]),
    ("layers.Concatenate()([i0, i1])", [(10, 4), (9, 6)]),
    ("layers.Dot(axes=(2, 2))([i0, i1])", [(4, 5), (6, 3)]),
    ("layers.Dot(axes=(2, 2))([i0, i1])", [(4, 5), (6, 5)]),
    ("layers.Dot(axes=1)([i0, i1])", [(5,), (5,)]),
    ("layers.Dot(axes=1)([i0, i1])", [(5,), (6,)]),
    ("layers.Dot(axes=-1)([i0, i1])", [(4, 5), (5,)]),
    ("layers.Dot(axes=1)([i0, i1, i2])", [(5,), (5,), (5,)]),
    ("layers.dot([i0, i1], axes=(2, 3))", [(4, 5, 6), (7, 8, 5)]),
]


def _source(call: str, shapes: list[tuple]) -> str:
    lines = ["import keras", "from keras import layers"]
    for k, s in enumerate(shapes):
        lines.append(f"i{k} = keras.Input(shape={s!r})")
    lines.append(f"out = {call}")
    return "\n".join(lines) + "\n"


def _lstmlint(source: str) -> tuple[bool, list[tuple] | None]:
    result = lint(source)
    line = source.count("\n")
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    if errors:
        assert [d.line for d in errors] == [line], errors
        return False, None
    assert result.analysis is not None
    apps = [a for a in result.analysis.applications if result.locate(a.node).line == line]
    outer = max(apps, key=lambda a: (result.locate(a.node).column * -1, len(result.module.code_for_node(a.node))))
    shapes = [t.shape.dims for t in outer.outputs]
    if any(s is None for s in shapes):
        return True, None
    return True, [tuple(d if (d is None or is_int(d)) else "?" for d in s) for s in shapes]


@pytest.mark.parametrize("call,shapes", CASES, ids=[f"{c} on {s}" for c, s in CASES])
def test_same_verdict_and_shapes_as_keras(call: str, shapes: list[tuple]) -> None:
    source = _source(call, shapes)
    built, keras_result = keras_outcome(source)
    ok, ours = _lstmlint(source)
    assert ok == built, f"keras: {keras_result}"
    if built:
        assert ours is not None, "lstmlint lost track of a shape Keras knows"
        assert ours == keras_result


def test_stateful_layer_with_a_fixed_batch_builds() -> None:
    source = "import keras\nfrom keras import layers\ni0 = keras.Input(batch_shape=(4, 7, 5))\nout = layers.LSTM(4, stateful=True)(i0)\n"
    assert keras_outcome(source) == (True, [(4, 4)])
    assert _lstmlint(source) == (True, [(4, 4)])
