"""Each shape rule against real Keras: same verdict, and the same output shapes."""

from __future__ import annotations

import pytest
from conftest import lint
from keras_oracle import keras_outcome

from lstmlint.layers.spec import all_specs
from lstmlint.shapes import is_int

pytest.importorskip("keras")

# every spec's cases: (layer call, input shapes); inputs are bound to i0, i1, ... and the
# call must bind `out`. The cases live with their layer in lstmlint/layers/<family>.py.
CASES: list[tuple[str, list[tuple]]] = [
    (case.call, list(case.inputs)) for spec in all_specs() for case in spec.cases
]


def test_every_case_is_kept_and_unique() -> None:
    """The 103 hand-written cases moved into the specs, none lost, none twice (and the cases of
    the layers issue 10 added: 3-D convolutions, ConvLSTM, preprocessing, ...)."""
    assert len(CASES) >= 290
    assert len({(c, tuple(s)) for c, s in CASES}) == len(CASES)


def _source(call: str, shapes: list[tuple]) -> str:
    lines = ["import keras", "from keras import layers"]
    for k, s in enumerate(shapes):
        lines.append(f"i{k} = keras.Input(shape={s!r})")
    lines.append(f"out = {call}")
    return "\n".join(lines) + "\n"


def _lstmlint(source: str) -> tuple[bool, list[tuple] | None]:
    result = lint(source)
    line = source.count("\n")
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    if errors:
        assert [d.line for d in errors] == [line], errors
        return False, None
    assert result.analysis is not None
    apps = [a for a in result.analysis.applications if result.locate(a.node).line == line]
    outer = max(apps, key=lambda a: (result.locate(a.node).column * -1, len(result.module.code_for_node(a.node))))
    shapes = [t.shape.dims for t in outer.outputs]
    if any(s is None for s in shapes):
        return True, None
    return True, [tuple(d if (d is None or is_int(d)) else "?" for d in s) for s in shapes]


@pytest.mark.parametrize("call,shapes", CASES, ids=[f"{c} on {s}" for c, s in CASES])
def test_same_verdict_and_shapes_as_keras(call: str, shapes: list[tuple]) -> None:
    source = _source(call, shapes)
    built, keras_result = keras_outcome(source)
    ok, ours = _lstmlint(source)
    assert ok == built, f"keras: {keras_result}"
    if built:
        assert ours is not None, "lstmlint lost track of a shape Keras knows"
        assert ours == keras_result


def test_stateful_layer_with_a_fixed_batch_builds() -> None:
    source = ("import keras\nfrom keras import layers\ni0 = keras.Input(batch_shape=(4, 7, 5))\n"
              "out = layers.LSTM(4, stateful=True)(i0)\n")
    assert keras_outcome(source) == (True, [(4, 4)])
    assert _lstmlint(source) == (True, [(4, 4)])
