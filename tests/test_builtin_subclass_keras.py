"""Keras tier of ``tests/test_builtin_subclass.py``: each subclass program built in real Keras
(Keras 3, and Keras 2 through tf_keras) gives the model the output shapes lstmlint infers for
it under the same Keras, including where the two Kerases differ (an overridden ``call`` that
reshapes ``super().call(x)``: tf_keras traces it, Keras 3 takes ``compute_output_shape``)."""

from __future__ import annotations

import textwrap
import warnings

import pytest
from test_builtin_subclass import HEAD2, HEAD3, RESHAPED, SCALED, lint, model_outputs

pytestmark = pytest.mark.keras

PLAIN = """
class Plain(layers.Dense):
    pass


inputs = keras.Input(shape=(7, 5))
model = keras.Model(inputs, Plain(4, activation="relu")(inputs))
"""
SPLIT = """
class Split(layers.Dense):
    def compute_output_shape(self, input_shape):
        out = super().compute_output_shape(input_shape)
        return [out, (input_shape[0], 2)]

    def call(self, x):
        y = super().call(x)
        return [y, y[:, :2]]


inputs = keras.Input(shape=(5,))
model = keras.Model(inputs, Split(6)(inputs))
"""
CASES = [
    ("scaled-3", SCALED, "3"),
    ("scaled-2", SCALED, "2"),
    ("plain-3", PLAIN, "3"),
    ("plain-2", PLAIN, "2"),
    ("reshaped-3", RESHAPED.format(reshape="keras.ops.reshape"), "3"),
    ("reshaped-2", RESHAPED.format(reshape="K.reshape"), "2"),
    ("split-3", SPLIT, "3"),
]


def _keras_outputs(code: str, version: str) -> list[str]:
    pytest.importorskip("tf_keras" if version == "2" else "keras")
    namespace: dict[str, object] = {"__name__": "__subclass__"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = (HEAD3 if version == "3" else HEAD2) + textwrap.dedent(code)
        exec(compile(source, "<subclass>", "exec"), namespace)  # noqa: S102 - our own snippet
    model = namespace["model"]
    return [str(tuple(t.shape)) for t in model.outputs]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("code", "version"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_keras_builds_the_shapes_lstmlint_infers(code: str, version: str) -> None:
    assert model_outputs(lint(code, version)) == _keras_outputs(code, version)


def test_the_two_kerases_differ_on_an_overridden_call() -> None:
    keras3 = _keras_outputs(RESHAPED.format(reshape="keras.ops.reshape"), "3")
    keras2 = _keras_outputs(RESHAPED.format(reshape="K.reshape"), "2")
    assert keras3 == ["(None, 6)"] and keras2 == ["(None, 2, 3)"]
