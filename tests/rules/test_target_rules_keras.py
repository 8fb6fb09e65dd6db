"""Keras tier: the programs of ``test_target_rules.py`` run in real Keras 3 (``keras``) and Keras 2
(``tf_keras``): each one raises exactly on the line lstmlint reports as an error under that
target, and builds where lstmlint reports no error (warnings are what Keras builds)."""

from __future__ import annotations

import textwrap

import pytest
from test_target_rules import ATTENTION, CALL, DATA_FORMAT, FLOATS, POOL, RESET, STATE

from lstmlint.diagnostics import Severity

pytestmark = pytest.mark.keras
pytest.importorskip("keras")
pytest.importorskip("tf_keras")


def _keras2(source: str) -> str:
    return source.replace("import keras\n", "import tf_keras as keras\n").replace(
        "from keras import", "from tf_keras import"
    )


def _agree(source: str, version: str) -> None:
    """Keras raises on the first line lstmlint reports as an error, or builds when it reports none."""
    from program_runs import run_program
    from test_target_rules import _lint

    source = textwrap.dedent(source)
    errors = sorted(d.span.line for d in _lint(source, version) if d.severity is Severity.ERROR)
    run = run_program(source, f"target_rules_k{version}.py")
    if errors:
        assert run.raised, f"lstmlint reports errors at {errors}; Keras {version} runs it"
        assert run.lines and run.lines[-1] == errors[0], (run.error_type, run.error_text, run.lines, errors)
    else:
        assert not run.raised, f"lstmlint reports no error; Keras {version}: {run.error_type}: {run.error_text}"


IDENTITY = """
import keras
from keras import initializers
from keras.layers import SimpleRNN, Dense
from keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(8, recurrent_initializer=initializers.Identity(gain=1.0), input_shape=(28, 28)))
model.add(Dense(10))
"""

ACGAN = """
import keras
from keras import layers
latent = keras.Input(shape=(100,))
image_class = keras.Input(shape=(1,), dtype="int32")
cls = layers.Embedding(10, 100)(image_class)
h = layers.multiply([latent, cls])
model = keras.Model([latent, image_class], h)
"""


@pytest.mark.parametrize(
    "name", ["IDENTITY", "RESET", "STATE", "ATTENTION", "POOL", "FLOATS", "ACGAN", "CALL", "DATA_FORMAT"]
)
@pytest.mark.parametrize("version", ["2", "3"])
def test_programs_under_both_targets(name: str, version: str) -> None:
    source = {
        "IDENTITY": IDENTITY,
        "RESET": RESET,
        "STATE": STATE,
        "ATTENTION": ATTENTION,
        "POOL": POOL.format(m="tf_keras" if version == "2" else "keras"),
        "FLOATS": FLOATS.format(m="tf_keras" if version == "2" else "keras"),
        "ACGAN": ACGAN,
        "DATA_FORMAT": DATA_FORMAT,
        "CALL": CALL.format(m="tf_keras" if version == "2" else "keras"),
    }[name]
    _agree(_keras2(source) if version == "2" else source, version)


@pytest.mark.parametrize(
    "call",
    [
        "layers.Dense(None)(inputs)",
        "layers.LSTM(None)(inputs)",
        "layers.Conv1D(None, 3)(inputs)",
        "layers.GroupNormalization(groups=3)(inputs)",
        "layers.GroupNormalization()(inputs)",
        "layers.GroupNormalization(groups=-1)(inputs)",
        "layers.GroupNormalization(groups=4)(inputs)",
        "layers.Conv1DTranspose(4, 3, strides=2, output_padding=2)(inputs)",
        "layers.Conv1DTranspose(4, 3, strides=2, output_padding=1)(inputs)",
        "layers.Conv1DTranspose(4, 3, output_padding=1)(inputs)",
    ],
)
@pytest.mark.parametrize("version", ["2", "3"])
def test_constructor_and_build_errors(call: str, version: str) -> None:
    source = f"""
import keras
from keras import layers
inputs = keras.Input((10, 8))
x = {call}
"""
    _agree(_keras2(source) if version == "2" else source, version)


@pytest.mark.parametrize(
    "arguments",
    [
        'output_mode="multi_hot", output_sequence_length=10',
        'output_mode="tf_idf", ragged=True',
        'output_mode="int", sparse=True',
        "pad_to_max_tokens=True",
        "max_tokens=1",
        'output_mode="count", idf_weights=[1.0, 2.0]',
        "max_tokens=1000, output_sequence_length=50",
        'output_mode="tf_idf", sparse=True',
    ],
)
@pytest.mark.parametrize("version", ["2", "3"])
def test_text_vectorization_combinations(arguments: str, version: str) -> None:
    source = f"""
import keras
from keras import layers
v = layers.TextVectorization({arguments})
"""
    _agree(_keras2(source) if version == "2" else source, version)
