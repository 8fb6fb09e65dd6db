"""The program's own layers inside Keras wrappers, the masks Keras passes a custom ``call``,
and RNN cells whose sizes are a ``tf.TensorShape`` (fast tier).

Keras ground truth (keras 3.15.1 and tf_keras 2.21, built in scratch scripts; the corpus pairs
``libs_td_custom_layer``, ``libs_td_custom_layer_keras2``,
``libs_bidirectional_subclass_keras2``, ``libs_mask_custom_call_keras2`` and
``libs_tensorshape_cell_keras2`` run in Keras by ``tests/test_corpus.py``):

* ``TimeDistributed(MyLayer())`` on ``(None, 5, 3)``, ``MyLayer`` joining two ``Dense(4)``:
  tf_keras runs ``call`` on one step, ``(None, 5, 8)``; Keras 3 asks the layer's
  ``compute_output_shape`` (``(None, 5, 7)`` when it says 7) and raises NotImplementedError
  for a class that defines none.
* ``Bidirectional(MyLSTM(4, return_sequences=True))``, ``MyLSTM(LSTM)`` overriding ``call``:
  tf_keras ``(None, 5, 8)``; ``merge_mode="sum"`` ``(None, 5, 4)``; ``None`` two tensors; a
  ``call`` returning ``super().call(...)[:, :-2]`` merged by concat ``(None, 4)``. Keras 3
  refuses an unregistered subclass there ("Could not locate class").
* The ``mask`` a custom ``call(inputs, mask=None)`` receives: ``Embedding(4, 6,
  mask_zero=True)`` on ``Input((5,))`` gives a ``(None, 5)`` mask, ``Masking()`` on ``(5, 5)``
  one of ``(None, 5)``, an ``Input`` none. For ``[embedded, Input((5, 5))]``: both Kerases
  ``[(None, 5), None]``; for two tensors without masks tf_keras passes None and Keras 3
  ``[None, None]``.
* ``RNN(cell)`` whose ``output_size = state_size = tf.TensorShape((4, 5))``: tf_keras
  ``(None, 7, 4, 5)`` with ``return_sequences=True``, ``(None, 4, 5)`` without; Keras 3
  refuses it ("state_size must be an integer, or a list/tuple of integers").
"""

from __future__ import annotations

from interpreted import findings, lint_program
from interpreted import last_model_outputs as outputs

from lstmlint.api import FileResult

HEAD3 = """\
import keras
from keras import layers, ops
"""

HEAD2 = """\
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers
from tf_keras import backend as K
"""


def lint(body: str, keras: str = "3") -> FileResult:
    return lint_program(HEAD3 if keras == "3" else HEAD2, body, keras)



# ----------------------------------------------------------------------------- TimeDistributed
TWO_HEADS3 = """
class TwoHeads(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.a = layers.Dense(units)
        self.b = layers.Dense(units)

    def call(self, x):
        return ops.concatenate([self.a(x), self.b(x)], axis=-1)
{declared}

inp = keras.Input((5, 3))
model = keras.Model(inp, layers.TimeDistributed(TwoHeads(4))(inp))
"""

DECLARED = """
    def compute_output_shape(self, s):
        return (s[0], 7)
"""


def test_time_distributed_custom_layer_keras3_asks_compute_output_shape() -> None:
    assert outputs(lint(TWO_HEADS3.format(declared=DECLARED))) == ["(None, 5, 7)"]
    result = lint(TWO_HEADS3.format(declared=""))
    assert findings(result) == []  # Keras 3 raises NotImplementedError: not a shape finding
    assert outputs(result) == ["(unknown)"]


def test_time_distributed_custom_layer_keras2_runs_call_on_a_step() -> None:
    body = """
    class TwoHeads(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.a = layers.Dense(units)
            self.b = layers.Dense(units)

        def call(self, x):
            return K.concatenate([self.a(x), self.b(x)], axis=-1)

    inp = keras.Input((5, 3))
    inp4 = keras.Input((5, 6, 3))
    model = keras.Model([inp, inp4], [layers.TimeDistributed(TwoHeads(4))(inp), layers.TimeDistributed(TwoHeads(2))(inp4)])
    """
    assert outputs(lint(body, "2")) == ["(None, 5, 8)", "(None, 5, 6, 4)"]


def test_time_distributed_custom_layer_on_2d_input_is_still_refused() -> None:
    body = """
    class Same(layers.Layer):
        def call(self, x):
            return x

    inp = keras.Input((5,))
    model = keras.Model(inp, layers.TimeDistributed(Same())(inp))
    """
    assert findings(lint(body, "2"))  # TimeDistributed needs 3 axes: refused as before


# ----------------------------------------------------------------------------- Bidirectional
SUBCLASS2 = """
class MyLSTM(layers.LSTM):
    def call(self, inputs, mask=None, training=None, initial_state=None):
        return super().call(inputs, mask=mask, training=training, initial_state=initial_state)

class Cut(layers.LSTM):
    def call(self, inputs, mask=None, training=None, initial_state=None):
        out = super().call(inputs, mask=mask, training=training, initial_state=initial_state)
        return out[:, :-2]

inp = keras.Input((5, 3))
a = layers.Bidirectional(MyLSTM(4, return_sequences=True))(inp)
b = layers.Bidirectional(MyLSTM(4, return_sequences=True), merge_mode="sum")(inp)
c = layers.Bidirectional(Cut(4))(inp)
d1, d2 = layers.Bidirectional(MyLSTM(4), merge_mode=None)(inp)
model = keras.Model(inp, [a, b, c, d1, d2])
"""


def test_bidirectional_around_a_subclass_overriding_call_keras2() -> None:
    result = lint(SUBCLASS2, "2")
    assert findings(result) == []
    assert outputs(result) == ["(None, 5, 8)", "(None, 5, 4)", "(None, 4)", "(None, 4)", "(None, 4)"]


def test_bidirectional_around_a_subclass_keras3_stays_unknown() -> None:
    body = SUBCLASS2.replace("d1, d2 = layers.Bidirectional(MyLSTM(4), merge_mode=None)(inp)\n", "")
    body = body.replace("[a, b, c, d1, d2]", "[a, b, c]")
    result = lint(body, "3")
    assert findings(result) == []
    assert outputs(result) == ["(unknown)", "(unknown)", "(unknown)"]


def test_bidirectional_subclass_feeding_an_lstm_is_lst101() -> None:
    body = """
    class Cut(layers.LSTM):
        def call(self, inputs, mask=None, training=None, initial_state=None):
            return super().call(inputs, mask=mask, training=training, initial_state=initial_state)[:, :-2]

    inp = keras.Input((5, 3))
    x = layers.Bidirectional(Cut(4))(inp)
    model = keras.Model(inp, layers.LSTM(2)(x))
    """
    assert findings(lint(body, "2")) == [(12, "LST101")]


# ----------------------------------------------------------------------------- masks
PROBE = """
class Count(layers.Layer):
    def call(self, inputs, mask=None):
        return layers.Dense(len(mask))(inputs[0])  # one mask per input tensor, or len(None)

tokens = keras.Input((5,))
other = keras.Input((5, 6))
embedded = layers.Embedding(4, 6, mask_zero=True)(tokens)
plain = layers.Embedding(4, 6)(tokens)
model = keras.Model([tokens, other], [Count()([embedded, other]), Count()([plain, other])])
"""


def test_the_mask_structure_keras2_passes_a_custom_call() -> None:
    # tf_keras: [mask, None] for a list with one masked tensor; None when no tensor has a mask
    assert outputs(lint(PROBE, "2")) == ["(None, 5, 2)", "(None, 5, ?)"]


def test_the_mask_structure_keras3_passes_a_custom_call() -> None:
    # Keras 3: one entry per tensor of the list, None for each without a mask
    assert outputs(lint(PROBE, "3")) == ["(None, 5, 2)", "(None, 5, 2)"]


def test_mask_shapes() -> None:
    body = """
    class Shapes(layers.Layer):
        def call(self, inputs, mask=None):
            return layers.Dense(1)(K.expand_dims(K.cast(mask, "float32"), -1))

    tokens = keras.Input((5,))
    other = keras.Input((7, 6))
    embedded = layers.Embedding(4, 6, mask_zero=True)(tokens)
    model = keras.Model([tokens, other], [
        Shapes()(embedded),
        Shapes()(layers.Masking()(other)),
        Shapes()(embedded, mask=None),  # given by the caller: as given
        Shapes()(layers.Embedding(4, 6)(tokens)),  # no mask: None
    ])
    """
    shapes = outputs(lint(body, "2"))
    assert shapes[:2] == ["(None, 5, 1)", "(None, 7, 1)"]
    assert "(None, 5, 1)" not in shapes[2:]


def test_a_mask_passed_on_is_unknown_and_none_stays_none() -> None:
    body = """
    class Probe(layers.Layer):
        def call(self, inputs, mask=None):
            if mask is None:
                return layers.Dense(1)(inputs)
            return layers.Dense(4)(inputs)

    tokens = keras.Input((5,))
    x = layers.Conv1D(6, 1)(layers.Embedding(4, 6, mask_zero=True)(tokens))
    y = layers.Dense(6)(keras.Input((5, 3)))
    z = layers.Dense(6)(layers.Embedding(4, 6, mask_zero=True)(tokens))
    model = keras.Model(tokens, [Probe()(x), Probe()(y), Probe()(z)])
    """
    # how Conv1D passes the embedding's mask on is not modelled: unknown, never the default
    # None; Keras' layers never make one from inputs without: None; Dense passes it on
    # (``traits.mask_pass``, measured by ``tests/test_misc8_masks_keras.py``): a mask
    assert outputs(lint(body, "2")) == ["(None, 5, ?)", "(None, 5, 1)", "(None, 5, 4)"]


# ----------------------------------------------------------------------------- TensorShape cells
CELL = """
class Cell(layers.Layer):
    def __init__(self, size, **kw):
        super().__init__(**kw)
        self.size = tf.TensorShape(size)
        self.output_size = self.size
        self.state_size = self.size

    def call(self, inputs, states):
        return inputs, [inputs]

inp = keras.Input((7, 4, 5))
inp2 = keras.Input((None, 5))
model = keras.Model([inp, inp2], [
    layers.RNN(Cell((4, 5)), return_sequences=True)(inp),
    layers.RNN(Cell((4, 5)))(inp),
    layers.RNN(Cell((5,)), return_sequences=True)(inp2),
])
"""


def test_tensorshape_cell_keras2() -> None:
    result = lint(CELL, "2")
    assert findings(result) == []
    assert outputs(result) == ["(None, 7, 4, 5)", "(None, 4, 5)", "(None, None, 5)"]


def test_tensorshape_cell_keras3_stays_unknown() -> None:
    cell3 = CELL.replace("inp = keras.Input", "import tensorflow as tf\ninp = keras.Input", 1)
    result = lint(cell3, "3")
    assert findings(result) == []
    assert outputs(result) == ["(unknown)", "(unknown)", "(unknown)"]


def test_tensorshape_cell_before_an_lstm_is_lst101() -> None:
    body = CELL.replace(
        "    layers.RNN(Cell((4, 5)), return_sequences=True)(inp),",
        "    layers.LSTM(3)(layers.RNN(Cell((4, 5)), return_sequences=True)(inp)),",
    )
    assert [code for _, code in findings(lint(body, "2"))] == ["LST101"]
