"""``RNN(cell)`` over a cell class of the program, Keras 2 against Keras 3 (fast tier, no
TensorFlow). Measured with tf_keras 2.21 and keras 3.15.1 (a cell with ``state_size =
output_size = 4`` whose ``call`` returns 6 features): tf_keras builds the functional graph by
running the layer, so each step's output is what the cell's ``call`` returns: ``(None, 6)``,
``(None, 7, 6)`` with ``return_sequences``, ``[(None, 6), (None, 4)]`` with ``return_state``
(the states keep ``state_size``); Keras 3 sizes it from ``output_size``: ``(None, 4)``.
Stacked cells under tf_keras: each cell is called on what the one before returned
(``[LSTMCell(3), Wide()]`` gives ``(None, 6)``; ``[Wide(), Wide()]`` is refused: the second
cell was built on 4 features and gets 6). A ``call`` returning a state wider than
``state_size`` is refused ("Dimension 1 in both shapes must be equal"). The corpus pairs
``keras2_cell8_*`` / ``cell8_output_size`` are the Keras-tier twins."""

from __future__ import annotations

import pytest
from interpreted import findings, interpret, lint_program

from lstmlint.graph.model import Tensor

HEAD = """
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class Wide(layers.Layer):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.k = self.add_weight(shape=(input_shape[-1], self.units), name="k")

    def call(self, inputs, states):
        h = K.dot(inputs, self.k) + states[0]
        return K.concatenate([h, h[:, :2]]), [h]


class Opaque(layers.Layer):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.state_size = units
        self.output_size = units

    def call(self, inputs, states):
        return mystery(inputs), states


class StateWide(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.state_size = 4
        self.output_size = 4

    def build(self, input_shape):
        self.k = self.add_weight(shape=(input_shape[-1], 4), name="k")

    def call(self, inputs, states):
        h = K.dot(inputs, self.k) + states[0]
        return h, [K.concatenate([h, h[:, :2]])]


class Wrapper(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.cell = layers.LSTMCell(units)
        self.state_size = self.cell.state_size
        self.output_size = self.cell.output_size

    def call(self, inputs, states):
        return self.cell(inputs, states)


inputs = keras.Input((7, 5))
"""

KERAS3_HEAD = (
    HEAD.replace("from tf_keras import backend as K", "from keras import ops")
    .replace("tf_keras", "keras")
    .replace("K.dot", "ops.matmul")
    .replace("K.concatenate", "ops.concatenate")
)

# expression -> (tf_keras 2.21 output shapes, keras 3.15.1 output shapes); None: left unknown
CASES = {
    "layers.RNN(Wide())(inputs)": (["(None, 6)"], ["(None, 4)"]),
    "layers.RNN(Wide(), return_sequences=True)(inputs)": (["(None, 7, 6)"], ["(None, 7, 4)"]),
    "layers.RNN(Wide(), return_state=True)(inputs)": (["(None, 6)", "(None, 4)"], ["(None, 4)", "(None, 4)"]),
    "layers.RNN(Wide(), go_backwards=True)(inputs)": (["(None, 6)"], ["(None, 4)"]),
    "layers.RNN(Opaque())(inputs)": (None, ["(None, 4)"]),
    "layers.RNN(StateWide(), return_state=True)(inputs)": (None, ["(None, 4)", "(None, 4)"]),
    "layers.RNN([layers.LSTMCell(3), Wide()])(inputs)": (["(None, 6)"], ["(None, 4)"]),
    "layers.RNN([Wide(), layers.LSTMCell(3)], return_sequences=True)(inputs)": (None, ["(None, 7, 3)"]),
    "layers.RNN([Wide(), Wide()])(inputs)": (None, ["(None, 4)"]),
    "layers.RNN(Wide())(inputs, initial_state=[layers.Dense(4)(inputs[:, 0])])": (None, ["(None, 4)"]),
    "layers.RNN(Wrapper(6), return_state=True)(inputs)": (
        ["(None, 6)", "(None, 6)", "(None, 6)"],
        ["(None, 6)", "(None, 6)", "(None, 6)"],
    ),
}


def rnn_outputs(head: str, expression: str, keras: str) -> tuple[list[str], list[tuple[int, str]]]:
    result = lint_program(head, f"out = {expression}\nmodel = keras.Model(inputs, out)\n", keras)
    assert result.analysis is not None
    apps = [a for a in result.analysis.applications if a.layer.cfg.kind == "RNN"]
    return [str(t.shape) for t in apps[-1].outputs], findings(result)


@pytest.mark.parametrize("expression", sorted(CASES))
def test_keras2_sizes_the_output_from_the_cells_call(expression: str) -> None:
    shapes, found = rnn_outputs(HEAD, expression, "2")
    assert found == []  # never an error claimed, even where tf_keras refuses the stack
    expected = CASES[expression][0]
    assert shapes == (["(unknown)"] if expected is None else expected)


@pytest.mark.parametrize("expression", sorted(CASES))
def test_keras3_sizes_the_output_from_output_size(expression: str) -> None:
    shapes, found = rnn_outputs(KERAS3_HEAD, expression, "3")
    assert found == []
    expected = CASES[expression][1]
    assert shapes == (["(unknown)"] if expected is None else expected)


def test_a_call_not_followed_says_why() -> None:
    result = lint_program(HEAD, "out = layers.RNN(Opaque())(inputs)\nmodel = keras.Model(inputs, out)\n", "2")
    assert result.analysis is not None
    model = result.analysis.models[-1]
    assert not model.outputs or all(t.shape.dims is None for t in model.outputs)
    app = [a for a in result.analysis.applications if a.layer.cfg.kind == "RNN"][-1]
    assert app.outcome is not None
    assert "`Opaque.call()` inside RNN is not followed" in app.outcome.notes.get("lost", "")


def test_no_false_alarm_downstream_under_keras2() -> None:
    """The old sizing (``output_size``) gave 4 and called this 6-wide ``Add`` an error."""
    body = """
    seq = layers.RNN(Wide(), return_sequences=True)(inputs)
    merged = layers.Add()([seq, layers.Dense(6)(inputs)])
    wrong = layers.Add()([seq, layers.Dense(4)(inputs)])
    model = keras.Model(inputs, [merged, wrong])
    """
    assert findings(lint_program(HEAD, body, "2")) == [(len(HEAD.splitlines()) + 4, "LST110")]


def test_a_two_d_input_refused_by_the_cells_build_is_still_an_error_under_keras2() -> None:
    body = "out = layers.RNN(Wide())(keras.Input((5,)))\n"
    assert [code for _, code in findings(lint_program(HEAD, body, "2"))] == ["LST101"]


def test_stateful_without_a_batch_size_is_still_an_error_when_the_call_is_not_followed() -> None:
    body = "out = layers.RNN(Opaque(), stateful=True)(inputs)\n"
    assert [code for _, code in findings(lint_program(HEAD, body, "2"))] == ["LST109"]


ONLSTM_LIKE = """
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K
from tensorflow.python.framework import smart_cond


class SplitsCell(keras.layers.Layer):
    def __init__(self, units, dropout=0.0, activation=tf.nn.relu, dt=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dropout = min(1.0, max(0.0, dropout))
        self.activation = keras.activations.get(activation)
        self.dt = tf.Variable(0.5) if dt is None else dt
        self.state_size = (units + 2, units)
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units))

    def call(self, inputs, states, training=None):
        return smart_cond.smart_cond(
            tf.logical_and(tf.cast(training, tf.bool), False),
            lambda: self.step(inputs, states),
            lambda: self.step(inputs, states),
        )

    @tf.custom_gradient
    def step(self, inputs, states):
        if 0 < self.dropout < 1:
            inputs = inputs * mystery()
        h = self.activation(K.dot(inputs, self.kernel)) * self.dt
        h2 = K.concatenate([h, K.sum(h, axis=-1, keepdims=True), K.sum(h, axis=-1, keepdims=True)])

        def grad(dy):
            return dy

        return (h2, [h2, h]), grad


x = keras.Input((None, 100))
out = keras.layers.RNN(SplitsCell(50), return_sequences=True)(x)
"""


def test_a_cell_written_like_onlstm_and_keras_spiking_is_followed_under_keras2() -> None:
    """``min``/``max`` of floats, ``activations.get(tf.nn.relu)`` (the function itself),
    ``tf.Variable(0.5)`` (a scalar), ``smart_cond`` (both branches joined) and
    ``@tf.custom_gradient`` (callers get the value, not the gradient function)."""
    out = interpret(ONLSTM_LIKE, "2").globals["out"]
    assert isinstance(out, Tensor)
    assert str(out.shape) == "(None, None, 52)"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("min(1.0, max(0.0, 0.25))", 0.25),
        ("max(2, 3.5)", 3.5),
        ("smart_cond.smart_cond(True, lambda: 1, lambda: 2)", 1),
        ("smart_cond.smart_cond(False, lambda: 1, lambda: 2)", 2),
        ("twice(3)", 3),
    ],
)
def test_the_python_pieces(expr: str, expected: object) -> None:
    g = interpret(
        f"""
        import tensorflow as tf
        from tensorflow.python.framework import smart_cond

        @tf.custom_gradient
        def twice(x):
            return x, lambda dy: dy

        value = {expr}
        """,
        "2",
    ).globals
    assert g["value"] == expected
