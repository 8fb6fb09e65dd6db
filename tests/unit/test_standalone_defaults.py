"""Code nobody calls is checked on its own; its `None` defaults stand for what callers pass."""

from __future__ import annotations

import textwrap

from lstmlint.api import lint_source
from lstmlint.settings import Options

SQUEEZE_EXCITE = '''
import keras

class SqueezeExcite(keras.layers.Layer):
    def __init__(self, filters, bottleneck_filters=None, **kwargs):
        super().__init__(**kwargs)
        self.conv_reduce = keras.layers.Conv2D(bottleneck_filters, (1, 1))
        self.conv_expand = keras.layers.Conv2D(filters, (1, 1))

    def call(self, inputs):
        x_se = keras.ops.mean(inputs, axis=(1, 2), keepdims=True)
        x_se = self.conv_reduce(x_se)
        x_se = self.conv_expand(x_se)
        return inputs * x_se
'''


def _codes(source: str) -> list[str]:
    result = lint_source(textwrap.dedent(source), "m.py", Options())
    return [str(d.code) for d in result.diagnostics]


def test_a_none_default_of_an_uncalled_layer_class_is_not_taken_literally() -> None:
    # keras-hub's mobilenet SqueezeExcite: every caller passes bottleneck_filters
    assert _codes(SQUEEZE_EXCITE) == []


def test_a_none_default_used_by_a_real_call_still_counts() -> None:
    source = SQUEEZE_EXCITE + '''
inputs = keras.Input((8, 8, 4))
outputs = SqueezeExcite(4)(inputs)
'''
    # called for real with the default: Keras refuses Conv2D(None) when it builds it, in the
    # statement that applies it; reported at that constructor (LST107), not at the next layer
    assert _codes(source) == ["LST107"]


def test_an_int_default_of_an_uncalled_function_is_still_used() -> None:
    source = '''
from keras import layers, Input, Model

def build(units=32):
    inputs = Input((10, 8))
    x = layers.LSTM(units)(inputs)
    x = layers.LSTM(units)(x)
    return Model(inputs, x)
'''
    assert _codes(source) == ["LST101"]
