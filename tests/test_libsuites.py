"""Constructs of layer libraries' code and test suites (stellargraph, keras-self-attention, ...),
without TensorFlow: the shape lstmlint infers for ``out`` in each program of ``CASES`` is the one
real Keras gives (``tests/test_libsuites_keras.py`` builds every program in tf_keras or Keras 3
and compares), and the findings are the ones Keras' refusal calls for.

* ``K.batch_dot`` without ``axes`` (tf_keras' default: x's last axis against y's last when y is
  2-D, else y's second-to-last);
* ``K.conv1d``/``K.conv2d`` (Keras 2) and ``keras.ops.conv`` (Keras 3) on a kernel made by
  ``add_weight`` in a custom layer: padding, strides, dilation, channels first;
* a custom layer's ``call`` that unpacks its inputs with a starred target
  (``features, *adjacency = inputs``), and whose activation is ``activations.get(activation)``
  (``None``: linear) called on a tensor;
* ``layer.activation(t)`` on a Keras layer built with ``activation="..."``, and
  ``self.layer.call(inputs, ...)`` in a layer that wraps a Keras layer;
* ``**kwargs`` of a call whose keywords are known, passed on (``Dense(**kwargs)``);
* ``tf.ones(n)`` of one size;
* ``tf.linalg.diag``/``diag_part`` and ``tf.gather(..., batch_dims=b)``;
* ``isinstance(mask, list)`` with ``mask=None``, ``K.epsilon()``, and a size made a scalar
  (``K.sqrt(K.cast(K.shape(q)[-1], "float32"))``) in custom attention layers;
* ``ThresholdedReLU`` (Keras 2 only: the shape of its input; under Keras 3, LST403, as for the
  other Keras 2 classes Keras 3 dropped, ``LocallyConnected1D``);
* ``@pytest.fixture(params=[...])``: a test that requests the fixture is checked once per value.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from lstmlint.api import lint_source
from lstmlint.graph.model import Tensor
from lstmlint.interp import Interpreter
from lstmlint.settings import Options
from lstmlint.source.keras_target import KerasVersion, Target

K2 = """
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers
"""
K3 = """
import keras
from keras import layers
"""

CONV = """
class Conv(layers.Layer):
    def __init__(self, window, filters, strides=1, padding="valid", dilation_rate=1, data_format=None):
        super().__init__()
        self.window, self.filters = window, filters
        self.strides, self.padding, self.dilation_rate = strides, padding, dilation_rate
        self.data_format = data_format

    def build(self, input_shape):
        channels = input_shape[1] if self.data_format == "channels_first" else input_shape[-1]
        self.kernel = self.add_weight(shape=self.window + (channels, self.filters), name="kernel")

    def call(self, x):
        if len(self.window) == 1:
            return K.conv1d(x, self.kernel, self.strides, self.padding, self.data_format, self.dilation_rate)
        return K.conv2d(x, self.kernel, self.strides, self.padding, self.data_format, self.dilation_rate)
"""

OPS_CONV = """
class Conv(layers.Layer):
    def __init__(self, window, filters, strides=1, padding="valid", dilation_rate=1):
        super().__init__()
        self.window, self.filters = window, filters
        self.strides, self.padding, self.dilation_rate = strides, padding, dilation_rate

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=self.window + (input_shape[-1], self.filters), name="kernel")

    def call(self, x):
        return keras.ops.conv(x, self.kernel, self.strides, self.padding, dilation_rate=self.dilation_rate)
"""

GRAPH_CONV = """
class GraphConvolution(layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shapes):
        self.kernel = self.add_weight(shape=(input_shapes[0][-1], self.units), name="kernel")

    def call(self, inputs):
        features, *adjacency = inputs
        return self.activation(K.dot(K.batch_dot(adjacency[0], features), self.kernel))
"""

ATTENTION = """
class Attention(layers.Layer):
    def call(self, inputs, mask=None):
        if isinstance(inputs, list):
            query, key, value = inputs
        else:
            query = key = value = inputs
        if isinstance(mask, list):
            mask = mask[1]
        e = K.batch_dot(query, key, axes=2) / K.sqrt(K.cast(K.shape(query)[-1], dtype=K.floatx()))
        if mask is not None:
            e -= 10000.0 * (1.0 - K.cast(K.expand_dims(mask, axis=-2), K.floatx()))
        e = K.exp(e - K.max(e, axis=-1, keepdims=True))
        e = e / (K.sum(e, axis=-1, keepdims=True) + K.epsilon())
        return K.batch_dot(e, value)
"""

GATHER = """
import tensorflow as tf
data = keras.Input((5, 7))
idx = keras.Input((11,), dtype="int32")
"""

NORMALISE = """
class Normalise(layers.Layer):
    def call(self, adj):
        adj = adj + tf.linalg.diag(tf.ones(adj.shape[0]) - tf.linalg.diag_part(adj))
        inv_sqrt = tf.linalg.diag(tf.math.rsqrt(tf.reduce_sum(adj, 1)))
        return tf.matmul(tf.matmul(inv_sqrt, adj), inv_sqrt)
"""

WRAPPER = """
class Wrapper(layers.Layer):
    def build(self, input_shape):
        self.layer = layers.LSTM(6, return_sequences=True)
        self.layer.build(input_shape)

    def call(self, inputs, training=None):
        return self.layer.call(inputs, training=training)
"""

ONES = """
class AddOnes(layers.Layer):
    def call(self, x):
        return x + tf.ones(x.shape[-1])
"""

FORWARD = """
def block(x, **kwargs):
    return layers.Dense(**kwargs)(x)
"""

# (id, Keras version, program defining ``out``, the shape Keras gives ``out``)
CASES: list[tuple[str, str, str, str]] = [
    ("batch_dot_default_3d", "2", K2 + "out = K.batch_dot(keras.Input((5, 4)), keras.Input((4, 3)))", "(None, 5, 3)"),
    ("batch_dot_default_2d", "2", K2 + "out = K.batch_dot(keras.Input((5,)), keras.Input((5,)))", "(None, 1)"),
    ("batch_dot_default_3d_2d", "2", K2 + "out = K.batch_dot(keras.Input((5, 4)), keras.Input((4,)))", "(None, 5)"),
    ("conv1d_valid", "2", K2 + CONV + "out = Conv((5,), 8)(keras.Input((10, 3)))", "(None, 6, 8)"),
    ("conv1d_same", "2", K2 + CONV + "out = Conv((5,), 8, padding='same')(keras.Input((10, 3)))", "(None, 10, 8)"),
    ("conv1d_causal", "2", K2 + CONV + "out = Conv((5,), 8, padding='causal')(keras.Input((10, 3)))", "(None, 10, 8)"),
    ("conv1d_strides", "2", K2 + CONV + "out = Conv((5,), 8, strides=2)(keras.Input((10, 3)))", "(None, 3, 8)"),
    ("conv1d_dilation", "2", K2 + CONV + "out = Conv((5,), 8, dilation_rate=2)(keras.Input((10, 3)))", "(None, 2, 8)"),
    ("conv2d_valid", "2", K2 + CONV + "out = Conv((3, 2), 4)(keras.Input((9, 7, 3)))", "(None, 7, 6, 4)"),
    (
        "conv2d_same",
        "2",
        K2 + CONV + "out = Conv((3, 2), 4, padding='same')(keras.Input((9, 7, 3)))",
        "(None, 9, 7, 4)",
    ),
    (
        "conv2d_strides",
        "2",
        K2 + CONV + "out = Conv((3, 2), 4, strides=(2, 2))(keras.Input((9, 7, 3)))",
        "(None, 4, 3, 4)",
    ),
    (
        "conv2d_channels_first",
        "2",
        K2 + CONV + "out = Conv((3, 2), 4, data_format='channels_first')(keras.Input((3, 9, 7)))",
        "(None, 4, 7, 6)",
    ),
    (
        "ops_conv_same",
        "3",
        K3 + OPS_CONV + "out = Conv((5,), 8, padding='same')(keras.Input((10, 3)))",
        "(None, 10, 8)",
    ),
    ("ops_conv_2d", "3", K3 + OPS_CONV + "out = Conv((3, 2), 4, strides=2)(keras.Input((9, 7, 3)))", "(None, 4, 3, 4)"),
    (
        "graph_convolution",
        "2",
        K2 + GRAPH_CONV + "out = GraphConvolution(6)([keras.Input((20, 5)), keras.Input((20, 20))])",
        "(None, 20, 6)",
    ),
    (
        "graph_convolution_relu",
        "2",
        K2 + GRAPH_CONV + "out = GraphConvolution(6, 'relu')([keras.Input((20, 5)), keras.Input((20, 20))])",
        "(None, 20, 6)",
    ),
    ("attention_list", "2", K2 + ATTENTION + "x = keras.Input((7, 4))\nout = Attention()([x, x, x])", "(None, 7, 4)"),
    ("attention_tensor", "2", K2 + ATTENTION + "out = Attention()(keras.Input((7, 4)))", "(None, 7, 4)"),
    (
        "layer_activation_k2",
        "2",
        K2 + "d = layers.Dense(6, activation='tanh')\nh = d(keras.Input((5, 3)))\nout = d.activation(h)",
        "(None, 5, 6)",
    ),
    (
        "layer_activation_k3",
        "3",
        K3 + "d = layers.Dense(6, activation='relu')\nh = d(keras.Input((5, 3)))\nout = d.activation(h)",
        "(None, 5, 6)",
    ),
    ("thresholded_relu", "2", K2 + "out = layers.ThresholdedReLU(theta=0.5)(keras.Input((5, 3)))", "(None, 5, 3)"),
    ("linalg_diag_part", "2", K2 + GATHER + "out = tf.linalg.diag_part(keras.Input(batch_shape=(1, 7, 7)))", "(1, 7)"),
    ("linalg_diag_part_wide", "2", K2 + GATHER + "out = tf.linalg.diag_part(data)", "(None, 5)"),
    ("linalg_diag", "2", K2 + GATHER + "out = tf.linalg.diag(data)", "(None, 5, 7, 7)"),
    (
        "graph_normalisation",
        "2",
        K2 + GATHER + NORMALISE + "out = Normalise()(keras.Input(batch_shape=(1, 7, 7)))",
        "(1, 7, 7)",
    ),
    ("layer_call_delegation", "2", K2 + WRAPPER + "out = Wrapper()(keras.Input((5, 3)))", "(None, 5, 6)"),
    ("kwargs_forwarded", "2", K2 + FORWARD + "out = block(keras.Input((5, 3)), units=7)", "(None, 5, 7)"),
    ("kwargs_forwarded_k3", "3", K3 + FORWARD + "out = block(keras.Input((5, 3)), units=7)", "(None, 5, 7)"),
    ("ones_of_a_size", "2", K2 + GATHER + ONES + "out = AddOnes()(data)", "(None, 5, 7)"),
    ("gather_batch_dims", "2", K2 + GATHER + "out = tf.gather(data, idx, batch_dims=1)", "(None, 11, 7)"),
    ("gather_batch_dims_axis", "2", K2 + GATHER + "out = tf.gather(data, idx, axis=2, batch_dims=1)", "(None, 5, 11)"),
    ("gather_batch_dims_neg", "2", K2 + GATHER + "out = tf.gather(data, idx, batch_dims=-1)", "(None, 5, 11)"),
]


def _run(code: str, version: str) -> Interpreter:
    keras = KerasVersion.KERAS2 if version == "2" else KerasVersion.KERAS3
    interp = Interpreter(cst.parse_module(textwrap.dedent(code)), Target(keras, "test"))
    interp.run()
    return interp


def _codes(code: str, version: str | None = None) -> list[tuple[int, str]]:
    result = lint_source(textwrap.dedent(code), "suite.py", Options(keras_version=version))
    assert result.internal_error is None, result.internal_error
    return [(d.span.line, str(d.code)) for d in result.diagnostics]


@pytest.mark.parametrize(("version", "code", "shape"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_library_constructs_give_the_shape_keras_gives(version: str, code: str, shape: str) -> None:
    out = _run(code, version).globals["out"]
    assert isinstance(out, Tensor) and str(out.shape) == shape
    assert _codes(code, version) == []


def test_batch_dot_of_sizes_tensorflow_refuses_stays_unknown() -> None:
    out = _run(K2 + "out = K.batch_dot(keras.Input((5, 4)), keras.Input((3, 4)))", "2").globals["out"]
    assert not (isinstance(out, Tensor) and out.shape.dims is not None)  # 4 against 3


def test_conv_with_mismatched_channels_or_too_long_a_window_stays_unknown() -> None:
    interp = _run(
        K2
        + CONV.replace("(channels, self.filters)", "(channels + 1, self.filters)")
        + "out = Conv((5,), 8)(keras.Input((10, 3)))\nlong = Conv((11,), 8)(keras.Input((10, 3)))",
        "2",
    )
    for name in ("out", "long"):
        value = interp.globals[name]
        assert isinstance(value, Tensor) and value.shape.dims is None


def test_keras3_has_no_backend_convolution() -> None:
    code = K3 + "x = keras.Input((10, 3))\nk = keras.ops.ones((5, 3, 8))\nout = keras.backend.conv1d(x, k)\n"
    assert (6, "LST406") in _codes(code, "3")


@pytest.mark.parametrize("layer", ["ThresholdedReLU(theta=0.5)", "LocallyConnected1D(4, 3)"])
def test_keras2_layer_classes_keras3_dropped_are_lst403_under_keras3_only(layer: str) -> None:
    body = f"x = keras.Input((10, 3))\nout = layers.{layer}(x)\n"
    assert _codes(K3 + body, "3") == [(5, "LST403")]
    assert _codes(K2 + body, "2") == []


def test_a_starred_target_takes_what_the_others_leave() -> None:
    interp = _run(K3 + "first, *middle, last = [1, 2, 3, 4]\nhead, *rest = (5,)\n", "3")
    g = interp.globals
    assert (g["first"], g["middle"], g["last"], g["head"], g["rest"]) == (1, [2, 3], 4, 5, [])


def test_activations_get_none_is_linear_and_a_function_is_itself() -> None:
    code = K3 + (
        "def act(t):\n    return t * 2\n"
        "x = keras.Input((5, 3))\n"
        "out = keras.activations.get(None)(x)\n"
        "same = keras.activations.get(act)(x)\n"
    )
    interp = _run(code, "3")
    for name in ("out", "same"):
        value = interp.globals[name]
        assert isinstance(value, Tensor) and str(value.shape) == "(None, 5, 3)"


FIXTURES = """
import keras
import pytest
from keras import layers


@pytest.fixture(params=[True, False], ids=["sequences", "last"])
def return_sequences(request):
    return request.param


@pytest.fixture(params=[layers.LSTM, layers.GRU])
def rnn(request):
    return request.param


def test_encoder(rnn, return_sequences):
    inputs = keras.Input((10, 3))
    x = rnn(8, return_sequences=return_sequences)(inputs)
    x = rnn(4)(x)
    model = keras.Model(inputs, layers.Dense(1)(x))
"""


def test_a_fixture_with_params_checks_the_test_once_per_value() -> None:
    result = lint_source(FIXTURES, "test_suite.py", Options(keras_version="3"))
    assert [(d.span.line, str(d.code)) for d in result.diagnostics] == [(20, "LST101")]
    notes = " ".join(n for d in result.diagnostics for n in d.notes)
    assert "last" in notes  # the fixture value that makes Keras refuse it
    assert result.analysis is not None and result.analysis.variants  # one variant per combination


def test_a_fixture_without_params_or_a_parametrized_argument_is_left_as_before() -> None:
    plain = FIXTURES.replace('(params=[True, False], ids=["sequences", "last"])', "")
    result = lint_source(plain, "test_suite.py", Options(keras_version="3"))
    assert result.diagnostics == []  # ``request.param`` unknown: no claim
    both = FIXTURES.replace(
        "def test_encoder", '@pytest.mark.parametrize("return_sequences", [True])\ndef test_encoder'
    )
    result = lint_source(both, "test_suite.py", Options(keras_version="3"))
    assert result.diagnostics == []  # the parametrization overrides the fixture's params
