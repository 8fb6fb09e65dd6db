"""Layer outputs the analysis knows fully on real scripts (issue 10, script corpus):

* string methods of known strings (``method.lower()`` choosing a custom layer's operator);
* a builder of no parameters that another function calls (``def small_cnn():`` fitted in
  ``main()``) is followed inside its caller first, not on its own with nothing known;
* ``len`` of an unknown value (``Dense(len(chars))``) is a size named after the call.
"""

from __future__ import annotations

import textwrap

from interpreted import interpret

from lstmlint.api import lint_source
from lstmlint.graph.model import Analysis
from lstmlint.report.coverage import file_coverage, known_level, lost_reasons
from lstmlint.settings import Options
from lstmlint.shapes import Sym
from lstmlint.shapes.dims import same


def analyse(code: str, keras: str = "3") -> Analysis:
    result = lint_source(textwrap.dedent(code), "model.py", Options(isolated=True, keras_version=keras))
    assert result.internal_error is None, result.internal_error
    assert result.analysis is not None
    return result.analysis


def layer_shapes(analysis: Analysis) -> list[tuple[str, str]]:
    return [(a.layer.cfg.display, ", ".join(str(t.shape) for t in a.outputs)) for a in analysis.applications]


# --------------------------------------------------------------------------- strings


def test_string_methods_of_known_strings_are_computed() -> None:
    g = interpret(
        """
        mode = " Hadamard ".strip().lower()
        upper = "avg".upper()
        starts = "avg_pool".startswith(("avg", "max"))
        ends = "conv2d".endswith("1d")
        parts = "a,b,c".split(",")
        words = "x y".split()
        joined = "_".join(["res", "2a"])
        renamed = "conv_1".replace("conv", "dense")
        digits = "123".isdigit()
        """
    ).globals
    assert g["mode"] == "hadamard"
    assert g["upper"] == "AVG"
    assert g["starts"] is True
    assert g["ends"] is False
    assert list(g["parts"]) == ["a", "b", "c"]
    assert list(g["words"]) == ["x", "y"]
    assert g["joined"] == "res_2a"
    assert g["renamed"] == "dense_1"
    assert g["digits"] is True


def test_string_methods_stay_unknown_on_what_python_would_refuse_or_is_not_known() -> None:
    g = interpret(
        """
        import os
        a = "abc".split("")
        b = "abc".startswith(["a"])
        c = "abc".lower(1)
        d = "abc".replace("a", os.environ["X"])
        e = "{}".format(3)
        f = "abc".strip(chars="a")
        """
    ).globals
    for name in "abcdef":
        assert not isinstance(g[name], (str, bool, list)), (name, g[name])


LINK = """
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras.layers import Average, Concatenate, Layer


    class LinkEmbedding(Layer):
        def __init__(self, method="ip", **kwargs):
            super().__init__(**kwargs)
            self.method = method.lower()

        def call(self, x):
            x0, x1 = x
            if self.method in ["ip", "dot"]:
                out = tf.reduce_sum(x0 * x1, axis=-1, keepdims=True)
            elif self.method == "l1":
                out = tf.abs(x0 - x1)
            elif self.method in ["mul", "hadamard"]:
                out = tf.multiply(x0, x1)
            elif self.method == "concat":
                out = Concatenate()([x0, x1])
            else:
                out = Average()([x0, x1])
            return out


    src = keras.Input(shape=(1, 100))
    dst = keras.Input(shape=(1, 100))
    out = LinkEmbedding(method="MUL")([src, dst])
    cat = LinkEmbedding(method="Concat")([src, dst])
    model = keras.Model([src, dst], [out, cat])
"""


def test_a_method_name_lowered_in_init_chooses_the_branch_of_call() -> None:
    # before: `method.lower()` was unknown, every branch ran and their outputs (100 and 200
    # wide) were joined to `(None, 1, ?)`
    analysis = analyse(LINK, keras="2")
    shapes = dict(layer_shapes(analysis))
    assert [str(t.shape) for t in analysis.models[0].outputs] == ["(None, 1, 100)", "(None, 1, 200)"]
    assert shapes["Concatenate"] == "(None, 1, 200)"
    assert "Average" not in shapes  # the `else` branch is never taken
    assert all(known_level(a.outputs) == "full" for a in analysis.applications)


# ----------------------------------------------------------------- callers first

BUILDER = """
    import numpy as np
    import tensorflow as tf


    def small_cnn():
        model = tf.keras.models.Sequential()
        model.add(tf.keras.layers.RandomFlip("horizontal"))
        model.add(tf.keras.layers.Conv2D(8, (3, 3)))
        model.add(tf.keras.layers.Flatten())
        model.add(tf.keras.layers.Dense(10))
        return model


    def main(argv):
        x = np.zeros((16, 32, 32, 3), dtype=np.float32)
        y = np.zeros((16,), dtype=np.int32)
        model = small_cnn()
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=1)
"""


def test_a_builder_without_parameters_is_followed_first_inside_the_function_that_fits_it() -> None:
    # `main` is never called in the file (`app.run(main)`): both are checked on their own, and
    # `small_cnn` no longer first alone, where its Sequential never gets an input
    analysis = analyse(BUILDER, keras="2")
    assert layer_shapes(analysis) == [
        ("RandomFlip", "(None, 32, 32, 3)"),
        ("Conv2D", "(None, 30, 30, 8)"),
        ("Flatten", "(None, 7200)"),
        ("Dense", "(None, 10)"),
    ]
    cov = file_coverage(analysis)
    assert (cov.models_followed, cov.models) == (1, 1)
    assert not lost_reasons(analysis.models[0])


def test_a_builder_no_caller_reaches_is_still_checked_on_its_own() -> None:
    code = BUILDER.replace(
        "        model = small_cnn()\n",
        "        if argv is not None:\n            return\n        model = small_cnn()\n",
    )
    code = code.replace("def main(argv):", "def main(argv=()):")
    analysis = analyse(code, keras="2")
    # `main` returns before its call: `small_cnn` is checked afterwards, on its own (its
    # Sequential never gets an input there)
    assert [name for name, _ in layer_shapes(analysis)] == ["RandomFlip", "Conv2D", "Flatten", "Dense"]
    assert layer_shapes(analysis)[-1] == ("Dense", "(None, 10)")
    assert known_level(analysis.applications[0].outputs) == "unknown"


def test_a_builder_taking_parameters_keeps_its_own_check_first() -> None:
    code = """
        import keras
        from keras import layers


        def block(width):
            inputs = keras.Input(shape=(8,))
            return keras.Model(inputs, layers.Dense(width)(inputs))


        def main():
            return block(4)
    """
    analysis = analyse(code)
    # once on its own (symbolic `width`), once through `main`
    assert sorted(str(m.outputs[0].shape) for m in analysis.models) == ["(None, 4)", "(None, width)"]


# ----------------------------------------------------------------------- len


def test_len_of_unknown_data_is_a_size_named_after_the_call() -> None:
    code = """
        import numpy as np
        import keras
        from keras import layers

        with open("text.txt") as f:
            text = f.read().lower()
        chars = sorted(list(set(text)))
        model = keras.Sequential()
        model.add(layers.LSTM(128, input_shape=(40, len(chars))))
        model.add(layers.Dense(len(chars), activation="softmax"))
    """
    analysis = analyse(code, keras="2")
    assert layer_shapes(analysis) == [("LSTM", "(None, 128)"), ("Dense", "(None, len(chars))")]
    assert all(known_level(a.outputs) == "full" for a in analysis.applications)


def test_two_lens_of_unknown_values_are_never_taken_for_equal() -> None:
    g = interpret(
        """
        import os
        chars = os.environ["CHARS"]
        a = len(chars)
        b = len(chars)
        c = len([1, 2, 3])
        """
    ).globals
    a, b = g["a"], g["b"]
    assert isinstance(a, Sym) and isinstance(b, Sym)
    assert same(a, b) is None  # `chars` may have changed in between: undecided, never equal
    assert g["c"] == 3


# ------------------------------------------------- a TF1 pipeline's batch, reshaped

PIPELINE = """
    import numpy as np
    import tensorflow as tf
    from keras import layers

    batch_size = 100
    batch_shape = (batch_size, 28, 28, 1)
    x_batch, y_batch = tf.train.shuffle_batch(tensors=[images, labels], batch_size=batch_size)
    x_batch = tf.cast(x_batch, tf.float32)
    x_batch = tf.reshape(x_batch, shape=batch_shape)
    flat = tf.reshape(x_batch, [-1, 784])
    listed = x_batch.get_shape().as_list()
    inp = layers.Input(tensor=x_batch)
    out = layers.Conv2D(32, (3, 3))(inp)
"""


def test_tf_reshape_of_an_unknown_batch_has_the_target_shape_in_keras2() -> None:
    g = interpret(PIPELINE, "2").globals
    assert tuple(g["x_batch"].dims) == (100, 28, 28, 1)
    assert tuple(g["flat"].dims) == (100, 784)  # of the known batch: the `-1` computed
    assert g["listed"] == [100, 28, 28, 1]  # `get_shape()` keeps the batch known
    assert str(g["inp"].shape) == "(100, 28, 28, 1)"
    assert str(g["out"].shape) == "(100, 26, 26, 32)"


def test_tf_reshape_of_an_unknown_value_is_not_assumed_data_in_keras3() -> None:
    # under Keras 3 the unknown value may be a Keras tensor, and `Input(tensor=data)` is an
    # error there (LST107): nothing is assumed, nothing reported
    code = PIPELINE.replace("from keras import layers", "import keras\n    from keras import layers")
    g = interpret(code, "3").globals
    assert not hasattr(g["x_batch"], "dims")
    assert not any(d.startswith("LST1") for d in codes_of(code, "3"))


def test_tf_reshape_with_a_minus_one_leaves_that_axis_unknown() -> None:
    g = interpret(
        """
        import tensorflow as tf
        raw = tf.io.decode_raw(record, tf.uint8)
        a = tf.reshape(tf.cast(raw, tf.float32), (-1, 28, 28))
        """,
        "2",
    ).globals
    assert str(g["a"].dims[1:]) == "(28, 28)"
    assert not isinstance(g["a"].dims[0], int)


def codes_of(code: str, keras: str) -> list[str]:
    result = lint_source(textwrap.dedent(code), "model.py", Options(isolated=True, keras_version=keras))
    return [d.code for d in result.diagnostics]
