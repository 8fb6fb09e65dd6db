"""The table of ``tests/tfops_cases.py`` built in real Keras 3 and tf_keras: lstmlint's shape
for each TensorFlow function, ``keras.ops``/``keras.backend`` function and size read from a
tensor's shape must be the one Keras gives; and the program's own layers followed again when a
model is rebuilt agree with Keras on where it raises."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from frontend_keras import agree_on_error, compare, errors, inferred, keras_run, keras_shape
from tfops_cases import BOTH, HEAD2, HEAD3, KERAS2, KERAS3, lambda_code
from tiers import needs_keras

from lstmlint.interp import Interpreter
from lstmlint.source.keras_target import KerasVersion, Target


@pytest.mark.parametrize(("expr", "shape"), BOTH + KERAS3)
def test_keras3_gives_the_table_shape(expr: str, shape: str) -> None:
    _interp, run = compare(lambda_code(HEAD3, expr), ["out"])
    assert keras_shape(run, "out") == shape


@needs_keras
def _keras2_shape(code: str) -> str:
    run = keras_run(code)
    assert not run.raised, repr(run.error)
    return keras_shape(run, "out")


@pytest.mark.parametrize(("expr", "shape"), BOTH + KERAS2)
def test_tf_keras_gives_the_table_shape(expr: str, shape: str) -> None:
    code = lambda_code(HEAD2, expr)
    interp = Interpreter(cst.parse_module(code), Target(KerasVersion.KERAS2, "test"))
    interp.run()
    assert inferred(interp, "out") == _keras2_shape(code) == shape


POSITIONS = """
import keras
import tensorflow as tf
from keras import layers

class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, position_dim):
        super().__init__()
        self.token_embeddings = layers.Embedding(vocab_size, embed_dim)
        self.position_embeddings = layers.Embedding(sequence_length, position_dim)

    def call(self, inputs):
        positions = tf.range(start=0, limit=tf.shape(inputs)[-1], delta=1)
        return self.token_embeddings(inputs) + self.position_embeddings(positions)
"""


@pytest.mark.parametrize("declared", ["(20,)", "(None,)"])
def test_position_embedding_as_keras_builds_it(declared: str) -> None:
    compare(POSITIONS + f"out = PositionalEmbedding(20, 100, 8, 8)(keras.Input({declared}))\n", ["out"])


def test_position_embedding_then_lstm_without_sequences_is_refused_where_keras_refuses() -> None:
    code = POSITIONS + textwrap.dedent(
        """
        h = PositionalEmbedding(20, 100, 8, 8)(keras.Input((20,)))
        h = layers.LSTM(4)(h)
        out = layers.LSTM(2)(h)
        """
    )
    agree_on_error(code, "LST101")


def test_a_rebuilt_custom_layer_then_lstm_is_refused_as_keras_refuses() -> None:
    """Keras raises when ``build`` runs the layers (line 13); lstmlint reports the layer that
    cannot take its input (line 12), where the mistake is."""
    code = textwrap.dedent(
        """
        import keras
        import numpy as np
        import tensorflow as tf
        from keras import layers

        class TimeReverse(layers.Layer):
            def call(self, inputs):
                return tf.reverse(inputs, axis=[1])

        model = keras.Sequential([layers.Embedding(100, 16), TimeReverse(), layers.LSTM(8),
                                  layers.LSTM(4)])
        model.build((None, 10))
        """
    )
    run = keras_run(code)
    assert run.raised and run.line == 13 and "expected ndim=3, found ndim=2" in str(run.error)
    assert errors(code) == [(12, "LST101")]
