"""Issue 10, script corpus (round 8, MISC): a Keras layer called with ``**kwargs`` of unknown keys.

keras-multi-head's wrapper builds ``kwargs = {}`` and sets ``kwargs['training']`` only when
``inspect`` finds the parameter, then calls ``layer.call(inputs, **kwargs)``. Which keys the dict
holds is not known, but no keyword of the ``call`` of Keras' own layers changes the output's shape
except attention's ``return_attention_scores`` (the others are ``training``, ``mask``,
``initial_state``, ``constants``; any other is refused): the call is followed on its other
arguments (``keras.py`` ``args_but_unknown_keywords``). Attention layers, a ``*args`` not
expanded, and arguments that are not plain names stay not followed. Keras ground truth:
``tests/corpus/misc8_heads_unknown_call_keywords``. Fast tier: the interpreter only."""

from __future__ import annotations

import pytest
from interpreted import codes, interpret

from lstmlint.codes import Code
from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.values import ArrayValue

PROGRAM = """
import inspect

import keras
from keras import layers


def takes(fn, name):
    return name in inspect.signature(fn).parameters


def apply(layer, x, training=None, mask=None):
    kwargs = {}
    if takes(layer.call, "training"):
        kwargs["training"] = training
    if takes(layer.call, "mask") and mask is not None:
        kwargs["mask"] = mask
    return CALL


x = keras.Input(INPUT)
out = apply(LAYER, ARG)
"""


def output(layer: str, call: str = "layer(x, **kwargs)", shape: str = "(20, 8)", arg: str = "x") -> Tensor:
    out = interpret(program(layer, call, shape, arg), "3").globals["out"]
    assert isinstance(out, Tensor), out
    return out


def program(layer: str, call: str, shape: str = "(20, 8)", arg: str = "x") -> str:
    return PROGRAM.replace("CALL", call).replace("LAYER", layer).replace("INPUT", shape).replace("ARG", arg)


@pytest.mark.parametrize(
    ("layer", "call", "expected"),
    [
        ("layers.Conv1D(16, 3)", "layer(x, **kwargs)", "(None, 18, 16)"),
        ("layers.Conv1D(16, 3)", "layer.call(x, **kwargs)", "(None, 18, 16)"),
        ("layers.LSTM(4, return_sequences=True)", "layer(x, **kwargs)", "(None, 20, 4)"),
        ("layers.Bidirectional(layers.GRU(4))", "layer(x, **kwargs)", "(None, 8)"),
        ("layers.Dropout(0.5)", "layer(x, training=training, **kwargs)", "(None, 20, 8)"),
    ],
)
def test_a_call_with_unknown_keywords_is_followed(layer: str, call: str, expected: str) -> None:
    assert str(output(layer, call).shape) == expected


def test_an_error_behind_unknown_keywords_is_still_found() -> None:
    # the LSTM refuses a 2-D input whatever ``training`` and ``mask`` say
    assert codes(program("layers.LSTM(4)", "layer(x, **kwargs)", shape="(8,)")) == [Code.RECURRENT_INPUT_NOT_A_SEQUENCE]
    assert codes(program("layers.LSTM(4)", "layer(x, **kwargs)")) == []


@pytest.mark.parametrize(
    ("layer", "call"),
    [
        # ``return_attention_scores`` may be among the keys: two tensors instead of one
        ("layers.MultiHeadAttention(2, 4)", "layer(x, x, **kwargs)"),
        ("layers.Attention()", "layer([x, x], **kwargs)"),
        ("layers.TimeDistributed(layers.Dense(3))", "layer(*kwargs)"),  # ``*`` not expanded
        ("layers.Dense(3)", "layer(x + 1, **kwargs)"),  # read again: only plain names
    ],
)
def test_other_calls_with_unknown_keywords_stay_unknown(layer: str, call: str) -> None:
    assert output(layer, call).shape.dims is None


# ------------------------------------------------------ Keras 2's ``get_test_data``
# keras 2.0-2.3 ``keras/utils/test_utils.py`` (the Keras sdists' own integration tests read it):
# x ``(n,) + input_shape``; y ``(n,)`` class numbers, or ``(n,) + output_shape`` without
# classification; Keras 3 and tf_keras have no ``keras.utils.test_utils`` to measure against
TEST_DATA = """
from keras.utils.test_utils import get_test_data
(x_train, y_train), (x_test, y_test) = get_test_data(ARGS)
"""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            "num_train=200, num_test=20, input_shape=(3, 4), classification=True, num_classes=2",
            [(200, 3, 4), (200,), (20, 3, 4), (20,)],
        ),
        (
            "num_train=100, num_test=20, input_shape=(3, 5), output_shape=(3, 5), classification=False",
            [(100, 3, 5), (100, 3, 5), (20, 3, 5), (20, 3, 5)],
        ),
        ("", [(1000, 10), (1000,), (500, 10), (500,)]),
        ("50, 5, (7,), (2,), False", [(50, 7), (50, 2), (5, 7), (5, 2)]),
    ],
)
def test_keras2_test_data(args: str, expected: list[tuple[int, ...]]) -> None:
    g = interpret(TEST_DATA.replace("ARGS", args), "2").globals
    assert [g[name].dims for name in ("x_train", "y_train", "x_test", "y_test")] == expected


@pytest.mark.parametrize("args", ["input_shape=shape", "classification=flag", "seed=3"])
def test_keras2_test_data_not_known(args: str) -> None:
    code = "import sys\nshape = sys.argv\nflag = sys.argv\n" + TEST_DATA.replace("ARGS", args)
    g = interpret(code, "2").globals
    assert not any(isinstance(g[name], ArrayValue) for name in ("x_train", "y_train"))


def test_the_data_reaches_the_model() -> None:
    code = TEST_DATA.replace("ARGS", "num_train=100, num_test=20, input_shape=(3, 5), classification=False") + (
        "from keras.models import Sequential\n"
        "from keras import layers\n"
        "model = Sequential()\n"
        "model.add(layers.TimeDistributed(layers.Dense(5), input_shape=x_train.shape[1:3]))\n"
        "model.compile(loss='mse', optimizer='rmsprop')\n"
        "model.fit(x_train, y_train)\n"
    )
    # y is (100, 2) (output_shape's default) against the model's (None, 3, 5)
    assert codes(code, "2") == [Code.FIT_TARGET_SHAPE_MISMATCH]
    assert codes(code.replace("classification=False", "output_shape=(3, 5), classification=False"), "2") == []
