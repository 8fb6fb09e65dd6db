"""Keras tier for ``tests/test_script_libraries.py``: the shapes lstmlint infers from ART's
loaders and from hyperas' ``data()`` are the ones Keras gives for arrays of those shapes."""

from __future__ import annotations

import os
import textwrap

import numpy as np
import pytest

from lstmlint.api import lint_source
from lstmlint.settings import Options

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf_keras = pytest.importorskip("tf_keras")

pytestmark = pytest.mark.keras


def test_art_cifar10_model_shapes_match_tf_keras() -> None:
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
    """
    result = lint_source(textwrap.dedent(code), options=Options(isolated=True, keras_version="2"))
    assert result.analysis is not None
    ours = [str(app.outputs[0].shape) for app in result.analysis.applications]
    layers = tf_keras.layers
    # ART's load_cifar10(): x_train (50000, 32, 32, 3), y_train (50000, 10)
    model = tf_keras.Sequential(
        [
            layers.Conv2D(32, (3, 3), input_shape=(32, 32, 3)),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dense(10),
        ]
    )
    theirs = [str(layer.output_shape) for layer in model.layers]
    assert ours == theirs


def test_hyperas_mistake_raises_in_tf_keras_where_reported() -> None:
    # tests/test_script_libraries.py::test_hyperas_data_reaches_the_checks: a Dense reading 784
    # features fit on mnist's unflattened (n, 28, 28) images
    def build() -> object:
        model = tf_keras.Sequential(
            [tf_keras.layers.Dense(256, input_shape=(784,)), tf_keras.layers.Dropout(0.5), tf_keras.layers.Dense(1)]
        )
        model.compile(loss="mse", optimizer="adam")
        return model

    with pytest.raises(ValueError):
        build().fit(np.zeros((8, 28, 28)), np.zeros((8,)), epochs=1, verbose=0)  # type: ignore[attr-defined]
    build().fit(np.zeros((8, 784)), np.zeros((8,)), epochs=1, verbose=0)  # type: ignore[attr-defined]


def test_hls4ml_concatenate_axes_from_a_reordered_shape_in_keras() -> None:
    keras = pytest.importorskip("keras")
    out = keras.layers.Concatenate(axis=1)([keras.Input(shape=[3, 10]), keras.Input(shape=[4, 10])])
    assert tuple(out.shape) == (None, 7, 10)


def test_art_tf2_classifier_model_shapes_in_keras() -> None:
    keras = pytest.importorskip("keras")
    layers = keras.layers
    x = keras.Input((28, 28, 1))
    shapes = []
    for layer in (
        layers.Conv2D(filters=4, kernel_size=5, activation="relu"),
        layers.MaxPool2D(pool_size=(2, 2), strides=(2, 2), padding="valid"),
        layers.Flatten(),
        layers.Dense(10),
    ):
        x = layer(x)
        shapes.append(str(tuple(x.shape)))
    assert shapes == ["(None, 24, 24, 4)", "(None, 12, 12, 4)", "(None, 576)", "(None, 10)"]
