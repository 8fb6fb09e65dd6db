"""Example scripts (issue 10): data from NumPy on unknown arrays, Keras 2's scikit-learn
wrappers under ``GridSearchCV``, ``tf.data`` iterators feeding ``Input(tensor=...)``, hyperas'
numeric templates (fast tier).

Keras ground truth: the corpus pairs ``example_numpy_reshape_unknown_data`` and
``example_tf_data_iterator_input_tensor`` (run by ``tests/test_corpus.py``). The scikit-learn
wrapper left Keras with TensorFlow 2.12 (tf_keras 2.21 has no ``wrappers``) and scikit-learn is
not installed here: its semantics are read from Keras 2.3's ``keras/wrappers/scikit_learn.py``
(``fit`` calls ``build_fn(**sk_params it takes)``, then ``model.fit(x, y)``; a classifier passes
one-hot labels on as they are).
"""

from __future__ import annotations

import textwrap

import libcst as cst

from lstmlint.api import lint_source
from lstmlint.interp import Context
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.report.coverage import file_coverage
from lstmlint.settings import Options


def lint(code: str, keras: str = "2") -> list[tuple[int, str, str]]:
    result = lint_source(textwrap.dedent(code), "model.py", Options(keras_version=keras))
    assert result.internal_error is None, result.internal_error
    return [(d.line, d.severity.value, d.code) for d in result.diagnostics]


def analysis(code: str, keras: str = "2"):  # type: ignore[no-untyped-def]
    result = lint_source(textwrap.dedent(code), "model.py", Options(keras_version=keras))
    assert result.internal_error is None, result.internal_error
    return result.analysis


def value_of(code: str, name: str) -> object:
    ctx = Context(cst.parse_module(textwrap.dedent(code)))
    ctx.run()
    return ctx.globals[name]


def shapes(code: str, keras: str = "2") -> list[str]:
    an = analysis(code, keras)
    return [str(a.outputs[0].shape) for a in an.applications]


# ------------------------------------------------------------------ NumPy on unknown data
def test_reshape_of_unknown_data_has_the_target_shape() -> None:
    code = """
    import numpy as np
    raw = np.frombuffer(open("x.bin", "rb").read(), dtype=np.float32)
    x = np.reshape(raw, (raw.shape[0] // 784, 28, 28, 1))
    h = np.reshape(raw, (-1, 28, 28))
    k = np.reshape(raw, newshape=(10, -1, 2, -1))
    """
    x = value_of(code, "x")
    assert isinstance(x, ArrayValue) and x.dims[1:] == (28, 28, 1)
    h = value_of(code, "h")
    assert isinstance(h, ArrayValue) and str(h.dims[0]) == "?" and h.dims[1:] == (28, 28)
    assert not isinstance(value_of(code, "k"), ArrayValue)  # two -1: NumPy raises


def test_append_keeps_the_other_axes_even_of_unknown_values() -> None:
    code = """
    import numpy as np
    a = np.zeros((5, 3, 2))
    b = np.append(a, np.zeros((4, 3, 2)), axis=0)
    c = np.append(a, something_unknown(), axis=0)
    d = np.append(a, np.zeros((4, 3, 2)))
    e = np.append(a, np.zeros((4, 2)), axis=0)
    """
    b, c, d = value_of(code, "b"), value_of(code, "c"), value_of(code, "d")
    assert isinstance(b, ArrayValue) and b.dims == (9, 3, 2)
    assert isinstance(c, ArrayValue) and str(c.dims[0]) == "?" and c.dims[1:] == (3, 2)
    assert isinstance(d, ArrayValue) and d.dims == (54,)
    assert not isinstance(value_of(code, "e"), ArrayValue)  # NumPy raises: not followed


def test_append_in_a_loop_settles_on_the_other_axes() -> None:
    code = """
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Conv2D, Flatten, Dense

    def generate(x_clean, sources=np.arange(10)):
        x_poison = np.copy(x_clean)
        for src in sources:
            x_poison = np.append(x_poison, add_pattern(x_clean, src), axis=0)
        return x_poison

    x = np.expand_dims(generate(np.zeros((100, 28, 28))), axis=3)
    order = np.arange(np.shape(x)[0])
    x = x[order]
    model = Sequential()
    model.add(Conv2D(8, (3, 3), input_shape=x.shape[1:]))
    model.add(Flatten())
    model.add(Dense(10))
    """
    assert shapes(code) == ["(None, 26, 26, 8)", "(None, 5408)", "(None, 10)"]


# ------------------------------------------------------------ scikit-learn wrappers
WRAPPED = """
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense
from keras.wrappers.scikit_learn import KerasClassifier
from sklearn.model_selection import GridSearchCV

x_train = np.zeros((600, 28, 28, 1))
y_train = np.zeros((600, 10))

def make_model(dense_layer_sizes, filters, kernel_size):
    model = Sequential()
    model.add(Conv2D(filters, kernel_size, input_shape=INPUT))
    model.add(Flatten())
    for size in dense_layer_sizes:
        model.add(Dense(size))
    model.add(Dense(10))
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    return model

classifier = KerasClassifier(make_model, batch_size=32)
search = GridSearchCV(classifier, param_grid={"dense_layer_sizes": [[32], [64, 64]], "epochs": [3, 6],
                      "filters": [8], "kernel_size": [3]}, scoring="neg_log_loss", n_jobs=1)
search.fit(x_train, y_train)
"""


def test_grid_search_builds_each_combination_and_fits_it() -> None:
    an = analysis(WRAPPED.replace("INPUT", "(28, 28, 1)"))
    assert len(an.models) == 2  # the two dense_layer_sizes; epochs is a fit parameter
    assert sorted(len(m.applications) for m in an.models) == [4, 5]
    assert all(str(a.outputs[0].shape) != "?" for a in an.applications)
    # the combinations count once per layer call in the coverage figures
    cov = file_coverage(an)
    assert (cov.layers_known, cov.layers, cov.models_followed, cov.models) == (5, 5, 1, 1)
    assert lint(WRAPPED.replace("INPUT", "(28, 28, 1)")) == []


def test_grid_search_fit_checks_the_data_against_the_model() -> None:
    found = lint(WRAPPED.replace("INPUT", "(28, 28, 3)"))
    last = len(textwrap.dedent(WRAPPED).rstrip("\n").splitlines())
    assert found and {line for line, _, _ in found} == {last}
    assert {sev for _, sev, _ in found} == {"error"}


def test_wrapper_fit_passes_only_one_hot_labels_on() -> None:
    code = """
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense
    from keras.wrappers.scikit_learn import KerasClassifier, KerasRegressor

    def build(units=4):
        model = Sequential()
        model.add(Dense(units, input_dim=8))
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        return model

    x = np.zeros((50, 8))
    KerasClassifier(build_fn=build, units=3, epochs=2).fit(x, np.zeros((50,)))
    KerasClassifier(build_fn=build, units=3).fit(x, np.zeros((50, 1)))
    """
    # 1-D labels become class indices, then one-hot rows of the classes present: not followed
    assert lint(code) == []
    an = analysis(code)
    assert [str(a.outputs[0].shape) for a in an.applications] == ["(None, 3)", "(None, 3)"]


def test_wrapper_whose_parameters_are_not_known_is_not_followed() -> None:
    code = """
    from keras.wrappers.scikit_learn import KerasClassifier
    from sklearn.model_selection import GridSearchCV
    clf = KerasClassifier(build_fn=make_model_elsewhere)
    GridSearchCV(clf, param_grid=grid_from_a_file()).fit(X, y)
    """
    assert lint(code) == []


# ------------------------------------------------------------------ tf.data iterators
ITERATED = """
import numpy as np
import tensorflow as tf
import keras
from keras import layers

x = np.zeros((600, 28, 28, 1), dtype=np.float32)
y = np.zeros((600, 10), dtype=np.float32)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).repeat().shuffle(100).batch(32)
inputs, targets = GET
model_input = layers.Input(tensor=inputs)
h = layers.Flatten()(model_input)
out = layers.Dense(10)(h)
model = keras.models.Model(model_input, out)
"""


def test_iterators_give_one_batch() -> None:
    for get in (
        "next(iter(dataset))",
        "dataset.make_one_shot_iterator().get_next()",
        "tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()",
    ):
        code = ITERATED.replace("GET", get)
        inputs = value_of(code, "inputs")
        assert isinstance(inputs, ArrayValue) and inputs.dims == (None, 28, 28, 1), get
        assert shapes(code) == ["(None, 784)", "(None, 10)"], get


def test_input_tensor_of_a_tensorflow_tensor_is_keras_2_only() -> None:
    code = ITERATED.replace("GET", "next(iter(dataset))")
    # Keras 3 wants a KerasTensor ("Argument `input_tensor` must be a KerasTensor"): refused
    assert shapes(code, keras="3") == ["(unknown)", "(unknown)"]
    assert lint(code, keras="3") == [(11, "error", "LST107")]


def test_unbatched_dataset_gives_one_element() -> None:
    code = ITERATED.replace(".batch(32)", "").replace("GET", "next(iter(dataset))")
    inputs = value_of(code, "inputs")
    assert isinstance(inputs, ArrayValue) and inputs.dims == (28, 28, 1)


# ------------------------------------------------------------------ hyperas numbers
def test_int_of_a_hyperas_number_is_a_named_size() -> None:
    code = """
    from hyperas import optim
    from hyperas.distributions import quniform, uniform
    from keras.models import Sequential
    from keras.layers import Dense, Dropout
    import numpy as np

    def data():
        x_train = np.zeros((100, 784))
        y_train = np.zeros((100, 10))
        return x_train, y_train

    def create_model(x_train, y_train):
        size = {{quniform(12, 256, 4)}}
        model = Sequential()
        model.add(Dense(int(size), activation='relu'))
        model.add(Dropout({{uniform(0.001, 0.7)}}))
        model.add(Dense(10, activation='softmax'))
        model.compile(loss='categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
        return {'loss': 0, 'model': model}

    best_run, best_model = optim.minimize(model=create_model, data=data, algo=None, max_evals=2, trials=None)
    """
    assert shapes(code) == ["(None, int(quniform(12, 256, 4)))"] * 2 + ["(None, 10)"]
    assert lint(code) == []


def test_input_tensor_of_a_keras_tensor_has_its_shape() -> None:
    # measured: keras 3.15 and tf_keras 2.21 both give Input(tensor=Dense(4)(Input((5, 3)))) (None, 5, 4)
    code = """
    import keras
    from keras import layers
    a = keras.Input((5, 3))
    b = keras.Input(tensor=layers.Dense(4)(a))
    c = layers.LSTM(2)(b)
    """
    for keras_version in ("2", "3"):
        assert shapes(code, keras_version) == ["(None, 5, 4)", "(None, 2)"]


def test_a_combination_keras_refuses_to_build_is_reported() -> None:
    # the 40x40 kernel of one combination is larger than the 28x28 images: Keras refuses that model
    code = WRAPPED.replace("INPUT", "(28, 28, 1)").replace('"kernel_size": [3]', '"kernel_size": [3, 40]')
    line = next(i for i, text in enumerate(textwrap.dedent(code).splitlines(), 1) if "Conv2D(" in text)
    assert lint(code) == [(line, "error", "LST105")]
