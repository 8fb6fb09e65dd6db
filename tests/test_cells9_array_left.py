"""An eager array on the LEFT of a Keras tensor (``step * x``, ``(1 - step) * x``), fast tier.

Measured with tf_keras 2.21 and keras 3.15.1 (TensorFlow 2.21), ``x = Dense(10)(Input((None, 10)))``:

- tf_keras: ``a * x``, ``(1 - a) * x`` and ``x * a`` all build ``(None, None, 10)`` for ``a`` a
  ``tf.Variable(0.5)``, a ``tf.constant(0.5)``, ``tf.ones((10,))``, ``np.ones(())`` or
  ``np.ones((10,))``.
- Keras 3 outside traced code: the TensorFlow ones build ``(None, None, 10)``; a NumPy array on
  the left raises ("A KerasTensor is symbolic ... doesn't have any actual numerical value"), so
  the analysis, which does not tell the two apart, leaves that unknown (never an error).
- Keras 3 inside a custom layer's ``call`` (traced with real tensors): ``np.ones((10,)) * x``
  builds ``(None, None, 10)``.

keras-spiking's ``Lowpass``/``Alpha`` cells scale by ``dt = tf.Variable(0.0)`` this way; the
corpus pair ``keras2_cells9_variable_step`` is the Keras-tier twin."""

from __future__ import annotations

import pytest
from interpreted import findings, interpret, lint_program

from lstmlint.interp import Interpreter

HEAD = """
import numpy as np
import tensorflow as tf
"""


def last_output(interp: Interpreter) -> str:
    """The one output shape of the program's last model, followed to the end."""
    model = interp.result.models[-1]
    assert len(model.outputs) == 1 and not model.lost, model.lost
    return str(model.outputs[0].shape)


LEFT_OPERANDS = ["tf.Variable(0.5, trainable=False)", "tf.constant(0.5)", "tf.ones((10,))", "np.ones((10,))"]


@pytest.mark.parametrize("operand", LEFT_OPERANDS)
@pytest.mark.parametrize("expr", ["a * x", "(1 - a) * x", "x * a"])
def test_keras2_array_on_the_left_broadcasts(operand: str, expr: str) -> None:
    interp = interpret(
        f"""
        import numpy as np
        import tensorflow as tf
        import tf_keras as keras
        a = {operand}
        inp = keras.Input((None, 10))
        x = keras.layers.Dense(10)(inp)
        model = keras.Model(inp, {expr})
        """,
        "2",
    )
    assert last_output(interp) == "(None, None, 10)"


def test_keras2_array_on_the_left_that_cannot_broadcast_stays_unknown_without_error() -> None:
    """``np.ones((3,)) * x`` with x 10 wide is refused by Keras; the analysis reports no error
    for an array on the left (the operator rule reads a Keras tensor on the left only) and the
    output stays unknown."""
    result = lint_program(
        HEAD,
        """
        import tf_keras as keras
        inp = keras.Input((None, 10))
        model = keras.Model(inp, np.ones((3,)) * keras.layers.Dense(10)(inp))
        """,
        "2",
    )
    assert findings(result) == []
    assert result.analysis is not None
    assert [str(t.shape) for t in result.analysis.models[-1].outputs] == ["(unknown)"]


def test_keras3_numpy_on_the_left_stays_unknown_outside_traced_code() -> None:
    interp = interpret(
        """
        import numpy as np
        import keras
        inp = keras.Input((None, 10))
        x = keras.layers.Dense(10)(inp)
        out = np.ones((10,)) * x
        """,
        "3",
    )
    out = interp.globals["out"]
    assert getattr(getattr(out, "shape", None), "dims", None) is None


def test_keras3_numpy_on_the_left_in_traced_code() -> None:
    interp = interpret(
        """
        import numpy as np
        import keras

        class L(keras.layers.Layer):
            def call(self, x):
                return np.ones((10,)) * x

        inp = keras.Input((None, 10))
        model = keras.Model(inp, L()(inp))
        """,
        "3",
    )
    assert last_output(interp) == "(None, None, 10)"


def test_keras2_cell_scaled_by_a_variable_step_is_followed() -> None:
    """keras-spiking's pattern: the step is a ``tf.Variable`` given to the cell; the cell's
    ``call`` (which tf_keras runs to build the graph) multiplies with it on the left."""
    interp = interpret(
        """
        import tensorflow as tf
        import tf_keras as keras

        class Cell(keras.layers.Layer):
            def __init__(self, units, dt, **kwargs):
                super().__init__(**kwargs)
                self.units = units
                self.state_size = units
                self.output_size = units
                self.dt = dt

            def build(self, input_shape):
                self.tau = self.add_weight(name="tau", shape=(1, self.units), initializer="ones")

            def call(self, inputs, states):
                tau = tf.exp(-self.dt / tf.maximum(self.tau, 1e-8))
                x = (1 - tau) * inputs + tau * states[0]
                return x, (x,)

        dt = tf.Variable(0.0, trainable=False)
        inp = keras.Input((None, 10))
        model = keras.Model(inp, keras.layers.RNN(Cell(10, dt), return_sequences=True)(inp))
        """,
        "2",
    )
    assert last_output(interp) == "(None, None, 10)"
