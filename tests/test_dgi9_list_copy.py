"""Issue 10, script corpus (round 9, DGI): ``list.copy()`` on a list of Keras tensors.

stellargraph's ``DeepGraphInfomax.in_out_tensors`` builds ``x_in_corr = x_inp.copy()``, replaces
the corruptible inputs (``x_in_corr[i] = x``) and calls the base model on the copy. The method was
not followed, and an unfollowed list method also forgets the contents of the list it was called
on, so ``x_inp`` (returned as the model's inputs) was lost as well. Python's ``list.copy()`` is a
shallow copy: a new list holding the same items, the original unchanged. Its contents are as
known as the original's. Keras ground truth: ``tests/corpus/dgi9_list_copy_inputs``. Fast tier:
the interpreter only."""

from __future__ import annotations

from interpreted import codes, interpret

from lstmlint.codes import Code
from lstmlint.graph.model import Tensor

PROGRAM = """
import keras
from keras import layers

a = keras.Input((8,))
b = keras.Input((8,))
c = keras.Input((8,))
x_inp = [a, b]
x_copy = x_inp.copy()
x_copy[1] = c
out = layers.Concatenate()(x_copy)
model = keras.Model([c] + x_inp, out)
"""


def test_copy_holds_the_same_tensors_and_leaves_the_original_alone() -> None:
    g = interpret(PROGRAM).globals
    assert g["x_copy"] is not g["x_inp"]
    assert g["x_inp"] == [g["a"], g["b"]]  # the item assignment changed only the copy
    assert g["x_copy"] == [g["a"], g["c"]]
    out = g["out"]
    assert isinstance(out, Tensor)
    assert str(out.shape) == "(None, 16)"


def test_model_on_the_copy_and_the_original_is_followed() -> None:
    interp = interpret(PROGRAM)
    (model,) = interp.result.models
    assert not model.lost, model.lost
    assert [str(t.shape) for t in model.outputs] == ["(None, 16)"]
    assert len(model.inputs) == 3


def test_a_mismatch_through_the_copy_is_found() -> None:
    program = PROGRAM.replace("c = keras.Input((8,))", "c = keras.Input((5, 8))")
    assert codes(program) == [Code.CONCATENATE_SHAPE_MISMATCH.value]


def test_a_copy_of_a_list_of_unknown_contents_stays_unknown() -> None:
    g = interpret(
        """
        import keras

        def parts(n):
            xs = [keras.Input((8,))]
            for _ in range(n):
                xs.append(keras.Input((8,)))
            return xs

        xs = parts(int(input()))
        ys = xs.copy()
        """
    )
    ys = g.globals["ys"]
    assert isinstance(ys, list)
    assert not g.known(ys)


def test_copy_with_an_argument_is_not_followed() -> None:
    g = interpret(
        """
        import keras
        a = keras.Input((8,))
        xs = [a]
        ys = xs.copy(1)
        """
    ).globals
    assert not isinstance(g["ys"], list)


def test_a_copy_of_a_list_of_like_layers_of_unknown_length_keeps_them_alike() -> None:
    g = interpret(
        """
        import keras
        from keras import layers

        n = int(input())
        stack = []
        for _ in range(n):
            stack.append(layers.Dense(8))
        copied = stack.copy()
        x = keras.Input((8,))
        for layer in copied:
            x = layer(x)
        """
    )
    copied = g.globals["copied"]
    assert not g.known(copied)
    assert g.flow.representative(copied) is g.flow.representative(g.globals["stack"])
    x = g.globals["x"]
    assert isinstance(x, Tensor)
    assert str(x.shape) == "(None, 8)"
