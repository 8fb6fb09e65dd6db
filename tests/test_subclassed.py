"""Subclassed models and custom layers followed under the shapes they receive (fast tier).

Keras ground truth for each construct is in the corpus pairs ``tests/corpus/subclass_*`` and
``keras2_custom_layer_*`` (built and run by ``tests/test_corpus.py``); the facts used here:

* a subclassed model is built from the first data ``fit``/``predict`` give it (arrays or a
  ``tf.data`` pipeline), by ``build(shape)`` or by ``model(x)``, and runs ``call`` on each later
  batch: a batch of another rank fails in the layer that refuses it;
* a custom layer runs ``build(input_shape)`` on its first call; ``add_weight(shape=...)`` makes
  a weight of that shape; Keras 2 custom layers may declare ``compute_output_shape``.
"""

from __future__ import annotations

import textwrap

from lstmlint.api import lint_source
from lstmlint.report.coverage import file_coverage
from lstmlint.settings import Options

HEAD = """\
import numpy as np
import tensorflow as tf
import keras
from keras import layers
"""

HEAD2 = """\
import numpy as np
import tf_keras as keras
from tf_keras import layers
from tf_keras import backend as K
"""

GRU_MODEL = """
class Tagger(keras.Model):
    def __init__(self, n_classes):
        super().__init__()
        self.emb = layers.Embedding(100, 8)
        self.gru = layers.GRU(16)
        self.out = layers.Dense(n_classes, activation="softmax")

    def call(self, x):
        return self.out(self.gru(self.emb(x)))
"""


def lint(code: str, keras: str = "3") -> list[tuple[int, str, str]]:
    result = lint_source(textwrap.dedent(code), "model.py", Options(keras_version=keras))
    assert result.internal_error is None, result.internal_error
    return [(d.line, d.severity.value, d.code) for d in result.diagnostics]


def coverage(code: str, keras: str = "3") -> tuple[int, int, int, int]:
    """(layer applications fully known, all, models followed to the end, all)."""
    result = lint_source(textwrap.dedent(code), "model.py", Options(keras_version=keras))
    assert result.internal_error is None, result.internal_error
    cov = file_coverage(result.analysis)
    return cov.layers_known, cov.layers, cov.models_followed, cov.models


def line_of(code: str, text: str) -> int:
    """The 1-based line of the first line of ``code`` containing ``text``."""
    for i, line in enumerate(textwrap.dedent(code).splitlines(), 1):
        if text in line:
            return i
    raise AssertionError(text)


# ------------------------------------------------------------------ subclassed models
def test_subclassed_model_fed_by_tf_data_is_followed_and_its_target_checked() -> None:
    code = (
        HEAD
        + GRU_MODEL
        + """
x = np.zeros((64, 10), dtype="int32")
y = np.zeros((64, 5))
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8)
model = Tagger(3)
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(ds, epochs=1)
"""
    )
    assert lint(code) == [(line_of(code, "model.fit("), "error", "LST205")]
    assert lint(code.replace("np.zeros((64, 5))", "np.zeros((64, 3))")) == []
    known, layers, followed, models = coverage(code.replace("np.zeros((64, 5))", "np.zeros((64, 3))"))
    assert (known, layers, followed, models) == (3, 3, 1, 1)


def test_subclassed_model_built_from_a_list_shape() -> None:
    code = (
        HEAD
        + """
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(16)
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(self.hidden(x))


model = Net()
model.build([None, 7])
model.summary()
model.compile(loss="mse", optimizer="adam")
model.fit(np.zeros((10, 7)), np.zeros((10, 4)))
"""
    )
    assert lint(code) == [(line_of(code, "model.fit("), "error", "LST205")]
    assert lint(code.replace("np.zeros((10, 4))", "np.zeros((10, 3))")) == []


def test_data_of_another_rank_after_the_first_call_is_followed_again() -> None:
    code = (
        HEAD
        + """
class Seq(keras.Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(8)
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.lstm(x))


model = Seq()
out = model(keras.Input((12, 3)))
model.compile(loss="mse", optimizer="adam")
model.fit(np.zeros((20, 12, 3)), np.zeros((20, 1)))
model.predict(np.zeros((20, 12)))
"""
    )
    # the LSTM refuses the 2-D batch of `predict`, inside `call`
    assert lint(code) == [(line_of(code, "self.lstm(x)"), "error", "LST101")]
    assert lint(code.replace("np.zeros((20, 12)))", "np.zeros((5, 12, 3)))")) == []


def test_unbatched_dataset_elements_are_batches() -> None:
    code = (
        HEAD
        + GRU_MODEL
        + """
x = np.zeros((64, 10), dtype="int32")
ds = tf.data.Dataset.from_tensor_slices(x)
model = Tagger(3)
model.predict(ds)
"""
    )
    # each element (10,) is taken as a batch of 10 scalars: Embedding gives (None, 8), and the
    # GRU refuses it; Keras 3.15 raises the same (measured)
    assert lint(code) == [(line_of(code, "self.gru(self.emb(x))"), "error", "LST101")]


# ------------------------------------------------------------------ custom layers
LINEAR = """
class Linear(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="zeros")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, x):
        return keras.ops.matmul(x, self.w) + self.b
"""


def test_custom_layer_build_and_add_weight_give_the_output_shape() -> None:
    code = (
        HEAD
        + LINEAR
        + """
inp = keras.Input((5,))
h = Linear(7)(inp)
h = layers.LSTM(3)(h)
"""
    )
    assert lint(code) == [(line_of(code, "layers.LSTM(3)"), "error", "LST101")]
    good = code.replace("layers.LSTM(3)(h)", "layers.Dense(3)(h)\nmodel = keras.Model(inp, h)")
    assert lint(good) == []
    assert coverage(good) == (2, 2, 1, 1)  # the custom layer is an application of the graph


def test_custom_layer_without_a_followed_call_uses_compute_output_shape() -> None:
    code = (
        HEAD2
        + """
class Doubler(layers.Layer):
    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        shape[-1] *= 2
        return tuple(shape)

    def call(self, inputs):
        return K.some_backend_function_nobody_knows(inputs)


model = keras.Sequential()
model.add(layers.Dense(16, input_shape=(8,)))
model.add(Doubler())
model.add(layers.LSTM(4))
"""
    )
    assert lint(code, keras="2") == [(line_of(code, "layers.LSTM(4)"), "error", "LST101")]
    assert lint(code.replace("layers.LSTM(4)", "layers.Dense(4)"), keras="2") == []


def test_custom_layer_with_nothing_to_follow_stays_unknown() -> None:
    code = (
        HEAD2
        + """
class Opaque(layers.Layer):
    def call(self, inputs):
        return K.some_backend_function_nobody_knows(inputs)


inp = keras.Input((8,))
h = Opaque()(inp)
h = layers.LSTM(4)(h)
"""
    )
    assert lint(code, keras="2") == []


# ------------------------------------------------------------------ model.layers
CHAIN = """
inp = keras.Input((10, 4))
h = layers.LSTM(8, return_sequences=True)(inp)
h = layers.LSTM(6)(h)
out = layers.Dense(3)(h)
model = keras.Model(inp, out)
"""


def test_functional_layers_index_builds_a_truncated_model() -> None:
    code = (
        HEAD
        + CHAIN
        + """
for layer in model.layers:
    layer.trainable = False
features = keras.Model(inputs=model.input, outputs=model.layers[-2].output)
z = layers.Dense(2)(features.output)
head = keras.Model(features.input, z)
head.compile(loss="mse", optimizer="adam")
head.fit(np.zeros((5, 10, 4)), np.zeros((5, 3)))
"""
    )
    assert lint(code) == [(line_of(code, "head.fit("), "error", "LST205")]
    assert lint(code.replace("np.zeros((5, 3))", "np.zeros((5, 2))")) == []


def test_functional_layers_index_zero_is_the_input_layer() -> None:
    code = (
        HEAD
        + CHAIN
        + """
first = model.layers[1]
again = first(keras.Input((7, 4)))
again = layers.LSTM(2)(again)
"""
    )
    # model.layers[0] is the InputLayer: [1] is the first LSTM, whose sequences feed an LSTM
    assert lint(code) == []
    bad = code.replace("model.layers[1]", "model.layers[2]")
    # [2] is the second LSTM (no return_sequences): its 2-D output refused by the next LSTM
    assert lint(bad) == [(line_of(bad, "layers.LSTM(2)(again)"), "error", "LST101")]


def test_branching_functional_graph_gives_unknown_layers_never_an_error() -> None:
    code = (
        HEAD
        + """
inp = keras.Input((10, 4))
a = layers.LSTM(8)(inp)
b = layers.GRU(5)(inp)
out = layers.Dense(3)(layers.Concatenate()([a, b]))
model = keras.Model(inp, out)
x = model.layers[2].output
y = layers.LSTM(2)(x)
"""
    )
    assert lint(code) == []


def test_keras2_layer_output_shape_and_constructor_arguments() -> None:
    code = (
        HEAD2
        + """
seq = keras.Sequential([layers.Dense(5, input_shape=(7,)), layers.Dense(2)])
width = seq.layers[0].units
shape = seq.layers[-1].output_shape
a = keras.Input((width,))
b = keras.Input(shape[1:])
c = layers.LSTM(3)(b)
"""
    )
    assert lint(code, keras="2") == [(line_of(code, "layers.LSTM(3)(b)"), "error", "LST101")]


# ------------------------------------------------------------------ Embedding(weights=)
EMBED = """
matrix = np.zeros((100, 50))
inp = keras.Input((10,))
x = layers.Embedding(100, 32, weights=[matrix])(inp)
"""


def test_embedding_weights_of_another_shape_are_refused_in_both_versions() -> None:
    code = HEAD + EMBED
    line = line_of(code, "layers.Embedding")
    assert lint(code) == [(line, "error", "LST107")]
    assert lint(HEAD2 + EMBED, keras="2") == [(line, "error", "LST107")]
    assert lint(code.replace("Embedding(100, 32", "Embedding(100, 50")) == []


def test_embedding_weights_of_unknown_or_symbolic_shape() -> None:
    code = (
        HEAD
        + """
vocab = len(open("words.txt").read().split())
matrix = np.zeros((vocab + 1, 50))
inp = keras.Input((10,))
a = layers.Embedding(vocab + 1, 50, weights=[matrix])(inp)
b = layers.Embedding(vocab + 1, 32, weights=[matrix])(inp)
c = layers.Embedding(vocab, 50, weights=[load_the_matrix()])(inp)
"""
    )
    # only the known width differs; an unknown vocabulary size is never compared
    assert lint(code) == [(line_of(code, "b = layers.Embedding"), "error", "LST107")]


def test_embedding_constant_initializer_from_an_array_of_another_shape() -> None:
    code = (
        HEAD
        + """
matrix = np.zeros((100, 50))
inp = keras.Input((10,))
a = layers.Embedding(100, 32, embeddings_initializer=keras.initializers.Constant(matrix))(inp)
b = layers.Embedding(100, 50, embeddings_initializer=keras.initializers.Constant(matrix))(inp)
c = layers.Embedding(100, 50, embeddings_initializer=keras.initializers.Constant(np.zeros((50,))))(inp)
d = layers.Embedding(100, 50, embeddings_initializer=keras.initializers.Constant(0.5))(inp)
e = layers.Embedding(50, 100, embeddings_initializer=keras.initializers.Constant(matrix))(inp)
"""
    )
    # measured (keras 3.15, tf_keras 2.21): a is refused by both (Keras 3 broadcasts, Keras 2
    # reshapes as many values: neither fits); b and d build in both; c (broadcast) builds in
    # Keras 3 only, e (same 5,000 values) in Keras 2 only: not reported (the check holds for both)
    assert lint(code) == [(line_of(code, "a = layers.Embedding"), "error", "LST107")]


def test_keras2_layer_input_shape_of_a_layer_called_once() -> None:
    code = (
        HEAD2
        + """
model = keras.Sequential([layers.Dense(5, input_shape=(7,)), layers.Dense(2), layers.Dense(1)])
rest = keras.Input(model.layers[1].input_shape[1:])
x = rest
for layer in model.layers[1:]:
    x = layer(x)
tail = keras.Model(rest, x)
seq = layers.LSTM(3)(tail.output)
"""
    )
    # the tail rebuilt from `model.layers[1:]` on the second layer's input gives (None, 1)
    assert lint(code, keras="2") == [(line_of(code, "layers.LSTM(3)"), "error", "LST101")]


def test_custom_layer_parameters_are_the_weights_build_made() -> None:
    from lstmlint.graph.summary import summarize

    code = (
        HEAD
        + LINEAR
        + """
inp = keras.Input((5,))
h = Linear(7)(inp)
model = keras.Model(inp, layers.Dense(3)(h))
"""
    )
    result = lint_source(textwrap.dedent(code), "model.py", Options(keras_version="3"))
    (summary,) = summarize(result.analysis)
    # Keras: Linear has a (5, 7) kernel and a (7,) bias, 42; Dense(3) on 7 features, 24
    assert summary.total is not None and summary.total.total == 42 + 24


def test_subclassed_model_whose_build_makes_its_layers() -> None:
    code = (
        HEAD
        + """
class Net(keras.Model):
    def build(self, input_shape):
        self.hidden = layers.Dense(input_shape[-1] * 2)
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(self.hidden(x))


model = Net()
model.compile(loss="mse", optimizer="adam")
model.fit(np.zeros((10, 7)), np.zeros((10, 4)))
"""
    )
    # measured (keras 3.15): `__call__` runs the model's own `build` first; fit then fails on 4 vs 3
    assert lint(code) == [(line_of(code, "model.fit("), "error", "LST205")]
    assert lint(code.replace("np.zeros((10, 4))", "np.zeros((10, 3))")) == []
