"""Subclasses of Keras' own layers that call ``super()`` (fast tier).

Keras ground truth (keras 3.15.1 and tf_keras 2.21, built in scratch scripts; the corpus pairs
``subclass_dense_super_call`` and ``subclass_lstm_super_init`` run in Keras by
``tests/test_corpus.py``):

* ``super().__init__(16, ...)`` configures the base layer: ``class P(Dense)`` whose ``call``
  returns ``super().call(x) * 0.5`` gives ``(None, 10, 16)`` on ``(None, 10, 8)``;
* a subclass without ``call`` is its base: ``class Plain(Dense): pass``, ``Plain(4)`` on
  ``(None, 7, 5)`` gives ``(None, 7, 4)``;
* ``super(LastLSTM, self).__init__(units, return_sequences=False)`` stacked before an LSTM:
  both Kerases raise "expected ndim=3, found ndim=2";
* ``class MyRNN(RNN)`` passing the program's cell to ``super().__init__(Cell(units), **kw)``:
  ``(None, 4)``, ``(None, 7, 4)`` with ``return_sequences=True``;
* a ``call`` that reshapes ``super().call(x)`` (``Dense(6)`` then ``(-1, 2, 3)``): tf_keras
  traces it, ``(None, 2, 3)``; Keras 3 gives the base class's ``compute_output_shape``,
  ``(None, 6)``, since the symbolic call does not trace ``call`` of a class that has one.
"""

from __future__ import annotations

import pytest
from interpreted import findings, lint_program
from interpreted import last_model_outputs as model_outputs

from lstmlint.api import FileResult

HEAD3 = """\
import keras
from keras import layers
"""

HEAD2 = """\
import tf_keras as keras
from tf_keras import layers
from tf_keras import backend as K
"""


def lint(body: str, keras: str = "3") -> FileResult:
    return lint_program(HEAD3 if keras == "3" else HEAD2, body, keras)



SCALED = """
class ScaledProjection(layers.Dense):
    def __init__(self, scale=0.5, **kwargs):
        super().__init__(16, activation="tanh", **kwargs)
        self.scale = scale

    def call(self, inputs):
        return super().call(inputs) * self.scale


inputs = keras.Input(shape=(10, 8))
outputs = ScaledProjection()(inputs)
model = keras.Model(inputs, outputs)
"""


@pytest.mark.parametrize("keras", ["3", "2"])
def test_super_init_configures_and_super_call_applies_the_base_layer(keras: str) -> None:
    result = lint(SCALED, keras)
    assert findings(result) == []
    assert model_outputs(result) == ["(None, 10, 16)"]


@pytest.mark.parametrize("keras", ["3", "2"])
def test_a_subclass_without_call_is_its_base_layer(keras: str) -> None:
    result = lint(
        """
        class Plain(layers.Dense):
            pass


        inputs = keras.Input(shape=(7, 5))
        model = keras.Model(inputs, Plain(4, activation="relu")(inputs))
        """,
        keras,
    )
    assert findings(result) == []
    assert model_outputs(result) == ["(None, 7, 4)"]


@pytest.mark.parametrize("form", ["super(LastLSTM, self)", "super()"])
@pytest.mark.parametrize("keras", ["3", "2"])
def test_lstm_subclass_forcing_the_last_step_before_an_lstm(form: str, keras: str) -> None:
    result = lint(
        f"""
        class LastLSTM(layers.LSTM):
            def __init__(self, units, **kwargs):
                {form}.__init__(units, return_sequences=False, **kwargs)


        inputs = keras.Input(shape=(20, 6))
        x = LastLSTM(32)(inputs)
        x = layers.LSTM(16)(x)
        """,
        keras,
    )
    line = (HEAD3 if keras == "3" else HEAD2).count("\n") + 9  # ``x = layers.LSTM(16)(x)``
    assert findings(result) == [(line, "LST101")]


@pytest.mark.parametrize("keras", ["3", "2"])
def test_return_sequences_forced_true_is_clean(keras: str) -> None:
    result = lint(
        """
        class SequenceLSTM(layers.LSTM):
            def __init__(self, units, **kwargs):
                super().__init__(units, return_sequences=True, **kwargs)


        inputs = keras.Input(shape=(20, 6))
        x = SequenceLSTM(32, dropout=0.1)(inputs)
        model = keras.Model(inputs, layers.LSTM(16)(x))
        """,
        keras,
    )
    assert findings(result) == []
    assert model_outputs(result) == ["(None, 16)"]


@pytest.mark.parametrize("keras", ["3", "2"])
def test_rnn_subclass_with_the_programs_cell(keras: str) -> None:
    ops = "keras.ops.matmul" if keras == "3" else "K.dot"
    result = lint(
        f"""
        class Cell(layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.units = units
                self.state_size = units

            def build(self, input_shape):
                self.kernel = self.add_weight(shape=(input_shape[-1], self.units))

            def call(self, x, states):
                h = {ops}(x, self.kernel)
                return h, [h]


        class MyRNN(layers.RNN):
            def __init__(self, units, **kwargs):
                super().__init__(Cell(units), **kwargs)


        inputs = keras.Input(shape=(7, 5))
        model = keras.Model(inputs, [MyRNN(4)(inputs), MyRNN(4, return_sequences=True)(inputs)])
        """,
        keras,
    )
    assert findings(result) == []
    assert model_outputs(result) == ["(None, 4)", "(None, 7, 4)"]


RESHAPED = """
class PairDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units * 2, **kwargs)

    def call(self, inputs):
        y = super().call(inputs)
        return {reshape}(y, (-1, 2, self.units // 2))


inputs = keras.Input(shape=(5,))
model = keras.Model(inputs, PairDense(3)(inputs))
"""


def test_keras2_traces_the_overridden_call() -> None:
    result = lint(RESHAPED.format(reshape="K.reshape"), "2")
    assert model_outputs(result) == ["(None, 2, 3)"]  # ``self.units`` is the base layer's 6


def test_keras3_gives_the_base_class_compute_output_shape() -> None:
    result = lint(RESHAPED.format(reshape="keras.ops.reshape"), "3")
    assert model_outputs(result) == ["(None, 6)"]


def test_keras3_follows_the_subclass_compute_output_shape_with_super() -> None:
    result = lint(
        """
        class Split(layers.Dense):
            def compute_output_shape(self, input_shape):
                out = super().compute_output_shape(input_shape)
                return [out, (input_shape[0], 2)]

            def call(self, x):
                y = super().call(x)
                return [y, y[:, :2]]


        inputs = keras.Input(shape=(5,))
        model = keras.Model(inputs, Split(6)(inputs))
        """,
        "3",
    )
    assert findings(result) == []
    assert model_outputs(result) == ["(None, 6)", "(None, 2)"]


def test_super_through_two_classes_of_the_program_stays_unknown() -> None:
    # ``B().__init__`` -> ``A.__init__`` -> ``Dense(8)``: which class defines the running
    # method is not tracked, so a ``super()`` below the first subclass is not followed
    result = lint(
        """
        class A(layers.Dense):
            def __init__(self, **kwargs):
                super().__init__(8, **kwargs)


        class B(A):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)


        inputs = keras.Input(shape=(7, 5))
        x = B()(inputs)
        model = keras.Model(inputs, layers.LSTM(3)(x))
        """
    )
    assert findings(result) == []
    assert result.analysis is not None
    (lstm,) = [a for a in result.analysis.applications if a.layer.cfg.kind == "LSTM"]
    assert lstm.inputs[0].shape.dims is None  # ``B()(inputs)``: unknown, never a guess


@pytest.mark.parametrize("keras", ["3", "2"])
def test_a_wrapped_subclass_without_call_is_its_base_layer(keras: str) -> None:
    # keras-multi-head's ``MaskFlatten(Flatten)``: only ``supports_masking`` differs
    result = lint(
        """
        class MaskFlatten(layers.Flatten):
            def __init__(self, **kwargs):
                self.supports_masking = True
                super(MaskFlatten, self).__init__(**kwargs)


        inputs = keras.Input(shape=(5, 4, 3))
        model = keras.Model(inputs, layers.TimeDistributed(MaskFlatten())(inputs))
        """,
        keras,
    )
    assert findings(result) == []
    assert model_outputs(result) == ["(None, 5, 12)"]


@pytest.mark.parametrize("expected", [True, False])
def test_findings_inside_pytest_raises_of_a_plain_test_are_expected_failures(expected: bool) -> None:
    # stellargraph's ``with pytest.raises(ValueError): WatchYourStep(generator, embedding_dimension=1)``:
    # the constructor raises before the layer it would build; the test expects a failure there
    call = "layers.LSTM(4)(keras.Input((5,)))"
    body = f"with pytest.raises(ValueError):\n        {call}" if expected else call
    result = lint(f"import pytest\n\n\ndef test_refused():\n    {body}\n")
    assert findings(result) == ([] if expected else [(HEAD3.count("\n") + 5, "LST101")])
