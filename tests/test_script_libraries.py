"""Script-corpus constructs of issue 10 that come from libraries the lint path never imports:
ART's dataset loaders (``overlays/art.py``), hyperas' ``optim.minimize`` and ``{{choice}}``
templates (``overlays/hyperas.py``), and ``in`` on known strings and containers (the
evaluator). Fast tier: lstmlint's interpreter only. The loaders' shapes are read from ART 1.20's
``art/utils.py``; the Keras shapes these tests expect from them are checked in Keras by
``tests/test_script_libraries_keras.py``."""

from __future__ import annotations

import textwrap

import pytest
from interpreted import interpret as run

from lstmlint.api import lint_source
from lstmlint.codes import Code
from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.settings import Options
from lstmlint.shapes import UNKNOWN, Sym


def is_unknown(value: object) -> bool:
    """An unknown value, as a module-level name holds one (a symbol named after it)."""
    return value is UNKNOWN or (isinstance(value, Sym) and isinstance(value.key, tuple) and value.key[0] == "var")


def dims(value: object) -> tuple[object, ...]:
    assert isinstance(value, ArrayValue), value
    return value.dims


# ------------------------------------------------------------------ ART
@pytest.mark.parametrize(
    ("call", "x_train", "y_train", "x_test", "y_test", "bounds"),
    [
        ("load_mnist()", (60000, 28, 28, 1), (60000, 10), (10000, 28, 28, 1), (10000, 10), (0.0, 1.0)),
        ("load_mnist(raw=True)", (60000, 28, 28), (60000,), (10000, 28, 28), (10000,), (0.0, 255.0)),
        ("load_cifar10()", (50000, 32, 32, 3), (50000, 10), (10000, 32, 32, 3), (10000, 10), (0.0, 1.0)),
        ("load_stl()", (5000, 96, 96, 3), (5000, 10), (8000, 96, 96, 3), (8000, 10), (0.0, 1.0)),
        ('load_dataset(str("cifar10"))', (50000, 32, 32, 3), (50000, 10), (10000, 32, 32, 3), (10000, 10), (0.0, 1.0)),
        ('load_dataset("mnist")', (60000, 28, 28, 1), (60000, 10), (10000, 28, 28, 1), (10000, 10), (0.0, 1.0)),
        ('load_dataset("fashion_mnist")', (60000, 28, 28, 1), (60000, 10), (10000, 28, 28, 1), (10000, 10), (0.0, 1.0)),
    ],
)
def test_art_loaders(
    call: str,
    x_train: tuple[int, ...],
    y_train: tuple[int, ...],
    x_test: tuple[int, ...],
    y_test: tuple[int, ...],
    bounds: tuple[float, float],
) -> None:
    interp = run(
        f"""
        from art.utils import load_mnist, load_cifar10, load_stl, load_dataset
        (x_train, y_train), (x_test, y_test), min_, max_ = {call}
        """
    )
    g = interp.globals
    assert dims(g["x_train"]) == x_train and dims(g["y_train"]) == y_train
    assert dims(g["x_test"]) == x_test and dims(g["y_test"]) == y_test
    assert (g["min_"], g["max_"]) == bounds


def test_art_raw_cifar10_test_labels_are_a_list_and_stay_unknown() -> None:
    g = run("from art.utils import load_cifar10\n(a, b), (c, d), lo, hi = load_cifar10(raw=True)\n").globals
    assert dims(g["a"]) == (50000, 32, 32, 3) and dims(g["b"]) == (50000,) and dims(g["c"]) == (10000, 32, 32, 3)
    assert not isinstance(g["d"], ArrayValue)


def test_art_datasets_not_modelled_stay_unknown() -> None:
    g = run(
        "from art.utils import load_dataset\nname = input()\nd = load_dataset(name)\ne = load_dataset('iris')\n"
    ).globals
    assert not isinstance(g["d"], tuple) and not isinstance(g["e"], tuple)


def test_art_preprocess_and_to_categorical() -> None:
    g = run(
        """
        import numpy as np
        from art.utils import preprocess, to_categorical
        x, y = preprocess(np.zeros((50, 28, 28)), np.zeros((50,)))
        z = to_categorical(np.zeros((7,)), 3)
        """
    ).globals
    assert dims(g["x"]) == (50, 28, 28) and dims(g["y"]) == (50, 10) and dims(g["z"]) == (7, 3)


def test_art_model_is_followed_from_the_loaded_data() -> None:
    code = """
        from keras.models import Sequential
        from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
        from art.utils import load_dataset
        (x_train, y_train), (x_test, y_test), min_, max_ = load_dataset(str("cifar10"))
        model = Sequential()
        model.add(Conv2D(32, (3, 3), input_shape=x_train.shape[1:]))
        model.add(MaxPooling2D(pool_size=(2, 2)))
        model.add(Flatten())
        model.add(Dense(10))
        out = model.output
    """
    out = run(code, "2").globals["out"]
    assert isinstance(out, Tensor) and str(out.shape) == "(None, 10)"
    result = lint_source(textwrap.dedent(code), options=Options(isolated=True, keras_version="2"))
    assert result.analysis is not None
    shapes = [str(app.outputs[0].shape) for app in result.analysis.applications]
    assert shapes == ["(None, 30, 30, 32)", "(None, 15, 15, 32)", "(None, 7200)", "(None, 10)"]


# --------------------------------------------------------------- hyperas
HYPERAS = """
    from hyperas import optim
    from hyperas.distributions import choice, uniform
    from hyperopt import Trials, tpe
    from keras.datasets import mnist
    from keras.layers import Dense, Dropout
    from keras.models import Sequential


    def data():
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
        x_train = x_train.reshape(60000, 784)
        x_test = x_test.reshape(10000, 784)
        return x_train, y_train, x_test, y_test


    def create_model(x_train, y_train, x_test, y_test):
        model = Sequential()
        model.add(Dense({{choice([256, 512])}}, input_shape=x_train.shape[1:]))
        model.add(Dropout({{uniform(0, 1)}}))
        model.add(Dense(WIDTH))
        model.compile(loss="mse", optimizer="adam")
        model.fit(x_train, y_train, epochs=1)
        return {"loss": 0.0, "status": "ok", "model": model}


    if __name__ == "__main__":
        best_run, best_model = optim.minimize(model=create_model, data=data, algo=tpe.suggest, max_evals=5, trials=Trials())
        found = best_model
"""


def test_hyperas_model_reads_data_by_name() -> None:
    interp = run(HYPERAS.replace("WIDTH", "1"), "2")
    apps = interp.result.applications
    shapes = [str(app.outputs[0].shape) for app in apps]
    assert shapes == ["(None, choice([256, 512]))", "(None, choice([256, 512]))", "(None, 1)"]
    first = apps[0].outputs[0].shape.dims
    assert first is not None and isinstance(first[-1], Sym)
    # the best model is the "model" entry the model function returns
    assert interp.globals["found"] is not UNKNOWN and not isinstance(interp.globals["found"], Sym)


def test_hyperas_data_reaches_the_checks() -> None:
    # data() no longer flattens the images: the model that reads 784 features is fit on 28 x 28
    code = HYPERAS.replace("WIDTH", "1").replace("x_train.shape[1:]", "(784,)")
    code = code.replace("        x_train = x_train.reshape(60000, 784)\n", "")
    result = lint_source(textwrap.dedent(code), options=Options(isolated=True, keras_version="2"))
    found = [(d.span.line, d.code) for d in result.diagnostics]
    assert found == [(22, Code.FIT_INPUT_SHAPE_MISMATCH)], found
    # and without the mistake, nothing
    clean = lint_source(
        textwrap.dedent(HYPERAS.replace("WIDTH", "1")), options=Options(isolated=True, keras_version="2")
    )
    assert not clean.diagnostics


def test_hyperas_names_that_data_does_not_return_stay_unknown() -> None:
    code = HYPERAS.replace("WIDTH", "1").replace("def create_model(x_train,", "def create_model(other, x_train,")
    interp = run(code.replace("x_train.shape[1:]", "other.shape[1:]"), "2")
    assert str(interp.result.applications[0].outputs[0].shape) != "(None, choice([256, 512]))"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{choice([64, 128])}}", "sym"),
        ("{{choice([32, 32])}}", 32),
        ("{{choice(['relu', 'tanh'])}}", UNKNOWN),
        ("{{uniform(0, 1)}}", UNKNOWN),
        ("{1, 2}", UNKNOWN),
    ],
)
def test_hyperas_templates(template: str, expected: object) -> None:
    value = run(f"from hyperas.distributions import choice, uniform\nv = {template}\nw = v\n").globals["v"]
    if expected == "sym":
        assert isinstance(value, Sym) and value.name == template[2:-2]
    elif expected is UNKNOWN:
        assert is_unknown(value), value
    else:
        assert value == expected


def test_the_same_template_is_one_value() -> None:
    g = run(
        """
        from hyperas.distributions import choice
        def width():
            return {{choice([64, 128])}}
        a = width()
        b = width()
        """
    ).globals
    assert isinstance(g["a"], Sym) and g["a"] == g["b"]


# ------------------------------------------------------------------- in
@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("'2D' in 'MaxPooling2D'", True),
        ("'3D' not in 'MaxPooling2D'", True),
        ("3 in (1, 2, 3)", True),
        ("'relu' in ['tanh', 'sigmoid']", False),
        ("'a' in {'a': 1}", True),
        ("4 in (1, n)", UNKNOWN),
        ("'x' in name", UNKNOWN),
        ("x in [1, 2]", UNKNOWN),
    ],
)
def test_membership(expr: str, expected: object) -> None:
    value = run(f"import sys\nn = len(sys.argv)\nname = input()\nx = input()\nv = {expr}\n").globals["v"]
    assert is_unknown(value) if expected is UNKNOWN else value is expected, value


def test_membership_in_a_list_changed_by_path_is_unknown() -> None:
    g = run(
        """
        import sys
        items = [1]
        if len(sys.argv) > 2:
            items.append(2)
        v = 2 in items
        """
    ).globals
    assert is_unknown(g["v"]), g["v"]


# ------------------------------------------------------- list insert / pop
def test_list_insert_pop_reverse() -> None:
    g = run(
        """
        a = [1, 2, 3]
        b = a.pop()
        c = a.pop(0)
        a.insert(0, 5)
        a.reverse()
        shape = [10, 3]
        shape.insert(0, shape.pop(1))
        """
    ).globals
    assert (g["a"], g["b"], g["c"], g["shape"]) == ([2, 5], 3, 1, [3, 10])


def test_list_pop_of_unknown_contents_stays_unknown() -> None:
    g = run(
        """
        import sys
        a = [1, 2]
        if len(sys.argv) > 2:
            a.append(3)
        b = a.pop()
        """
    ).globals
    assert is_unknown(g["b"]), g["b"]


def test_hls4ml_concatenate_axes_from_a_reordered_shape() -> None:
    # hls4ml's test_concatenate2d: the shapes are reordered in place before the inputs are made
    g = run(
        """
        from keras.layers import Input, Concatenate
        axis = 1
        input_shape1 = [10, 3]
        input_shape2 = [10, 4]
        input_shape1.insert(axis - 1, input_shape1.pop(1))
        input_shape2.insert(axis - 1, input_shape2.pop(1))
        out = Concatenate(axis=axis)([Input(shape=input_shape1), Input(shape=input_shape2)])
        """
    ).globals
    assert isinstance(g["out"], Tensor) and str(g["out"].shape) == "(None, 7, 10)"


ART_TF2 = """
    import tensorflow as tf
    from tensorflow.keras import Model
    from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPool2D
    from art.estimators.classification import TensorFlowV2Classifier

    class TensorFlowModel(Model):
        def __init__(self):
            super().__init__()
            self.conv1 = Conv2D(filters=4, kernel_size=5, activation="relu")
            self.maxpool = MaxPool2D(pool_size=(2, 2), strides=(2, 2), padding="valid")
            self.flatten = Flatten()
            self.logits = Dense(10)

        def call(self, x):
            x = self.conv1(x)
            x = self.maxpool(x)
            x = self.flatten(x)
            return self.logits(x)

    model = TensorFlowModel()
    classifier = TensorFlowV2Classifier(model=model, nb_classes=10, input_shape=INPUT, clip_values=(0, 1))
"""


def test_art_tf2_classifier_runs_the_model_on_its_input_shape() -> None:
    interp = run(ART_TF2.replace("INPUT", "(28, 28, 1)"))
    shapes = [str(app.outputs[0].shape) for app in interp.result.applications]
    assert shapes == ["(None, 24, 24, 4)", "(None, 12, 12, 4)", "(None, 576)", "(None, 10)"]


@pytest.mark.parametrize("given", ["input_shape", "(28, 28, 1), channels_first=True"])
def test_art_tf2_classifier_without_a_known_input_shape_is_not_followed(given: str) -> None:
    interp = run(ART_TF2.replace("INPUT", given))
    shapes = [str(app.outputs[0].shape) for app in interp.result.applications]
    assert "(None, 24, 24, 4)" not in shapes  # checked on its own, on an input of unknown shape
