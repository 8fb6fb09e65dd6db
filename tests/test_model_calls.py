"""Models the analysis used to drop on script code (issue 10, causes 1-4 of the script corpus):
a model given to an imported function, a model called on a tensor like a layer, a Sequential
built by its first call, and Keras 2's Embedding declaring the input from ``input_length`` (a
named size when it is a parameter). Fast tier: lstmlint's interpreter only; the Keras facts
each test relies on are stated beside it (measured with keras 3.15.1 and tf_keras 2.21)."""

from __future__ import annotations

from interpreted import codes, model_at
from interpreted import interpret as run
from interpreted import model_output as output

from lstmlint.source.keras_target import KerasVersion, Target

KERAS2 = Target(KerasVersion.KERAS2, "test")
KERAS3 = Target(KerasVersion.KERAS3, "test")


# ------------------------------------------------- 1. a model given to an imported function
CONVERTED = """\
import tensorflow as tf
import hls4ml
from art.estimators.classification import KerasClassifier

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Dense(2, input_shape=(1,), activation="relu"))
model.compile(optimizer="adam", loss="mse")
config = hls4ml.utils.config_from_keras_model(model, granularity="name")
classifier = KerasClassifier(model=model, clip_values=(0, 1))
model.add(tf.keras.layers.Dense(3))
"""


def test_a_model_given_to_an_imported_function_stays_followed() -> None:
    # Keras: converters and wrappers read the model; ``model.output_shape == (None, 3)`` at the end
    interp = run(CONVERTED)
    assert output(interp, 5) == "(None, 3)"


def test_a_finding_after_the_imported_call_rests_on_the_layers_the_file_gave() -> None:
    # Keras 3: LSTM after Dense(2) on (None, 1) raises "expected ndim=3, found ndim=2"
    code = CONVERTED.replace("tf.keras.layers.Dense(3)", "tf.keras.layers.LSTM(3)")
    assert codes(code) == ["LST101"]


def test_a_function_of_the_file_that_is_not_followed_still_forgets_the_model() -> None:
    # recursion deeper than MAX_RECURSION is not followed: the function may add layers, so the
    # model is no longer known
    interp = run(
        """\
        import tensorflow as tf

        def grow(model, n):
            if n:
                model.add(tf.keras.layers.Dense(n))
                grow(model, n - 1)

        model = tf.keras.models.Sequential([tf.keras.layers.Dense(2, input_shape=(1,))])
        grow(model, 30)
        """
    )
    assert model_at(interp, 8).lost


def test_an_unknown_callable_that_is_not_an_import_still_forgets_the_model() -> None:
    interp = run(
        """\
        import tensorflow as tf

        model = tf.keras.models.Sequential([tf.keras.layers.Dense(2, input_shape=(1,))])
        hooks = {}
        hooks[input()](model)
        """
    )
    assert model_at(interp, 3).lost


# ------------------------------------------------- 2. a functional model called like a layer
def test_a_model_returned_by_a_function_of_the_file_called_on_a_tensor() -> None:
    # Keras: ``processed_a.shape == (None, 128)``, ``model.output_shape == (None, 1)``
    interp = run(
        """\
        from tensorflow.keras.layers import Dense, Input
        from tensorflow.keras.models import Model

        def create_base_network(input_shape):
            inp = Input(shape=input_shape)
            return Model(inp, Dense(128, activation="relu")(inp))

        base_network = create_base_network((784,))
        input_a = Input(shape=(784,))
        input_b = Input(shape=(784,))
        processed_a = base_network(input_a)
        processed_b = base_network(input_b)
        model = Model([input_a, input_b], Dense(1)(processed_a + processed_b))
        """
    )
    assert str(interp.globals["processed_a"].shape) == "(None, 128)"
    assert str(interp.globals["processed_b"].shape) == "(None, 128)"
    assert output(interp, 13) == "(None, 1)"


# ------------------------------------------------- 3. a Sequential built by its first call
FIRST_CALL = """\
from tensorflow.keras.layers import Dense, Dropout, Input, LSTM
from tensorflow.keras.models import Model, Sequential

story = Input(batch_shape=(32, 10, 3))
encoder = Sequential()
encoder.add(LSTM(16, return_sequences=True))
encoder.add(Dropout(0.3))
encoded = encoder(story)
model = Model(story, Dense(1)(encoded))
"""


def test_a_sequential_without_input_is_built_by_its_first_call() -> None:
    # keras 3.15.1 and tf_keras 2.21 keep the call's batch size: encoder.output_shape ==
    # (32, 10, 16), model.output_shape == (32, 10, 1)
    for target in (KERAS3, KERAS2):
        interp = run(FIRST_CALL, target)
        assert output(interp, 5) == "(32, 10, 16)"
        assert str(interp.globals["encoded"].shape) == "(32, 10, 16)"
        assert output(interp, 9) == "(32, 10, 1)"


def test_the_first_pass_on_an_unknown_input_is_replaced_not_counted_twice() -> None:
    interp = run(FIRST_CALL)
    encoder = model_at(interp, 5)
    recorded = [a for a in interp.result.applications if a.layer in [app.layer for app in encoder.applications]]
    # the encoder's own graph (2) and the call inside `model` (2); no application left over
    # from the adds, when the input was not known yet
    assert len(recorded) == 4
    assert all(a.outputs[0].shape.dims is not None for a in recorded)


def test_a_call_keras_refuses_is_reported_once_at_the_call() -> None:
    # Keras 3: "Input 0 of layer lstm is incompatible: expected ndim=3, found ndim=2"
    found = codes(
        """\
        from tensorflow.keras.layers import LSTM, Input
        from tensorflow.keras.models import Sequential

        s = Sequential([LSTM(3)])
        out = s(Input((5,)))
        """
    )
    assert found == ["LST101"]


# ------------------------------------------------- 4. Keras 2 Embedding declares the input
HYPERAS = """\
from tensorflow.keras.layers import LSTM, Dense, Embedding
from tensorflow.keras.models import Sequential

def model(x_train, y_train, max_features, maxlen):
    m = Sequential()
    m.add(Embedding(max_features, 128, input_length=maxlen))
    m.add(LSTM(128))
    m.add(Dense(1))
    return m
"""


def test_keras2_embedding_input_length_from_a_parameter_is_a_named_size() -> None:
    # tf_keras with maxlen=80: the Embedding output is (None, 80, 128), so (None, maxlen, 128)
    interp = run(HYPERAS, KERAS2)
    m = model_at(interp, 5)
    assert str(m.inputs[0].shape) == "(None, maxlen)"
    assert str(m.applications[0].outputs[0].shape) == "(None, maxlen, 128)"
    assert str(m.outputs[0].shape) == "(None, 1)"


def test_keras3_ignores_input_length() -> None:
    # keras 3.15.1: the Sequential is not built ("has no defined output shape yet")
    interp = run(HYPERAS, KERAS3)
    assert model_at(interp, 5).inputs == []


def test_keras2_embedding_without_input_length_declares_an_unknown_length() -> None:
    # tf_keras: Sequential([Embedding(22, 64), Dropout(0.3)]).output_shape == (None, None, 64);
    # adding Flatten() then Dense(1) raises "The last dimension of the inputs to a Dense layer
    # should be defined. Found None." (Keras 3 builds nothing and raises nothing)
    code = """\
    from tensorflow.keras.layers import Dense, Dropout, Embedding, Flatten
    from tensorflow.keras.models import Sequential

    model = Sequential([Embedding(22, 64), Dropout(0.3)])
    model.add(Flatten())
    model.add(Dense(1))
    """
    interp = run(code, KERAS2)
    assert str(model_at(interp, 4).applications[1].outputs[0].shape) == "(None, None, 64)"
    assert codes(code, "2") == ["LST102"]
    assert codes(code, "3") == []


def test_keras2_embedding_with_a_known_input_length_builds_the_model() -> None:
    # tf_keras: Conv1D(250, 3) after Embedding(5000, 50, input_length=400) gives (None, 398, 250)
    interp = run(
        """\
        from keras.layers import Conv1D, Dropout, Embedding
        from keras.models import Sequential

        maxlen = 400
        model = Sequential()
        model.add(Embedding(5000, 50, input_length=maxlen))
        model.add(Dropout(0.2))
        model.add(Conv1D(250, 3))
        """,
        KERAS2,
    )
    assert output(interp, 5) == "(None, 398, 250)"


def test_a_functional_model_added_to_a_sequential() -> None:
    # keras 3.15.1 and tf_keras 2.21: first, the nested model's input declares the Sequential's
    # (input_shape (None, 2), output_shape (None, 4)); after Dense(2) on (None, 6) the same
    # (None, 4); after Dense(5) its (None, 2) input does not fit: Keras raises, not followed
    interp = run(
        """\
        import keras
        L = keras.layers
        i = L.Input((2,))
        f = keras.Model(i, L.Dense(3)(L.Dense(9)(i)))
        s = keras.Sequential()
        s.add(f)
        s.add(L.Dense(4))
        s2 = keras.Sequential([L.Dense(2, input_shape=(6,)), f, L.Dense(4)])
        s3 = keras.Sequential([L.Dense(5, input_shape=(6,)), f])
        """
    )
    assert str(model_at(interp, 5).inputs[0].shape) == "(None, 2)"
    assert output(interp, 5) == "(None, 4)"
    assert output(interp, 8) == "(None, 4)"
    assert model_at(interp, 9).lost


MISMATCH = """\
import keras
from keras import layers

window = keras.Input((10, 3))
encoder = keras.Model(window, layers.LSTM(16)(window))
out = encoder(keras.Input(({shape})))
"""


def test_keras3_refuses_a_tensor_that_does_not_fit_the_models_input() -> None:
    # keras 3.15.1: (12, 3) and (10, 5) raise "Input 0 ... is incompatible with the layer";
    # (None, 3) passes; tf_keras passes (12, 3) (the LSTM takes any length) and raises on
    # (10, 5) inside the LSTM: not reported for Keras 2
    assert codes(MISMATCH.format(shape="12, 3")) == ["LST207"]
    assert codes(MISMATCH.format(shape="10, 5")) == ["LST207"]
    assert codes(MISMATCH.format(shape="None, 3")) == []
    assert codes(MISMATCH.format(shape="12, 3"), "2") == []
    interp = run(MISMATCH.format(shape="None, 3"))
    assert str(interp.globals["out"].shape) == "(None, 16)"
