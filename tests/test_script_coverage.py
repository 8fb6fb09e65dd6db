"""Shape coverage on script-style Keras code (issue 10): the constructs of the Keras example
scripts that used to leave shapes unknown. Fast tier: lstmlint's interpreter only; the Keras
facts each test relies on are stated beside it (measured with keras 3.15 / tf_keras 2.21, or
read from Keras' own ``keras/src/datasets`` sources, which assert those shapes)."""

from __future__ import annotations

import textwrap
from typing import Any

import libcst as cst
import pytest

from lstmlint.api import lint_source
from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.settings import Options
from lstmlint.shapes import UNKNOWN


def run(code: str) -> Interpreter:
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)))
    interp.run()
    return interp


def dims(interp: Interpreter, name: str) -> tuple[Any, ...]:
    value = interp.globals[name]
    assert isinstance(value, ArrayValue), (name, value)
    return tuple(value.dims)


def shape(interp: Interpreter, name: str) -> str:
    value = interp.globals[name]
    assert isinstance(value, Tensor), (name, value)
    return str(value.shape)


def followed(interp: Interpreter, name: str) -> bool:
    """Whether ``name`` holds a tensor whose shape is known."""
    value = interp.globals[name]
    return isinstance(value, Tensor) and value.shape.dims is not None


def codes(code: str, keras: str = "3") -> list[str]:
    result = lint_source(textwrap.dedent(code), "script.py", Options(isolated=True, keras_version=keras))
    return [d.code for d in result.diagnostics]


# ------------------------------------------------------------------ keras.datasets
@pytest.mark.parametrize(
    "load, expected",
    [
        ("mnist.load_data()", [(60000, 28, 28), (60000,), (10000, 28, 28), (10000,)]),
        ("fashion_mnist.load_data()", [(60000, 28, 28), (60000,), (10000, 28, 28), (10000,)]),
        ("cifar10.load_data()", [(50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)]),
        ("cifar100.load_data(label_mode='coarse')", [(50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)]),
        ("imdb.load_data(num_words=20000)", [(25000,), (25000,), (25000,), (25000,)]),
        ("reuters.load_data(num_words=1000, test_split=0.2)", [(8982,), (8982,), (2246,), (2246,)]),
        ("reuters.load_data(test_split=0.3)", [(7859,), (7859,), (3369,), (3369,)]),
        ("boston_housing.load_data()", [(404, 13), (404,), (102, 13), (102,)]),
        ("california_housing.load_data()", [(16512, 8), (16512,), (4128, 8), (4128,)]),
        ("california_housing.load_data(version='small')", [(480, 8), (480,), (120, 8), (120,)]),
    ],
)
def test_dataset_shapes(load: str, expected: list[tuple[int, ...]]) -> None:
    interp = run(f"""
        from keras.datasets import mnist, fashion_mnist, cifar10, cifar100, imdb, reuters
        from keras.datasets import boston_housing, california_housing
        (a, b), (c, d) = {load}
    """)
    assert [dims(interp, n) for n in "abcd"] == expected


def test_maxlen_filters_samples_so_their_number_is_unknown() -> None:
    interp = run("""
        import tensorflow as tf
        (a, b), (c, d) = tf.keras.datasets.imdb.load_data(num_words=100, maxlen=80)
        (e, f), _ = tf.keras.datasets.reuters.load_data(maxlen=80)
    """)
    for name in "abcdef":
        assert dims(interp, name) == (UNKNOWN,)


def test_dataset_data_flows_into_reshape_to_categorical_and_pad_sequences() -> None:
    interp = run("""
        import keras
        from keras.datasets import mnist, imdb
        from keras.preprocessing import sequence
        (x_train, y_train), _ = mnist.load_data()
        x = x_train.reshape(x_train.shape[0], 28, 28, 1).astype('float32') / 255
        y = keras.utils.to_categorical(y_train, 10)
        (s, _), _ = imdb.load_data(num_words=20000)
        p = sequence.pad_sequences(s, maxlen=80)
    """)
    assert dims(interp, "x") == (60000, 28, 28, 1)
    assert dims(interp, "y") == (60000, 10)
    assert dims(interp, "p") == (25000, 80)


def test_to_categorical_of_dataset_labels_is_as_wide_as_the_classes() -> None:
    # every class occurs in each split; Keras: max(y) + 1 columns, a trailing axis of 1 dropped
    interp = run("""
        import keras
        from keras.utils import to_categorical
        from keras.datasets import mnist, cifar10, cifar100, imdb
        (_, b), (_, d) = mnist.load_data()
        A, B = to_categorical(b), to_categorical(d)
        (_, e), _ = cifar10.load_data()
        E = keras.utils.to_categorical(e)
        (_, f), _ = cifar100.load_data(label_mode="coarse")
        F = to_categorical(f)
        (_, g), _ = imdb.load_data(maxlen=100)
        G = to_categorical(g)
        H = to_categorical(b, num_classes=12)
        I = to_categorical(b.astype("int32"))
    """)
    assert [dims(interp, n) for n in "ABEFH"] == [(60000, 10), (10000, 10), (50000, 10), (50000, 20), (60000, 12)]
    for name in "GI":  # filtered, or no longer the dataset's own labels: a symbolic width
        assert not isinstance(dims(interp, name)[-1], int), name


# ------------------------------------------------------------ image data format
MNIST_CNN = """
    import keras
    from keras import backend as K
    from keras.models import Sequential
    from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense
    {setting}
    if K.image_data_format() == 'channels_first':
        input_shape = (1, 28, 28)
    else:
        input_shape = (28, 28, 1)
    model = Sequential()
    model.add(Conv2D(32, (3, 3), input_shape=input_shape))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Flatten())
    out = model.output
"""


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("", "(None, 5408)"),  # Keras' default channels_last: (26, 26, 32) pooled to 13 x 13 x 32
        ("K.set_image_data_format('channels_last')", "(None, 5408)"),
        ("K.set_image_data_format('channels_first')", "(None, 5408)"),  # (32, 26, 26) -> 32 x 13 x 13
        ("K.set_image_dim_ordering('th')", "(None, 5408)"),
    ],
)
def test_image_data_format_branch(setting: str, expected: str) -> None:
    interp = run(MNIST_CNN.format(setting=setting))
    assert shape(interp, "out") == expected


def test_channels_first_setting_reaches_layers_without_data_format() -> None:
    interp = run("""
        from keras import backend as K
        from keras.layers import Input, Conv2D
        K.set_image_data_format('channels_first')
        x = Input(shape=(1, 28, 28))
        y = Conv2D(8, 3)(x)
        fmt = K.image_data_format()
    """)
    assert shape(interp, "y") == "(None, 8, 26, 26)"  # Keras: channels_first conv
    assert interp.globals["fmt"] == "channels_first"


def test_computed_image_data_format_leaves_shapes_unknown() -> None:
    code = """
        import sys
        from keras import backend as K
        from keras.layers import Input, Conv2D
        K.set_image_data_format(sys.argv[1])
        x = Input(shape=(1, 28, 28))
        y = Conv2D(8, 3)(x)
        fmt = K.image_data_format()
    """
    interp = run(code)
    assert shape(interp, "y") == "(unknown)"
    assert interp.globals["fmt"] not in ("channels_last", "channels_first")
    assert codes(code) == []


def test_cifar_images_follow_the_image_data_format() -> None:
    interp = run("""
        import keras
        keras.backend.set_image_data_format('channels_first')
        (a, b), _ = keras.datasets.cifar10.load_data()
    """)
    assert dims(interp, "a") == (50000, 3, 32, 32)
    assert dims(interp, "b") == (50000, 1)


# ----------------------------------------------------------------------- numpy
@pytest.mark.parametrize(
    "width, expected",
    [  # np.pad(np.zeros((5, 1, 28, 28)), width).shape, measured with NumPy
        ("2", (9, 5, 32, 32)),
        ("(1, 2)", (8, 4, 31, 31)),
        ("[[0, 0], [0, 0], [2, 2], [2, 2]]", (5, 1, 32, 32)),
        ("[[1, 2]]", (8, 4, 31, 31)),
        ("(3,)", (11, 7, 34, 34)),
    ],
)
def test_np_pad(width: str, expected: tuple[int, ...]) -> None:
    interp = run(f"import numpy as np\nx = np.zeros((5, 1, 28, 28))\ny = np.pad(x, {width}, mode='constant')\n")
    assert dims(interp, "y") == expected


def test_elements_of_a_literal_array_are_numbers_until_it_may_change() -> None:
    interp = run("""
        import numpy as np
        pool_sizes = np.array([1, 1, 1, 1, 1]) * 2
        a = pool_sizes[0]
        b = (2 * np.array([3, 4]))[-1]
        q = np.array([1, 2, 3])
        q[0] = 5
        c = q[0]
        r = np.array([1, 2, 3])
        np.random.shuffle(r)
        d = r[0]
        s = np.array([1, 2, 3])
        s.sort()
        e = s[0]
    """)
    assert (interp.globals["a"], interp.globals["b"]) == (2, 8)
    for name in "cde":
        assert not isinstance(interp.globals[name], int), name


# ----------------------------------------------------------------------- loops
MODEL = """
    import sys
    import numpy as np
    import keras
    from keras import layers
    x = np.zeros((32, 10, 4))
    y = np.zeros((32, 4))
    model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(8), layers.Dense(4, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
"""


def test_training_loop_keeps_the_model() -> None:
    interp = run(
        MODEL
        + """
    for epoch in range(400):
        history = model.fit(x, y, epochs=1, verbose=0)
        loss = history.history["loss"][-1]
    out = model.output
    after = epoch
    """
    )
    assert shape(interp, "out") == "(None, 4)"
    assert interp.globals["after"] == 399  # the last item of a known sequence
    assert not any("range(400)" in why for _, why in interp.result.lost if "model" in why)


def test_the_first_iteration_of_a_training_loop_is_checked() -> None:
    code = (
        MODEL
        + """
    for epoch in range(400):
        model.fit(x, np.zeros((32, 5)), epochs=1, verbose=0)
    """
    )
    assert codes(code) == ["LST205"]


def test_while_loop_with_an_undecidable_test_keeps_the_model() -> None:
    interp = run(
        MODEL
        + """
    best, epoch = np.inf, 0
    while best > 0.5 and epoch < int(sys.argv[1]):
        h = model.fit(x, y, epochs=1, verbose=0)
        best = min(best, h.history["loss"][-1])
        epoch += 1
    out = model.output
    """
    )
    assert shape(interp, "out") == "(None, 4)"
    assert not isinstance(interp.globals["epoch"], int)  # changes from one iteration to the next


def test_loop_that_grows_a_model_keeps_the_shape_every_iteration_gives() -> None:
    code = """
        import sys
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(8, return_sequences=True)])
        for units in sys.argv[1:]:
            model.add(layers.LSTM(8, return_sequences=True))
        model.add(layers.Dense(3))
        out = model.output
    """
    # no iteration or any number of them: the model's output is (None, 10, 8) before the Dense
    interp = run(code)
    assert shape(interp, "out") == "(None, 10, 3)"
    assert codes(code) == []


def test_loop_that_changes_a_model_s_rank_loses_it() -> None:
    code = """
        import sys
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(8, return_sequences=True)])
        for units in sys.argv[1:]:
            model.add(layers.LSTM(8))
            model.add(layers.RepeatVector(10))
            model.add(layers.Flatten())
        model.add(layers.Dense(3))
        out = model.output
    """
    # 3-D with no iteration, 2-D after one: the output's rank is not known
    interp = run(code)
    assert not followed(interp, "out")
    assert any("sys.argv[1:]" in why for _, why in interp.result.lost)
    assert codes(code) == []


def test_loop_carried_tensor_keeps_the_shape_every_iteration_gives() -> None:
    code = """
        import sys
        import keras
        from keras import layers
        inp = keras.Input(shape=(10, 4))
        x = layers.LSTM(8)(inp)
        for _ in range(int(sys.argv[1])):
            x = layers.RepeatVector(10)(x)
            x = layers.LSTM(8)(x)
        y = layers.Dense(2)(x)
    """
    interp = run(code)
    assert interp.globals["x"].shape.dims == (None, 8)
    assert interp.globals["y"].shape.dims == (None, 2)
    assert codes(code) == []


def test_loop_ending_in_break_is_forgotten() -> None:
    interp = run(
        MODEL
        + """
    for line in sys.stdin:
        model.add(layers.Dense(2))
        break
    out = model.output
    """
    )
    assert not followed(interp, "out")


# ------------------------------------------------------------------ arithmetic
def test_power_and_python2_range() -> None:
    interp = run("""
        from six.moves import range
        a = 2 ** 3
        b = 10 ** 1000
        c = 2
        c **= 4
        n = 0
        for i in range(5):
            n += 1
    """)
    assert interp.globals["a"] == 8
    assert not isinstance(interp.globals["b"], int)  # no huge numbers
    assert (interp.globals["c"], interp.globals["n"]) == (16, 5)


# --------------------------------------------------------- models used as layers
def test_functional_model_called_on_a_tensor() -> None:
    # keras 3.15 and tf_keras: processed.shape == (None, 128), model.output_shape == (None, 1)
    code = """
        from tensorflow.keras.layers import Dense, Input
        from tensorflow.keras.models import Model

        def create_base_network(input_shape):
            inp = Input(shape=input_shape)
            return Model(inp, Dense(128, activation="relu")(inp))

        base_network = create_base_network((784,))
        input_a = Input(shape=(784,))
        processed = base_network(input_a)
        out = Dense(1)(processed)
        model = Model(input_a, out)
        y = model.output
    """
    interp = run(code)
    assert shape(interp, "processed") == "(None, 128)"
    assert shape(interp, "y") == "(None, 1)"


def test_model_called_on_a_tensor_of_another_rank_is_not_followed() -> None:
    # keras 3.15: a model whose Input is (None, 784) called on (None, 784, 1) gives (None, 784, 8)
    # (Dense on the last axis); other ranks are adapted or refused: unknown, never a finding
    code = """
        import keras
        from keras import layers
        inp = keras.Input(shape=(784,))
        base = keras.Model(inp, layers.Dense(8)(inp))
        a = base(keras.Input(shape=(784, 1)))
        c = layers.LSTM(4)(a)
    """
    interp = run(code)
    assert not followed(interp, "a")
    assert codes(code) == []


def test_decoder_of_an_encoder_list_output() -> None:
    # tf_keras (variational_autoencoder.py): vae.output_shape == (None, 784)
    interp = run("""
        from keras.layers import Dense, Input
        from keras.models import Model
        inputs = Input(shape=(784,))
        h = Dense(512)(inputs)
        z_mean, z_log_var = Dense(2)(h), Dense(2)(h)
        encoder = Model(inputs, [z_mean, z_log_var, z_mean])
        latent = Input(shape=(2,))
        decoder = Model(latent, Dense(784, activation="sigmoid")(Dense(512)(latent)))
        outputs = decoder(encoder(inputs)[2])
    """)
    assert shape(interp, "outputs") == "(None, 784)"


def test_loop_calling_a_function_that_changes_a_model_or_a_global_keeps_the_rank() -> None:
    # 100 Conv1D(8, 3) shorten the sequence by 200 in Keras: one iteration must not stand for all
    code = """
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((300, 4))])
        def grow():
            model.add(layers.Conv1D(8, 3))
        for _ in range(100):
            grow()
        out = model.output

        inp = keras.Input((300, 4))
        x = inp
        def step():
            global x
            x = layers.Conv1D(8, 3)(x)
        for _ in range(100):
            step()
        y = x
    """
    interp = run(code)
    # the model a followed function grows, and the global it rebinds, keep only what every
    # iteration (the loop runs: at least one) gives alike: the rank and the width
    assert shape(interp, "out") == "(None, ?, 8)"
    assert shape(interp, "y") == "(None, ?, 8)"
    assert codes(code) == []


def test_deeply_nested_loops_stay_cheap() -> None:
    # each summarised level may run its body twice: deeper nests are forgotten, not explored
    code = "import sys\nimport keras\nfrom keras import layers\n"
    indent = ""
    for k in range(12):
        code += f"{indent}for v{k} in sys.argv:\n"
        indent += "    "
        code += f"{indent}w{k} = len(v{k})\n"
    code += f"{indent}total = 1\n"
    code += "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\nout = model.output\n"
    interp = run(code)
    assert shape(interp, "out") == "(None, 3)"
    assert interp.flow.steps < 1000
