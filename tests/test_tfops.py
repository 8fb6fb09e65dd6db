"""TensorFlow shape functions on Keras tensors, sizes read from a tensor's own shape, and the
program's own layers followed again (issue 10), without TensorFlow. The expected shapes were
measured in real Keras (``tests/tfops_cases.py``; ``tests/test_tfops_keras.py`` rebuilds them)."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from frontend_keras import errors, inferred
from tfops_cases import BOTH, HEAD2, HEAD3, KERAS2, KERAS3, lambda_code

from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.interp.overlays.keras_ops import MISSING, op_shape, range_length
from lstmlint.interp.overlays.values import FunctionalModel
from lstmlint.interp.values import ObjectValue
from lstmlint.shapes import UNKNOWN, Shape, Sym
from lstmlint.source.keras_target import KerasVersion, Target


def _run(code: str, keras: KerasVersion = KerasVersion.KERAS3) -> Interpreter:
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)), Target(keras, "test"))
    interp.run()
    return interp


@pytest.mark.parametrize(("expr", "shape"), BOTH + KERAS3)
def test_keras3_lambda_shapes(expr: str, shape: str) -> None:
    assert inferred(_run(lambda_code(HEAD3, expr)), "out") == shape


@pytest.mark.parametrize(("expr", "shape"), BOTH + KERAS2)
def test_keras2_lambda_shapes(expr: str, shape: str) -> None:
    assert inferred(_run(lambda_code(HEAD2, expr), KerasVersion.KERAS2), "out") == shape


POSITIONS = (
    HEAD3
    + """
class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, position_dim=None):
        super().__init__()
        self.token_embeddings = layers.Embedding(vocab_size, embed_dim)
        self.position_embeddings = layers.Embedding(sequence_length, position_dim or embed_dim)

    def call(self, inputs):
        length = tf.shape(inputs)[-1]
        positions = tf.range(start=0, limit=length, delta=1)
        return self.token_embeddings(inputs) + self.position_embeddings(positions)
"""
)


@pytest.mark.parametrize(("declared", "shape"), [("(20,)", "(None, 20, 32)"), ("(None,)", "(None, None, 32)")])
def test_token_and_position_embedding_keeps_the_sequence(declared: str, shape: str) -> None:
    """``tf.range(tf.shape(x)[-1])`` has the sequence's length (an int, or None when Keras
    knows it at run time only); the position embedding ``(L, d)`` broadcasts over the batch of
    ``(batch, L, d)`` (measured: ``(None, 20, 32)`` and ``(None, None, 32)``)."""
    code = POSITIONS + f"out = PositionalEmbedding(20, 1000, 32)(keras.Input({declared}))\n"
    assert inferred(_run(code), "out") == shape


def test_position_embedding_of_another_width_gives_no_shape_and_an_error() -> None:
    """(None, 20, 32) + (20, 16): Keras raises in the layer's call (measured, both Kerases):
    LST110 on the operator (``tests/test_operator_broadcast.py``); the result is unknown,
    never a guess."""
    code = POSITIONS + "out = PositionalEmbedding(20, 1000, 32, 16)(keras.Input((20,)))\n"
    assert inferred(_run(code), "out") == "(unknown)"
    line = 1 + code.splitlines().index(
        "        return self.token_embeddings(inputs) + self.position_embeddings(positions)"
    )
    assert errors(code) == [(line, "LST110")]


def test_a_size_read_from_a_shape_is_that_size() -> None:
    interp = _run(HEAD3 + "s = tf.shape(x)\nb, l, w = s[0], s[1], s[-1]\nk = tf.shape(x)[1:]\n")
    assert interp.globals["b"] is None  # the batch: known at run time only
    assert interp.globals["l"] == 6 and interp.globals["w"] == 4
    assert tuple(interp.globals["k"]) == (6, 4)


def test_unfollowed_reshapes_stay_unknown_never_errors() -> None:
    for expr in (
        "tf.reshape(t, (tf.shape(t)[0], -1, -1))",  # two -1: TensorFlow refuses
        "tf.gather(t, [0], axis=1, batch_dims=1)",
        "tf.einsum('...j,jk->...k', t, tf.ones((4, 3)))",
        "tf.slice(t, [0, 5, 0], [-1, 3, 4])",  # past the end: TensorFlow refuses
        "tf.where(t > 0)",  # coordinates: as many as are true
    ):
        code = lambda_code(HEAD3, expr)
        assert inferred(_run(code), "out") == "(unknown)", expr
        assert errors(code) == [], expr


def test_op_shapes_directly() -> None:
    t = Tensor(Shape((None, 6, 4)))
    assert op_shape("pad", [t, [[0, 0], [1, 2], [3, 4]]], {}, "tf") == Shape((None, 9, 11))
    assert op_shape("gather", [t, [0, 1, 2]], {"axis": -1}, "tf") == Shape((None, 6, 3))
    assert op_shape("einsum", ["bij,bik->bjk", t, t], {}, "tf") == Shape((None, 4, 4))
    assert op_shape("einsum", ["ij,jk", Tensor(Shape((2, 3))), Tensor(Shape((3, 5)))], {}, "tf") == Shape((2, 5))
    assert op_shape("one_hot", [t, Sym.named("k")], {}, "tf") == Shape((None, 6, 4, Sym.named("k")))
    assert op_shape("tensordot", [t, Tensor(Shape((4, 2)))], {}, "ops") is None  # axes=2: 6, 4 vs 4, 2
    assert op_shape("tensordot", [t, Tensor(Shape((6, 4, 2)))], {}, "ops") == Shape((None, 2))


def test_range_lengths() -> None:
    assert range_length(5, MISSING, 1) == 5
    assert range_length(0, 10, 3) == 4
    assert range_length(10, 0, -3) == 4
    assert range_length(3, 1, 1) == 0
    assert range_length(0, None, 1) is None
    n = Sym.named("n")
    assert range_length(n, MISSING, 1) == n
    assert range_length(1, n, 1) is UNKNOWN


def test_tensor_comparisons_are_element_wise() -> None:
    interp = _run(HEAD3 + "m = x > 0\nk = 0.5 <= x\nc = x < x[:, :1]\nb = 3 > 2\n")
    assert inferred(interp, "m") == inferred(interp, "k") == inferred(interp, "c") == "(None, 6, 4)"
    assert interp.globals["b"] is True


CUSTOM = (
    HEAD3
    + """
import numpy as np

class TimeReverse(layers.Layer):
    def call(self, inputs):
        return tf.reverse(inputs, axis=[1])
"""
)


def test_a_custom_layer_is_followed_again_when_its_model_is_rebuilt() -> None:
    """A Sequential without a declared input is built from the first data; its custom layer
    runs its ``call`` again on the new input (not an unmodelled layer)."""
    code = CUSTOM + textwrap.dedent(
        """
        model = keras.Sequential([layers.Embedding(100, 16), TimeReverse(), layers.LSTM(8)])
        model.fit(np.zeros((8, 10)), np.zeros((8, 8)))
        """
    )
    assert inferred(_run(code), "model") == "(None, 8)"


def test_a_rebuilt_custom_layer_feeds_the_checks_after_it() -> None:
    code = CUSTOM + textwrap.dedent(
        """
        model = keras.Sequential([layers.Embedding(100, 16), TimeReverse(), layers.LSTM(8), layers.LSTM(4)])
        model.fit(np.zeros((8, 10)), np.zeros((8, 4)))
        """
    )
    assert [c for _, c in errors(code)] == ["LST101"]


def test_a_subclassed_model_returning_a_dict_has_those_outputs() -> None:
    code = HEAD3 + textwrap.dedent(
        """
        import numpy as np

        class TwoHeads(keras.Model):
            def __init__(self):
                super().__init__()
                self.a = layers.Dense(3)
                self.b = layers.Dense(1)

            def call(self, data):
                return {"cls": self.a(data), "reg": self.b(data)}

        model = TwoHeads()
        model.predict(np.zeros((4, 7)))
        """
    )
    interp = _run(code)
    obj = interp.globals["model"]
    assert isinstance(obj, ObjectValue) and obj.model is not None
    assert [str(t.shape) for t in obj.model.outputs] == ["(None, 3)", "(None, 1)"]
    assert not obj.model.lost
    assert not isinstance(obj, FunctionalModel)
