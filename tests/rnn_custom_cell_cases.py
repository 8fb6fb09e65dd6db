"""Programs with ``RNN(cell)`` over cells the program defines, shared by the fast-tier test
(``test_rnn_custom_cell.py``: lstmlint's shapes) and the Keras-tier test
(``test_rnn_custom_cell_keras.py``: the same programs built in real Keras 3)."""

from __future__ import annotations

CELLS = '''
import keras
from keras import layers


class MinimalRNNCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        output = keras.ops.matmul(inputs, self.kernel) + keras.ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


class TwoStateCell(layers.Layer):
    """Two states of different sizes, and an output of its own size."""

    def __init__(self, units, out, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, 2 * units]
        self.output_size = out

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.output_size), name="kernel")

    def call(self, inputs, states):
        return keras.ops.matmul(inputs, self.kernel), [states[0], states[1]]


class PropertyCell(layers.Layer):
    """Sizes given by properties, as keras-lmu's and keras-spiking's cells do."""

    def __init__(self, size, **kwargs):
        super().__init__(**kwargs)
        self.size = size

    @property
    def state_size(self):
        return (self.size, self.size)

    @property
    def output_size(self):
        return self.size

    def call(self, inputs, states):
        return inputs, states


class NoBuildCell(layers.Layer):
    """A cell that makes no weight from the step: Keras 3 builds it on any input."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.state_size = units

    def call(self, inputs, states):
        return states[0], [states[0]]


class WrapperCell(layers.Layer):
    """A cell around one of Keras' own: its sizes are the wrapped cell's."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.cell = layers.LSTMCell(units)
        self.state_size = self.cell.state_size
        self.output_size = self.cell.output_size

    def call(self, inputs, states):
        return self.cell(inputs, states)


inputs = keras.Input((7, 5))
'''

# variable name -> expression (of ``inputs``); every one builds in Keras 3.15.1
BUILDS = {
    "a": "layers.RNN(MinimalRNNCell(4))(inputs)",
    "b": "layers.RNN(MinimalRNNCell(4), return_sequences=True)(inputs)",
    "c": "layers.RNN(MinimalRNNCell(4), return_state=True)(inputs)",
    "d": "layers.RNN(MinimalRNNCell(4), return_sequences=True, return_state=True)(inputs)",
    "e": "layers.RNN(TwoStateCell(4, 3))(inputs)",
    "f": "layers.RNN(TwoStateCell(4, 3), return_state=True)(inputs)",
    "g": "layers.RNN([MinimalRNNCell(4), TwoStateCell(6, 3)], return_sequences=True)(inputs)",
    "h": "layers.RNN([MinimalRNNCell(4), MinimalRNNCell(6)], return_state=True)(inputs)",
    "i": "layers.RNN([layers.GRUCell(4), layers.SimpleRNNCell(3)], return_state=True)(inputs)",
    "j": "layers.RNN(PropertyCell(5), return_sequences=True, return_state=True)(inputs)",
    "k": "layers.RNN(NoBuildCell(4))(layers.RNN(NoBuildCell(6))(inputs))",
    "m": "layers.RNN(MinimalRNNCell(4))(keras.Input((3, 7, 5)))",
    "n": "layers.RNN(WrapperCell(6), return_state=True)(inputs)",
}

# what lstmlint infers for each (Keras 3.15.1 gives the same: the Keras-tier test checks it);
# None: left unknown (Keras 3 builds it, but whether a cell's code accepts a step without a
# time axis is not followed)
EXPECTED: dict[str, list[str] | None] = {
    "a": ["(None, 4)"],
    "b": ["(None, 7, 4)"],
    "c": ["(None, 4)", "(None, 4)"],
    "d": ["(None, 7, 4)", "(None, 4)"],
    "e": ["(None, 3)"],
    "f": ["(None, 3)", "(None, 4)", "(None, 8)"],
    "g": ["(None, 7, 3)"],
    "h": ["(None, 6)", "(None, 4)", "(None, 6)"],
    "i": ["(None, 3)", "(None, 4)", "(None, 3)"],
    "j": ["(None, 7, 5)", "(None, 5)", "(None, 5)"],
    "k": None,
    "m": ["(None, 4)"],
    "n": ["(None, 6)", "(None, 6)", "(None, 6)"],
}

# under Keras 2, where tf_keras differs: each step's output is what the cell's ``call`` returns;
# for "m" that is ``(None, 7, 4)`` against a ``(None, 4)`` state, and tf_keras 2.21 refuses the
# layer ("Shapes must be equal rank, but are 3 and 2"): left unknown, never an error claimed
EXPECTED_KERAS2: dict[str, list[str] | None] = {"m": None}

# Keras refuses these (a 2-D step input: the cell's kernel would be ``(None, units)``)
REFUSED = {
    "stacked": "layers.RNN(MinimalRNNCell(4))(layers.RNN(MinimalRNNCell(6))(inputs))",
    "two_d": "layers.RNN(MinimalRNNCell(4))(keras.Input((5,)))",
}


def program(expression: str, name: str = "out") -> str:
    return CELLS + f"{name} = {expression}\n"
