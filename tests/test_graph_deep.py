"""Deep and state-fed graphs: a 1,500-layer Sequential model works with ``--annotate`` and
``--confirm``; the static summary counts layers that feed only ``initial_state``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lstmlint.api import lint_source
from lstmlint.graph.summary import summarize

CLI = [sys.executable, "-m", "lstmlint"]
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "NO_COLOR": "1"}
DEPTH = 1500


def deep_program(depth: int = DEPTH) -> str:
    lines = ["import keras", "from keras import layers", "model = keras.Sequential()",
             "model.add(keras.Input(shape=(6, 4)))", "model.add(layers.LSTM(8, return_sequences=True))"]
    lines += ["model.add(layers.ReLU())" if i % 2 == 0 else "model.add(layers.Dropout(0.1))" for i in range(depth)]
    lines.append("model.add(layers.LSTM(3))")
    return "\n".join(lines) + "\n"


SEQ2SEQ = textwrap.dedent("""
    import keras
    num_encoder_tokens = 71
    num_decoder_tokens = 93
    latent_dim = 256
    encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
    encoder = keras.layers.LSTM(latent_dim, return_state=True)
    encoder_outputs, state_h, state_c = encoder(encoder_inputs)
    encoder_states = [state_h, state_c]
    decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))
    decoder_lstm = keras.layers.LSTM(latent_dim, return_sequences=True, return_state=True)
    decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
    decoder_dense = keras.layers.Dense(num_decoder_tokens, activation="softmax")
    decoder_outputs = decoder_dense(decoder_outputs)
    model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
""")


def test_the_summary_counts_layers_that_feed_only_initial_state() -> None:
    """keras.io's character-level seq2seq: the encoder LSTM feeds the decoder only through
    ``initial_state``; Keras counts its weights (``test_seq2seq_total_matches_keras``)."""
    result = lint_source(SEQ2SEQ, "seq2seq.py")
    (summary,) = summarize(result.analysis)
    kinds = [row.kind for row in summary.rows]
    assert kinds.count("LSTM") == 2 and kinds.count("InputLayer") == 2
    assert summary.total is not None
    # 4 * 256 * (71 + 256 + 1) + 4 * 256 * (93 + 256 + 1) + 93 * (256 + 1)
    assert summary.total.total == 335_872 + 358_400 + 23_901


def test_annotate_a_1500_layer_sequential_model(tmp_path: Path) -> None:
    path = tmp_path / "deep.py"
    path.write_text(deep_program())
    proc = subprocess.run(CLI + ["--annotate", str(path)], capture_output=True, text=True, timeout=300, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stdout
    result = lint_source(path.read_text(), str(path))
    (summary,) = summarize(result.analysis)
    assert len(summary.rows) == DEPTH + 2
    assert summary.total is not None and summary.total.total == 4 * 8 * (4 + 8 + 1) + 4 * 3 * (8 + 3 + 1)


@pytest.mark.keras
def test_seq2seq_total_matches_keras() -> None:
    keras = pytest.importorskip("keras")
    namespace: dict[str, object] = {}
    exec(compile(SEQ2SEQ, "<seq2seq>", "exec"), namespace)  # noqa: S102 - our own test snippet
    model = namespace["model"]
    assert isinstance(model, keras.Model)
    (summary,) = summarize(lint_source(SEQ2SEQ, "seq2seq.py").analysis)
    assert summary.total is not None and summary.total.total == model.count_params()


@pytest.mark.keras
def test_confirm_a_1500_layer_sequential_model(tmp_path: Path) -> None:
    pytest.importorskip("keras")
    path = tmp_path / "deep.py"
    path.write_text(deep_program())
    proc = subprocess.run(CLI + ["--confirm", "--format", "json", str(path)], capture_output=True, text=True,
                          timeout=600, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    (item,) = json.loads(proc.stdout)
    assert item["code"] == "LST303" and item["confirmed"] is True
    assert f"{DEPTH + 2} layers rebuilt" in item["message"] and "every output shape agrees" in item["message"]
