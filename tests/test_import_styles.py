"""Keras is recognised whatever the import style, and models in every spelling are rebuilt."""

from __future__ import annotations

import pytest
from conftest import codes, lint

# each body uses LSTM / Input / Model spelled by the header; the error is always on line 4 of the body
STYLES = {
    "tf.keras": ("import tensorflow as tf", "tf.keras.layers.LSTM", "tf.keras.Input", "tf.keras.Model"),
    "tensorflow.keras": ("import tensorflow", "tensorflow.keras.layers.LSTM", "tensorflow.keras.Input", "tensorflow.keras.models.Model"),
    "from tf.keras.layers": ("from tensorflow.keras.layers import LSTM, Input\nfrom tensorflow.keras.models import Model", "LSTM", "Input", "Model"),
    "from tf.keras import layers, models": ("from tensorflow.keras import layers, models", "layers.LSTM", "layers.Input", "models.Model"),
    "import keras": ("import keras", "keras.layers.LSTM", "keras.Input", "keras.Model"),
    "from keras import layers": ("from keras import layers, Input, Model", "layers.LSTM", "Input", "Model"),
    "alias module": ("import keras.layers as L\nimport keras", "L.LSTM", "L.Input", "keras.models.Model"),
    "alias class": ("from keras.layers import LSTM as Rec, Input as In\nfrom keras import Model as M", "Rec", "In", "M"),
    "star import": ("from keras.layers import *\nfrom keras.models import Model", "LSTM", "Input", "Model"),
    "tf_keras": ("import tf_keras", "tf_keras.layers.LSTM", "tf_keras.Input", "tf_keras.Model"),
    "from tensorflow import keras": ("from tensorflow import keras", "keras.layers.LSTM", "keras.Input", "keras.Model"),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_functional_model_in_every_import_style(style: str) -> None:
    header, lstm, inp, model = STYLES[style]
    body = (
        f"inputs = {inp}(shape=(10, 4))\n"
        f"x = {lstm}(16)(inputs)\n"
        f"ok = {lstm}(16, return_sequences=True)(inputs)\n"
        f"y = {lstm}(8)(x)\n"
        f"m = {model}(inputs=inputs, outputs=y)\n"
    )
    source = header + "\n" + body
    line = header.count("\n") + 1 + 4
    assert codes(source) == [(line, "LST101")]


def test_not_keras_is_not_checked() -> None:
    source = """
        import keras
        from mylib import LSTM, Input
        inputs = Input(shape=(10,))
        x = LSTM(4)(inputs)
        y = LSTM(4)(x)
    """
    assert codes(source) == []


@pytest.mark.parametrize(
    "sequential",
    [
        # Sequential() then .add, input from input_shape
        """
        from keras.models import Sequential
        from keras.layers import LSTM, Dense
        model = Sequential()
        model.add(LSTM(8, input_shape=(5, 3)))
        model.add(LSTM(8))  # line 6
        """,
        # Sequential([...]) with an Input item
        """
        import keras
        model = keras.Sequential([
            keras.Input(shape=(5, 3)),
            keras.layers.LSTM(8),
            keras.layers.LSTM(8),  # line 6
        ])
        """,
        # InputLayer first, tf.keras.Sequential
        """
        import tensorflow as tf
        model = tf.keras.Sequential()
        model.add(tf.keras.layers.InputLayer(shape=(5, 3)))
        model.add(tf.keras.layers.GRU(8))
        model.add(tf.keras.layers.GRU(8))  # line 6
        """,
        # batch_size + input_shape (Keras 2: Keras 3 refuses `batch_size` on a layer)
        """
        from tf_keras import Sequential
        from tf_keras.layers import SimpleRNN
        model = Sequential()
        model.add(SimpleRNN(8, input_shape=(5, 3), batch_size=4))
        model.add(SimpleRNN(8))  # line 6
        """,
        # layer stored in a variable then added
        """
        from keras import Sequential, layers
        first = layers.Dense(8, input_dim=3)
        model = Sequential(layers=[first])
        rec = layers.LSTM(2)
        model.add(rec)  # line 6
        """,
    ],
)
def test_sequential_spellings(sequential: str) -> None:
    found = codes(sequential)
    assert found == [(6, "LST101")]


def test_sequential_without_input_still_proves_rank_independent_errors() -> None:
    # whatever the input, LSTM(8) returns (batch, 8); Keras fails as soon as it builds
    assert codes("""
        from keras import Sequential, layers
        model = Sequential([layers.LSTM(8), layers.LSTM(4)])
    """) == [(3, "LST101")]


def test_stored_layer_instance_and_reassignment() -> None:
    assert codes("""
        from keras import layers, Input
        inputs = Input((12, 3))
        rnn = layers.LSTM(6)
        x = rnn(inputs)
        x = layers.Dense(4)(x)
        x = layers.LSTM(2)(x)
    """) == [(7, "LST101")]


def test_constants_and_arithmetic_resolve() -> None:
    result = lint("""
        import keras
        from keras import layers
        hidden = 64
        input_shape = (20, 6)
        inputs = keras.Input(shape=input_shape)
        a = layers.LSTM(hidden // 2, return_sequences=True)(inputs)
        b = layers.LSTM(2 * hidden - 96, return_sequences=True)(inputs)
        c = layers.Add()([a, b])
        d = layers.LSTM(hidden + 1, return_sequences=True)(inputs)
        e = layers.Add()([a, d])
    """)
    assert [(d.line, d.code) for d in result.diagnostics] == [(11, "LST110")]
    assert "(None, 20, 32) and (None, 20, 65)" in result.diagnostics[0].message


def test_unknown_names_are_symbolic_and_never_assumed_different() -> None:
    result = lint("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(n_steps, n_features))
        a = layers.LSTM(units, return_sequences=True)(inputs)
        b = layers.LSTM(other, return_sequences=True)(inputs)
        c = layers.Add()([a, b])
        d = layers.LSTM(units)(inputs)
        e = layers.LSTM(units)(d)
    """)
    # width `units` vs `other` may well be equal: no finding; the rank error is proven
    assert [(d.line, d.code) for d in result.diagnostics] == [(9, "LST101")]
    apps = result.analysis.applications
    assert str(apps[0].outputs[0].shape) == "(None, n_steps, units)"


def test_same_symbol_is_equal_to_itself() -> None:
    result = lint("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(T, F))
        a = layers.Dense(units)(inputs)
        b = layers.Dense(units)(inputs)
        c = layers.Add()([a, b])
        d = layers.Concatenate()([a, b])
    """)
    assert result.diagnostics == []
    shapes = [str(app.outputs[0].shape) for app in result.analysis.applications]
    assert shapes[-2:] == ["(None, T, units)", "(None, T, units + units)"]


def test_a_symbol_rebound_to_an_unknown_value_is_a_fresh_symbol() -> None:
    result = lint("""
        import keras
        from keras import layers
        width = load_width()
        a = layers.Dense(width)(keras.Input((4,)))
        width = load_width()
        b = layers.Dense(width)(keras.Input((4,)))
        c = layers.Add()([a, b])
    """)
    assert result.diagnostics == []


def test_unfollowed_statements_forget_what_they_may_change() -> None:
    # a while loop we do not follow may add layers or rebind x: nothing may be claimed after it
    assert codes("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(8, 2))
        x = layers.LSTM(4)(inputs)
        while something():
            x = layers.LSTM(4, return_sequences=True)(inputs)
        y = layers.LSTM(4)(x)
    """) == []


def test_sequential_passed_to_unknown_function_is_forgotten() -> None:
    assert codes("""
        from keras import Sequential, layers
        model = Sequential()
        model.add(layers.LSTM(4, input_shape=(5, 2)))
        add_more_layers(model)
        model.add(layers.LSTM(4))
    """) == []


def test_batch_input_shape_is_rejected_by_keras3_but_still_gives_the_input() -> None:
    result = lint("""
        from keras import Sequential, layers
        model = Sequential()
        model.add(layers.LSTM(4, batch_input_shape=(32, 5, 2)))
        model.add(layers.LSTM(4))
    """)
    assert [(d.line, d.code) for d in result.diagnostics] == [(4, "LST108"), (5, "LST101")]
    assert result.diagnostics[0].help == "start the model with `keras.Input(batch_shape=(32, 5, 2))` instead"


def test_every_independent_problem_is_reported_once() -> None:
    found = codes("""
        from keras import Input, layers
        inputs = Input(shape=(10, 3))
        a = layers.LSTM(4)(inputs)
        b = layers.LSTM(4)(a)
        c = layers.LSTM(4)(b)
        d = layers.Concatenate()([inputs, c])
        e = layers.Dense(3)(d)
        f = layers.RepeatVector(3)(inputs)
    """)
    # b and c each lack a time axis on their own; d's inputs differ in rank; e is a consequence of d
    assert found == [(5, "LST101"), (6, "LST101"), (7, "LST112"), (9, "LST103")]


@pytest.mark.parametrize(
    "call,message,help_",
    [
        ("layers.LSTM(hidden / 2)(inputs)", "needs a positive integer `units` (got 32.0", "e.g. `32` (use `//`"),
        ("layers.Dense(0)(inputs)", "needs a positive integer `units`, got 0", "positive integer"),
        ("layers.Dropout(1.5)(inputs)", "`rate` between 0 and 1, got 1.5", "between 0 and 1"),
        ("layers.Bidirectional(layers.LSTM(4), merge_mode='cat')(inputs)", "unknown `merge_mode` 'cat'", "merge_mode"),
        ("layers.Conv1D(4, 3, padding='full')(inputs)", "unknown `padding` 'full'", "padding"),
        ("layers.TimeDistributed(layers.Dense(-2))(inputs)", "`Dense` needs a positive integer `units`, got -2", "positive"),
    ],
)
def test_constructor_arguments_keras_rejects(call: str, message: str, help_: str) -> None:
    from keras_oracle import keras_outcome

    source = (
        "import keras\nfrom keras import layers\nhidden = 64\n"
        f"inputs = keras.Input(shape=(10, 4))\nout = {call}\nafter = layers.LSTM(3)(out)\n"
    )
    result = lint(source)
    assert [(d.line, d.code) for d in result.diagnostics] == [(5, "LST107")]  # nothing after it
    assert message in result.diagnostics[0].message
    assert help_ in result.diagnostics[0].help
    built, _ = keras_outcome(source)
    assert not built


def test_input_shape_must_be_a_tuple() -> None:
    from keras_oracle import keras_outcome

    source = "import keras\nout = keras.Input(shape=5)\n"
    assert codes(source) == [(2, "LST107")]
    assert keras_outcome(source)[0] is False


def test_embedding_input_dim_is_its_vocabulary_not_the_model_input() -> None:
    from keras_oracle import keras_outcome

    source = (
        "import keras\nfrom keras import layers\n"
        "m = keras.Sequential([layers.Embedding(input_dim=100, output_dim=8), layers.LSTM(4), layers.Dense(1)])\n"
        "out = m(keras.Input(shape=(12,)))\n"
    )
    built, shapes = keras_outcome(source)
    assert built and shapes == [(None, 1)]
    assert codes(source) == []
