"""Differential test 2: random layer graphs, lstmlint against real Keras, property-based.

A hypothesis strategy (``tests/gen/strategies.py``) generates layer graphs -- chains, skip
connections, merges of 2-3 branches, LSTM/GRU/SimpleRNN with random return_sequences /
return_state, Bidirectional merge modes, RNN(cell) and lists of cells, RepeatVector,
Dense/TimeDistributed, Embedding, Conv1D and pooling, Reshape, Permute, Flatten,
Concatenate axes, Dot axes, inputs with fixed or None time steps; 1-D/2-D/3-D convolutions
(separable, depthwise, transposed), pooling, padding, cropping and upsampling, ConvLSTM1D/2D/3D
on 4-D/5-D/6-D inputs, Attention/AdditiveAttention/MultiHeadAttention, activation,
normalization and noise layers, Rescaling/Resizing/CenterCrop -- about 30% of them with one
deliberate mistake. ``tests/test_generator_coverage.py`` checks that every layer lstmlint
models is drawn (or listed, with the reason, as not generated). Each graph is rendered as Python source in one of several styles
(``tests/gen/render.py``: Sequential ``.add``, Sequential list, functional; ``tf.keras``,
``keras.layers``, ``from ... import``; constants inline or in variables), linted with
``lstmlint.api.lint_source``, and built with Keras from the same description, in-process.

Disagreements (each fails the test, with the generated source printed):
* lstmlint reports an error Keras does not raise, or at another line than Keras;
* Keras raises where lstmlint knew every input shape and reported nothing;
* a dimension lstmlint inferred differs from Keras' (unknown dims and shapes are fine).

``LSTMLINT_DIFF_EXAMPLES`` sets the number of graphs (default 500); runs are derandomized,
so a failure reproduces with the same command. ``LSTMLINT_DIFF_SEED=<n>`` explores other
graphs from a stored seed (again reproducible with the same seed).
"""

from __future__ import annotations

import os
import warnings
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from gen.model import Graph, build_keras
from gen.render import Style, render_with_constructors, styles
from gen.strategies import graphs

from lstmlint.api import lint_source
from lstmlint.diagnostics import Severity
from lstmlint.shapes import UNKNOWN, Sym, is_int

EXAMPLES = int(os.environ.get("LSTMLINT_DIFF_EXAMPLES", "500"))
STATS: Counter = Counter()

keras = pytest.importorskip("keras")


def _dims_agree(lint_dims: tuple, keras_shape: tuple) -> bool:
    if len(lint_dims) != len(keras_shape):
        return False
    for d, k in zip(lint_dims, keras_shape):
        if d is UNKNOWN or isinstance(d, Sym):
            continue
        if d is None or is_int(d):
            if d != k:
                return False
    return True


def _proved(app) -> bool:
    return bool(app.inputs) and all(
        t.shape.dims is not None and UNKNOWN not in t.shape.dims and not t.poisoned for t in app.inputs
    )


def compare(graph: Graph, style: Style) -> None:
    source, where, ctor = render_with_constructors(graph, style)
    note(source)
    result = lint_source(source, "generated.py")
    assert result.internal_error is None, f"{result.internal_error}\n{source}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built = build_keras(graph, keras)
    STATS["graphs"] += 1
    STATS[f"mode:{style.mode}"] += 1
    STATS["keras_refuses" if built.error_node is not None else "keras_builds"] += 1
    if graph.mistake:
        STATS[f"mistake:{graph.mistake}"] += 1
    errors = sorted(d.line for d in result.diagnostics if d.severity is Severity.ERROR)
    apps = {}
    if result.analysis is not None and result.locate is not None:
        for app in result.analysis.applications:
            apps.setdefault(result.locate(app.node).line, app)
    context = f"\n--- generated source ---\n{source}--- Keras: {built.message or 'builds'}"
    if built.error_node is None:
        assert not errors, f"lstmlint reports an error at line {errors[0]}; Keras builds the model{context}"
    else:
        line = (ctor if built.error_phase == "construct" else where)[built.error_node]
        if errors:
            assert errors[0] == line, (
                f"lstmlint's first error is at line {errors[0]}, Keras raises at line {line}{context}"
            )
            STATS["verdict_match_error"] += 1
        else:
            app = apps.get(line)
            assert app is None or not _proved(app), (
                f"Keras raises at line {line}; lstmlint knew the inputs "
                f"({', '.join(str(t.shape) for t in app.inputs)}) and reports nothing{context}"
            )
            STATS["keras_error_not_followed"] += 1
    if built.error_node is None and not errors:
        STATS["verdict_match_builds"] += 1
    # every layer Keras built: lstmlint's inferred shapes, where known, are Keras' shapes
    for node in graph.nodes:
        if node.layer is None or node.id not in built.shapes:
            continue
        line = where[node.id]
        app = apps.get(line)
        STATS["layers_built"] += 1
        STATS[f"kind:{node.layer.kind}"] += 1
        if node.shared_from is not None:
            STATS["layers_shared_object"] += 1
        if app is None or not app.outputs:
            STATS["layers_not_followed"] += 1
            continue
        kshapes = built.shapes[node.id]
        lshapes = [t.shape for t in app.outputs]
        if all(s.dims is None for s in lshapes):
            STATS["layers_unknown_shape"] += 1
            continue
        assert len(lshapes) == len(kshapes), (
            f"line {line}: lstmlint has {len(lshapes)} outputs, Keras {len(kshapes)}{context}"
        )
        for ls, ks in zip(lshapes, kshapes):
            if ls.dims is None:
                continue
            assert _dims_agree(ls.dims, ks), f"line {line}: lstmlint infers {ls}, Keras gives {ks}{context}"
        STATS["layers_shape_compared"] += 1
        if all(s.dims is not None and UNKNOWN not in s.dims for s in lshapes):
            STATS["layers_shape_exact"] += 1
    if STATS["graphs"] % 50 == 0:
        keras.backend.clear_session()


SEED = os.environ.get("LSTMLINT_DIFF_SEED")  # another stored seed: explore other graphs


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@seed(int(SEED or 0))
@given(st.data())
def test_generated_graphs_agree_with_keras(data) -> None:
    graph = data.draw(graphs(), label="graph")
    style = data.draw(styles(graph), label="style")
    compare(graph, style)


def test_zz_generated_graphs_exercise_both_verdicts() -> None:
    """The generator is useful only if both verdicts occur often (runs after the property test)."""
    if STATS["graphs"] == 0:
        pytest.skip("the property test did not run")
    summary = ", ".join(f"{k}={v}" for k, v in sorted(STATS.items()))
    print(f"\ndifferential summary: {summary}")
    assert STATS["keras_refuses"] >= 0.1 * STATS["graphs"], summary
    assert STATS["keras_builds"] >= 0.5 * STATS["graphs"], summary
    assert STATS["layers_shape_compared"] >= 0.8 * STATS["layers_built"], summary
