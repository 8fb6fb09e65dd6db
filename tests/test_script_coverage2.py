"""Shape coverage on script-style Keras code (issue 10), second part: ``tf.image`` functions in
``Lambda`` (``cifar10_cnn_tfaugment2d.py``) and ``len`` of a string (``image_ocr.py``). Fast
tier: lstmlint's interpreter only. Each expected shape was measured in tf_keras 2.21 / TF 2.21
by building ``Lambda(f)(Input((32, 20, 3)))`` (or ``(32, 32, 3)``) with the same function."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from lstmlint.api import lint_source
from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.settings import Options


def run(code: str) -> Interpreter:
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)))
    interp.run()
    return interp


def lambda_shape(body: str, input_shape: str = "(32, 20, 3)") -> str:
    interp = run(
        f"""
        import tensorflow as tf
        from tensorflow import keras
        x = keras.Input({input_shape})
        y = keras.layers.Lambda(lambda t: {body})(x)
        """
    )
    value = interp.globals["y"]
    assert isinstance(value, Tensor), value
    return str(value.shape)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("tf.image.convert_image_dtype(t, dtype=tf.float32)", "(None, 32, 20, 3)"),
        ("tf.image.flip_left_right(t)", "(None, 32, 20, 3)"),
        ("tf.image.random_flip_up_down(t)", "(None, 32, 20, 3)"),
        ("tf.image.adjust_brightness(t, 0.1)", "(None, 32, 20, 3)"),
        ("tf.image.random_hue(t, 0.1)", "(None, 32, 20, 3)"),
        ("tf.image.per_image_standardization(t)", "(None, 32, 20, 3)"),
        ("tf.image.rgb_to_grayscale(t)", "(None, 32, 20, 1)"),
        ("tf.image.grayscale_to_rgb(t[..., :1])", "(None, 32, 20, 3)"),
        ("tf.image.transpose(t)", "(None, 20, 32, 3)"),
        ("tf.image.resize(t, (20, 24))", "(None, 20, 24, 3)"),
        ("tf.image.resize(t, [10, 12], method='nearest')", "(None, 10, 12, 3)"),
        ("tf.compat.v1.image.resize_bilinear(t, (8, 9))", "(None, 8, 9, 3)"),
        ("tf.image.resize_with_crop_or_pad(t, 10, 40)", "(None, 10, 40, 3)"),
        ("tf.image.pad_to_bounding_box(t, 1, 2, 40, 30)", "(None, 40, 30, 3)"),
        ("tf.image.crop_to_bounding_box(t, 2, 3, 20, 14)", "(None, 20, 14, 3)"),
        ("tf.image.central_crop(t, 0.7)", "(None, 24, 14, 3)"),
        ("tf.image.central_crop(t, 1.0)", "(None, 32, 20, 3)"),
    ],
)
def test_tf_image_in_lambda(body: str, expected: str) -> None:
    assert lambda_shape(body) == expected


def test_tf_image_sizes_tensorflow_does_not_know_stay_unknown() -> None:
    # measured: rot90 of a non-square image is (None, None, None, 3) (``k`` picks a branch at
    # run time); of a square one (None, 32, 32, 3); preserve_aspect_ratio gives sizes computed
    # from the input (not modelled: unknown); central_crop(0.5) of 32 x 32 is 16 x 16
    assert lambda_shape("tf.image.rot90(t)") == "(None, ?, ?, 3)"
    assert lambda_shape("tf.image.rot90(t, k=2)", "(32, 32, 3)") == "(None, 32, 32, 3)"
    assert lambda_shape("tf.image.resize(t, (10, 10), preserve_aspect_ratio=True)") == "(None, ?, ?, 3)"
    assert lambda_shape("tf.image.resize(t, size)") == "(None, ?, ?, 3)"
    assert lambda_shape("tf.image.central_crop(t, 0.5)", "(32, 32, 3)") == "(None, 16, 16, 3)"
    assert lambda_shape("tf.image.central_crop(t, 0.5)", "(None, 32, 3)") == "(None, ?, 16, 3)"


def test_contrib_image_transform_keeps_rank_batch_and_channels() -> None:
    # TF 1's ``tf.contrib.image.transform`` (``cifar10_cnn_tfaugment2d.py``) sizes its output
    # with ``tf.shape(images)[1:3]``: measured with the same kernel (raw
    # ``ImageProjectiveTransformV3`` with that output_shape) on Input((32, 20, 3)): (None, None,
    # None, 3). Only the rank, batch and channels are known.
    assert lambda_shape("tf.contrib.image.transform(t, f, interpolation='BILINEAR')") == "(None, ?, ?, 3)"


def test_tfaugment_lambda_function_is_followed() -> None:
    interp = run(
        """
        import tensorflow as tf
        from keras.models import Sequential
        from keras.layers import Lambda, Conv2D

        def augment_2d(inputs, rotation=0, horizontal_flip=False):
            if inputs.dtype != tf.float32:
                inputs = tf.image.convert_image_dtype(inputs, dtype=tf.float32)
            inputs = tf.image.random_flip_left_right(inputs)
            return inputs

        model = Sequential()
        model.add(Lambda(augment_2d, input_shape=(32, 32, 3), arguments={'horizontal_flip': True}))
        model.add(Conv2D(8, (3, 3)))
        y = model.output
        """
    )
    value = interp.globals["y"]
    assert isinstance(value, Tensor)
    assert str(value.shape) == "(None, 30, 30, 8)"


def test_tf_image_on_data_is_not_a_tensor_result() -> None:
    # on a NumPy array (not a Keras tensor) tf.image is not followed: no tensor is made up
    interp = run(
        """
        import numpy as np
        import tensorflow as tf
        a = tf.image.flip_left_right(np.zeros((32, 20, 3)))
        """
    )
    assert not isinstance(interp.globals["a"], Tensor)


def test_len_of_a_string_is_known() -> None:
    # image_ocr.py: Dense(img_gen.get_output_size()) with ``return len(alphabet) + 1``
    interp = run(
        """
        import keras
        from keras.layers import Input, Dense
        alphabet = u'abcdefghijklmnopqrstuvwxyz '
        class Gen(keras.callbacks.Callback):
            def get_output_size(self):
                return len(alphabet) + 1
        gen = Gen()
        x = Input((4,))
        y = Dense(gen.get_output_size())(x)
        z = Dense(len("ab" "cd"))(x)
        """
    )
    assert str(interp.globals["y"].shape) == "(None, 28)"
    assert str(interp.globals["z"].shape) == "(None, 4)"


def test_tf_image_in_lambda_makes_no_finding() -> None:
    code = """
        import tensorflow as tf
        from tensorflow import keras
        x = keras.Input((32, 32, 3))
        y = keras.layers.Lambda(lambda t: tf.image.resize(t, (16, 16)))(x)
        z = keras.layers.Conv2D(4, 3)(y)
        m = keras.Model(x, z)
        """
    result = lint_source(textwrap.dedent(code), "script.py", Options(isolated=True, keras_version="2"))
    assert [d.code for d in result.diagnostics] == []
