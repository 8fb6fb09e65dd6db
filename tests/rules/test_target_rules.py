"""Rules judged by the file's Keras target, and the false alarms found on real scripts.

Each expectation was measured in Keras 3.15.1 and tf_keras 2.21 (see the comments); the Keras
tier re-checks the same programs through the corpus pairs named in each test.
"""

from __future__ import annotations

import textwrap

import pytest

from lstmlint.api import lint_source
from lstmlint.diagnostics import Diagnostic
from lstmlint.settings import Options


def _lint(source: str, version: str = "3") -> list[Diagnostic]:
    options = Options(keras_version=version)
    return list(lint_source(textwrap.dedent(source), "m.py", options).diagnostics)


def _found(source: str, version: str = "3") -> list[tuple[int, str, str]]:
    return [(d.span.line, d.severity.value, str(d.code)) for d in _lint(source, version)]


# --------------------------------------------------------------- not layers at all
@pytest.mark.parametrize("version", ["2", "3"])
def test_identity_initializer_is_not_the_identity_layer(version: str) -> None:
    # keras-examples/mnist_irnn.py:55: both Keras build `initializers.Identity(gain=1.0)`
    source = """
    import keras
    from keras import initializers
    from keras.layers import SimpleRNN, Dense
    from keras.models import Sequential

    model = Sequential()
    model.add(SimpleRNN(8, recurrent_initializer=initializers.Identity(gain=1.0), input_shape=(28, 28)))
    model.add(Dense(10))
    init = keras.initializers.Identity(gain=2.0)
    """
    assert _found(source, version) == []


def test_the_identity_layer_still_rejects_unknown_keywords() -> None:
    source = """
    import keras
    x = keras.layers.Identity(gain=1.0)
    """
    assert _found(source) == [(3, "error", "LST401")]


# --------------------------------------------------------------- sizes given as None
@pytest.mark.parametrize(
    ("call", "argument"),
    [
        ("layers.Dense(None)", "units"),  # Keras 3: ValueError in the constructor
        ("layers.LSTM(None)", "units"),  # TypeError in the constructor (both)
        ("layers.Embedding(None, 8)", "input_dim"),
        ("layers.RepeatVector(None)", "n"),
        ("layers.Conv1D(None, 3)", "filters"),  # raises when built: same statement
    ],
)
def test_a_size_given_as_none_is_reported_at_the_constructor(call: str, argument: str) -> None:
    source = f"""
    import keras
    from keras import layers
    inputs = keras.Input((8, 3))
    x = {call}(inputs)
    y = layers.Flatten()(x)
    z = layers.Dense(2)(y)
    """
    diagnostics = _lint(source)
    assert [(d.span.line, str(d.code)) for d in diagnostics] == [(5, "LST107")]
    assert f"`{argument}`, got None" in diagnostics[0].message


def test_conv2d_none_is_reported_inside_a_sequential_list_and_not_at_the_next_layer() -> None:
    source = """
    import keras
    from keras import layers
    model = keras.Sequential([
        keras.Input((8, 8, 3)),
        layers.Conv2D(None, 3),
        layers.Flatten(),
        layers.Dense(2),
    ])
    """
    assert _found(source) == [(6, "error", "LST107")]


def test_optional_sizes_may_be_none() -> None:
    # Keras 3 builds Resizing(None, 3) and takes Discretization(num_bins=None) with boundaries
    source = """
    import keras
    from keras import layers
    images = keras.Input((8, 8, 3))
    x = layers.Resizing(None, 3)(images)
    d = layers.Discretization(num_bins=None, bin_boundaries=[0.0, 1.0])
    """
    assert [c for _, _, c in _found(source)] == []


# --------------------------------------------------------------- reset_states
RESET = """
import numpy as np
import keras
from keras import layers

lstm = layers.LSTM(4, stateful=True)
model = keras.Sequential([keras.Input((3, 2), batch_size=4), lstm, layers.Dense(1)])
model.reset_states()
lstm.reset_states()
"""


def test_model_reset_states_is_gone_in_keras3() -> None:
    # Keras 3: AttributeError on Sequential and Functional models; layers keep reset_states
    diagnostics = _lint(RESET, "3")
    assert [(d.span.line, str(d.code)) for d in diagnostics] == [(8, "LST404")]
    assert "reset_states" in (diagnostics[0].help or "")


def test_model_reset_states_exists_in_keras2() -> None:
    assert (
        _found(
            RESET.replace("import keras\n", "import tf_keras as keras\n").replace(
                "from keras import", "from tf_keras import"
            ),
            "2",
        )
        == []
    )


# --------------------------------------------------------------- Keras 2 severities
STATE = """
import keras
from keras import layers

enc_in = keras.Input(shape=(10, 4))
dec_in = keras.Input(shape=(5, 4))
_, h, c = layers.LSTM(64, return_state=True)(enc_in)
dec = layers.LSTM(32)(dec_in, initial_state=[h, c])
out = layers.Dense(3)(layers.RepeatVector(2)(dec))
"""

ATTENTION = """
import keras
from keras import layers

q = keras.Input(shape=(5, 32))
v = keras.Input(shape=(10, 64))
att = layers.Attention()([q, v])
out = layers.LSTM(3)(layers.Dense(3)(att))
"""


@pytest.mark.parametrize(("source", "line", "code"), [(STATE, 8, "LST201"), (ATTENTION, 7, "LST202")])
def test_keras3_builds_it_so_it_stays_a_warning(source: str, line: int, code: str) -> None:
    diagnostics = _lint(source, "3")
    assert [(d.span.line, d.severity.value, str(d.code)) for d in diagnostics] == [(line, "warning", code)]
    assert "fails when the model runs" in diagnostics[0].message


@pytest.mark.parametrize(("source", "line", "code"), [(STATE, 8, "LST201"), (ATTENTION, 7, "LST202")])
def test_keras2_refuses_it_at_the_call(source: str, line: int, code: str) -> None:
    # tf_keras 2.21: "An `initial_state` was passed that is not compatible with `cell.state_size`",
    # and for Attention "Dimensions must be equal, but are 32 and 64": errors, and nothing after
    diagnostics = _lint(source, "2")
    assert [(d.span.line, d.severity.value, str(d.code)) for d in diagnostics] == [(line, "error", code)]
    assert "Keras 2 refuses it when the layer is called" in diagnostics[0].message


# --------------------------------------------------------------- GroupNormalization
@pytest.mark.parametrize(
    ("groups", "channels", "expected"),
    [
        ("groups=3", 8, [(5, "error", "LST116")]),  # "must be a multiple of the number of channels"
        ("groups=16", 8, [(5, "error", "LST116")]),  # "cannot be more than the number of channels"
        ("", 16, [(5, "error", "LST116")]),  # the default 32 groups
        ("groups=4", 8, []),
        ("groups=-1", 8, []),  # instance normalization: Keras 3 and 2 build it
        ("", 64, []),
        ("groups=0", 8, [(5, "error", "LST107")]),  # Keras 3: constructor; tf_keras: ZeroDivisionError
    ],
)
def test_group_normalization_groups(groups: str, channels: int, expected: list[tuple[int, str, str]]) -> None:
    source = f"""
    import keras
    from keras import layers
    x = keras.Input((5, {channels}))
    y = layers.GroupNormalization({groups})(x)
    z = layers.Dense(2)(y)
    """
    assert _found(source) == expected


def test_group_normalization_on_unknown_channels_says_nothing() -> None:
    source = """
    import keras
    from keras import layers

    def block(x):
        return layers.GroupNormalization(groups=3)(x)
    """
    assert _found(source) == []


# --------------------------------------------------------------- output_padding
@pytest.mark.parametrize(
    ("call", "bad"),
    [
        ("layers.Conv2DTranspose(4, 3, strides=2, output_padding=2)", True),
        ("layers.Conv2DTranspose(4, 3, output_padding=1)", True),  # strides default to 1
        ("layers.Conv2DTranspose(4, 3, strides=(2, 1), output_padding=(1, 1))", True),
        ("layers.Conv2DTranspose(4, 3, strides=2, output_padding=1)", False),
        ("layers.Conv2DTranspose(4, 3, strides=3, output_padding=(2, 0))", False),
        ("layers.Conv2DTranspose(4, 3, strides=2, output_padding=None)", False),
    ],
)
def test_output_padding_must_be_below_the_strides(call: str, bad: bool) -> None:
    source = f"""
    import keras
    from keras import layers
    x = keras.Input((8, 8, 3))
    y = {call}(x)
    """
    assert _found(source) == ([(5, "error", "LST107")] if bad else [])


# --------------------------------------------------------------- TextVectorization
@pytest.mark.parametrize(
    ("arguments", "bad"),
    [
        ('output_mode="multi_hot", output_sequence_length=10', True),
        ('output_mode="binary", output_sequence_length=10', True),  # the old name of multi_hot
        ('output_mode="tf_idf", ragged=True', True),
        ('output_mode="int", sparse=True', True),
        ("pad_to_max_tokens=True", True),
        ("max_tokens=1", True),
        ('output_mode="count", idf_weights=[1.0, 2.0]', True),
        ("max_tokens=1000, output_sequence_length=50", False),
        ('output_mode="int", ragged=True, output_sequence_length=4', False),  # Keras 3 builds it
        ('output_mode="multi_hot", output_sequence_length=None', False),
        ('output_mode="tf_idf", sparse=True', False),
        ("max_tokens=2, pad_to_max_tokens=True", False),
    ],
)
def test_text_vectorization_argument_combinations(arguments: str, bad: bool) -> None:
    source = f"""
    import keras
    from keras import layers
    v = layers.TextVectorization({arguments})
    """
    assert _found(source) == ([(4, "error", "LST107")] if bad else [])


def test_text_vectorization_names_the_argument_to_remove() -> None:
    source = """
    import keras
    v = keras.layers.TextVectorization(output_mode="multi_hot", output_sequence_length=10)
    """
    (d,) = _lint(source)
    assert "output_sequence_length" in d.message and "remove `output_sequence_length=`" in (d.help or "")


# --------------------------------------------------------------- broadcasting over size-1 axes
def test_a_vector_times_a_single_step_sequence_is_not_a_broadcast() -> None:
    # keras-examples/mnist_acgan.py:84: (None, 100) * (None, 1, 100) -> (None, 1, 100), nothing repeated
    source = """
    import keras
    from keras import layers
    latent = keras.Input(shape=(100,))
    image_class = keras.Input(shape=(1,), dtype="int32")
    cls = layers.Embedding(10, 100)(image_class)
    h = layers.multiply([latent, cls])
    """
    assert _found(source) == []


def test_a_vector_added_to_every_time_step_is_still_a_warning() -> None:
    source = """
    import keras
    from keras import layers
    a = keras.Input(shape=(100,))
    b = keras.Input(shape=(7, 100))
    h = layers.add([a, b])
    """
    assert _found(source) == [(6, "warning", "LST111")]


# --------------------------------------------------------------- the keyword table's audit
def test_lookup_layers_refuse_the_base_layer_keywords_in_keras3() -> None:
    # Keras 3's IndexLookup pops `trainable`/`dtype` from **kwargs and raises on anything else:
    # "Unrecognized keyword argument(s): {'input_shape': (1,)}" (tests/gen/kwargs_table.py)
    source = """
    import keras
    from keras import layers
    lookup = layers.StringLookup(vocabulary=["a", "b"], input_shape=(1,))
    ids = layers.IntegerLookup(vocabulary=[1, 2], name="ids", trainable=False)
    """
    assert _found(source) == [(4, "error", "LST108")]


# --------------------------------------------------------------- pooling padding case
POOL = """
import {m} as keras
x = keras.Input((8, 8, 3))
y = keras.layers.AveragePooling2D(2, padding="VALID")(x)
z = keras.layers.LSTM(3)(y)
"""


def test_pooling_padding_in_capitals_is_refused_by_keras3_only() -> None:
    # Keras 3: "Argument `padding` must be either 'valid' or 'same'" when called; tf_keras lower-cases
    # it and builds (None, 4, 4, 3), so under Keras 2 the analysis goes on to the LSTM's real error
    assert _found(POOL.format(m="keras"), "3") == [(4, "error", "LST107")]
    assert _found(POOL.format(m="tf_keras"), "2") == [(5, "error", "LST101")]


# --------------------------------------------------------------- float sizes
FLOATS = """
import {m} as keras
n = 8
x = keras.Input((10, 3))
y = keras.layers.Conv1D(n / 2, 3)(x)
z = keras.layers.Dense(n / 2)(y)
w = keras.layers.LSTM(n / 2)(z)
"""


def test_float_sizes_keras2_casts_dense_and_conv_but_not_recurrent_units() -> None:
    # tf_keras: Dense(4.0) and Conv1D(4.0, 3) build (int(units)); LSTM(4.0) raises when built.
    # Keras 3 refuses all three ("expected a positive integer", "Cannot convert '(3, 3, 4.0)' to a shape")
    assert _found(FLOATS.format(m="tf_keras"), "2") == [(7, "error", "LST107")]
    assert _found(FLOATS.format(m="keras"), "3") == [
        (5, "error", "LST107"),
        (6, "error", "LST107"),
        (7, "error", "LST107"),
    ]


# --------------------------------------------------------------- model(x) on data of another shape
CALL = """
import numpy as np
import {m} as keras
x = np.zeros((8,))
relu = keras.Sequential([keras.Input(shape=(8,)), keras.layers.ReLU()])
a = relu(x)
dense = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4)])
b = dense(x)
"""


def test_calling_a_model_on_data_of_another_shape_depends_on_the_target() -> None:
    # scripts corpus, hls4ml test_extensions.py:164. Keras 3: "Invalid input shape" at each call.
    # tf_keras only warns, runs the layers, and fails where one has an input spec (Dense: min_ndim=2)
    assert [(line, code) for line, _, code in _found(CALL.format(m="keras"), "3")] == [(6, "LST207"), (8, "LST207")]
    assert [(line, severity) for line, severity, _ in _found(CALL.format(m="tf_keras"), "2")] == [(8, "error")]


# --------------------------------------------------------------- data_format in capitals
DATA_FORMAT = """
import keras
x = keras.Input((3, 8, 8))
y = keras.layers.Conv2D(2, 3, data_format="Channels_First")(x)
z = keras.layers.ConvLSTM1D(2, 3, data_format="Channels_Last")
w = keras.layers.LSTM(2)(y)
"""


@pytest.mark.parametrize("version", ["2", "3"])
def test_data_format_is_read_in_lower_case(version: str) -> None:
    # Keras 3 and tf_keras lower-case `data_format`: Conv2D builds (None, 2, 6, 6), channels first
    assert _found(DATA_FORMAT, version) == [(6, "error", "LST101")]


@pytest.mark.parametrize(
    ("call", "named"),
    [
        ("model.predict(images)", "images"),
        ("model.fit(x=windows, y=labels, epochs=1)", "windows"),
        ("model.predict(np.zeros((4, 15, 2)))", "X"),  # not a plain name: the generic example
    ],
)
def test_data_shape_help_names_the_data_given(call: str, named: str) -> None:
    """LST207's help shows the `Input` declared from the data the call was given, by its name."""
    source = f"""
        import keras
        import numpy as np
        from keras import layers
        images = windows = np.zeros((4, 15, 2))
        labels = np.zeros((4, 1))
        inputs = keras.Input(shape=(14, 2))
        model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(8)(inputs)))
        model.compile(optimizer="adam", loss="mse")
        {call}
    """
    found = [d for d in _lint(source) if d.code == "LST207"]
    assert len(found) == 1, _found(source)
    assert f"`keras.Input(shape={named}.shape[1:])`" in (found[0].help or "")
