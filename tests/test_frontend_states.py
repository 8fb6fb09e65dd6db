"""Returned states, initial_state, seq2seq, attention layers and unpacking, against real Keras."""

from __future__ import annotations

import pytest
from frontend_keras import agree_on_error, compare, errors, findings, keras_run

HEAD = """
import numpy as np
import keras
from keras import layers
"""


def _runs(code: str, call: str) -> bool:
    """Whether the built model actually runs (predict on zeros) in Keras."""
    run = keras_run(code + call)
    return not run.raised


# ------------------------------------------------------------------- states
@pytest.mark.parametrize("layer, names", [
    ("layers.LSTM(8, return_state=True)", "out, h, c"),
    ("layers.LSTM(8, return_sequences=True, return_state=True)", "out, h, c"),
    ("layers.GRU(5, return_state=True)", "out, h"),
    ("layers.SimpleRNN(3, return_sequences=True, return_state=True)", "out, h"),
    ("layers.Bidirectional(layers.LSTM(4, return_state=True))", "out, fh, fc, bh, bc"),
    ("layers.Bidirectional(layers.GRU(4, return_sequences=True, return_state=True), merge_mode='sum')", "out, fh, bh"),
])
def test_return_state_unpacking_matches_keras(layer, names):
    code = HEAD + f"""
inp = keras.Input(shape=(10, 3))
{names} = {layer}(inp)
"""
    compare(code, [n.strip() for n in names.split(",")])


def test_seq2seq_encoder_decoder_shapes():
    code = HEAD + """
enc_in = keras.Input(shape=(12, 4))
dec_in = keras.Input(shape=(6, 2))
_, h, c = layers.LSTM(32, return_state=True)(enc_in)
dec = layers.LSTM(32, return_sequences=True)(dec_in, initial_state=[h, c])
out = layers.TimeDistributed(layers.Dense(2))(dec)
model = keras.Model([enc_in, dec_in], out)
"""
    compare(code, ["dec", "out", "model"])
    assert findings(code) == []


@pytest.mark.parametrize("enc, dec, states, warn", [
    ("layers.LSTM(64, return_state=True)", "layers.LSTM(32, return_sequences=True)", "[h, c]", True),
    ("layers.LSTM(16, return_state=True)", "layers.LSTM(16, return_sequences=True)", "[h, c]", False),
    ("layers.GRU(8, return_state=True)", "layers.GRU(4)", "h", True),
    ("layers.GRU(8, return_state=True)", "layers.GRU(8)", "[h]", False),
])
def test_initial_state_width_warning_iff_keras_fails_at_run_time(enc, dec, states, warn):
    lhs = "_, h, c" if "LSTM" in enc else "_, h"
    code = HEAD + f"""
enc_in = keras.Input(shape=(7, 3))
dec_in = keras.Input(shape=(5, 3))
{lhs} = {enc}(enc_in)
out = {dec}(dec_in, initial_state={states})
model = keras.Model([enc_in, dec_in], out)
"""
    build = keras_run(code)
    assert not build.raised                      # Keras builds it either way
    codes = [(d.line, d.code, d.severity.value) for d in findings(code)]
    assert codes == ([(9, "LST201", "warning")] if warn else [])
    runs = _runs(code, "model.predict([np.zeros((2, 7, 3)), np.zeros((2, 5, 3))], verbose=0)\n")
    assert runs is (not warn)


def test_bidirectional_initial_state_halves():
    code = HEAD + """
inp = keras.Input(shape=(7, 3))
h4 = keras.Input(shape=(4,))
h5 = keras.Input(shape=(5,))
out = layers.Bidirectional(layers.LSTM(4))(inp, initial_state=[h4, h4, h5, h5])
model = keras.Model([inp, h4, h5], out)
"""
    assert [d.code for d in findings(code)] == ["LST201"]
    assert not _runs(code, "model.predict([np.zeros((2, 7, 3)), np.zeros((2, 4)), np.zeros((2, 5))], verbose=0)\n")


# ------------------------------------------------------------------ unpacking
@pytest.mark.parametrize("line, expected", [
    ("a, b = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(inp)", "LST209"),
    ("a, b = layers.LSTM(8)(inp)", "LST209"),
    ("a, b, c = layers.GRU(8, return_state=True)(inp)", "LST209"),
    ("a, b = layers.LSTM(8, return_state=True)(inp)", "LST209"),
    ("a, *rest = layers.LSTM(8, return_state=True)(inp)", None),
    ("a, b = layers.Bidirectional(layers.LSTM(8), merge_mode=None)(inp)", None),
])
def test_unpacking_layer_results(line, expected):
    code = HEAD + f"""
inp = keras.Input(shape=(16, 4))
{line}
"""
    agree_on_error(code, expected)


# ------------------------------------------------------------------ attention
@pytest.mark.parametrize("expr", [
    "layers.Attention()([q, v])",
    "layers.Attention()([q, v8])",
    "layers.Attention(score_mode='concat')([q, v, k8])",
    "layers.AdditiveAttention()([q, v8])",
    "layers.Attention()([q, v8], return_attention_scores=True)",
    "layers.AdditiveAttention()([q, v, k8], return_attention_scores=True)",
    "layers.MultiHeadAttention(2, 4)(q, v)",
    "layers.MultiHeadAttention(num_heads=2, key_dim=4, output_shape=10)(q, v)",
    "layers.MultiHeadAttention(2, 4)(query=q, value=v, key=k8)",
    "layers.MultiHeadAttention(3, 4)(q, q, return_attention_scores=True)",
])
def test_attention_output_shapes_match_keras(expr):
    code = HEAD + f"""
q = keras.Input(shape=(7, 8))
v = keras.Input(shape=(5, 6))
v8 = keras.Input(shape=(5, 8))
k8 = keras.Input(shape=(5, 8))
out = {expr}
"""
    compare(code, ["out"])


@pytest.mark.parametrize("layer, key_width, warn", [
    ("layers.Attention()", 6, True),
    ("layers.Attention()", 8, False),
    ("layers.AdditiveAttention()", 6, True),
    ("layers.Attention(score_mode='concat')", 6, True),
])
def test_attention_width_warning_iff_keras_fails_at_run_time(layer, key_width, warn):
    code = HEAD + f"""
q = keras.Input(shape=(7, 8))
v = keras.Input(shape=(5, {key_width}))
out = {layer}([q, v])
model = keras.Model([q, v], out)
"""
    assert not keras_run(code).raised
    assert [(d.code, d.severity.value) for d in findings(code)] == ([("LST202", "warning")] if warn else [])
    runs = _runs(code, f"model.predict([np.zeros((2, 7, 8)), np.zeros((2, 5, {key_width}))], verbose=0)\n")
    assert runs is (not warn)


@pytest.mark.parametrize("call, expected", [
    ("layers.Attention()(q)", "LST203"),
    ("layers.Attention()([q])", "LST203"),
    ("layers.AdditiveAttention()([q, q, q, q])", "LST203"),
    ("layers.Attention()([q, q])", None),
    ("layers.MultiHeadAttention(2, 4)(q, q, key=keras.Input(shape=(4, 3)))", "LST204"),
    ("layers.MultiHeadAttention(2, 4)(q, q, key=keras.Input(shape=(7, 3)))", None),
])
def test_attention_calls_keras_refuses(call, expected):
    code = HEAD + f"""
q = keras.Input(shape=(7, 8))
out = {call}
"""
    agree_on_error(code, expected)


def test_attention_over_lstm_states_model():
    code = HEAD + """
inp = keras.Input(shape=(20, 3))
seq = layers.LSTM(16, return_sequences=True)(inp)
ctx = layers.Attention()([seq, seq])
pooled = layers.GlobalAveragePooling1D()(ctx)
mha = layers.MultiHeadAttention(num_heads=2, key_dim=8)(seq, seq)
res = layers.Add()([seq, mha])
model = keras.Model(inp, layers.Dense(1)(layers.Concatenate()([pooled, layers.Flatten()(res)])))
"""
    compare(code, ["ctx", "pooled", "mha", "res", "model"])
    assert errors(code) == []


def test_attention_scores_unpacked():
    code = HEAD + """
q = keras.Input(shape=(7, 8))
out, scores = layers.Attention()([q, q], return_attention_scores=True)
"""
    interp, _ = compare(code, ["out", "scores"])
    assert str(interp.globals["scores"].shape) == "(None, 7, 7)"
