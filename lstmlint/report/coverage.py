"""The public shape report: how much of each file's models lstmlint followed, layer by layer.

One computation serves ``--annotate --format json`` (the ``files`` part), ``--statistics``
(the ``shape coverage: ...`` line) and ``benchmarks/realcode/report.py``.

A layer application's output is ``full`` when every output tensor has a known rank and no
dimension the analysis lost track of (sizes Keras itself leaves open, ``None``, and named
sizes such as ``n_steps`` count as known), ``rank`` when the ranks are known but some size is
not, ``unknown`` otherwise. A model is *followed to the end* when it has outputs, none of them
is unknown, and the analysis recorded no place where it lost track of the model (the same
account ``--verbose`` gives).

A pytest test function followed once per parametrization (``interp/pytest_params.py``) makes
one application (and model) per combination at the same place; those count once: fully known
(followed) only when every combination that makes it knows (follows) it. With ``[Dense, MyDense]``
(a class of a library lstmlint does not model) as values the model counts once, not followed (the
``MyDense`` run is not); its ``dense(3)(x)`` counts once, known, as the ``MyDense`` run makes no
application (a layer the analysis does not know never does). Other repeats (a helper called at
two call sites) count once per call, as before.

The methods of test classes (``interp/test_classes.py``) count like any followed code: each
test method runs once. Their ``setUp`` (``setup_method``) runs before each test, so its
applications and models are made once per test at the same place: they count once per class
(``Analysis.variants``), known (followed) only when known in every run.

A model made again at each iteration of a loop the analysis unrolls (``for n in (1, 3):
model = Model(...)``, or a helper called at one call site inside such a loop) has the same
construct and the same call sites each time (``Model.context``): it counts once, followed only
when every iteration's is, as the pytest variants do. Layer applications inside such a loop are
not merged: a loop stacking layers makes distinct layers of one model.

An empty ``Sequential()`` (no layer, no input, nothing the analysis lost on it: ``uncounted``) is
not counted as a model: it is one only once something is added, and the file never adds anything
the analysis saw or lost track of (keras-rl2's ``actor = Sequential()`` rebound to a functional
model two lines later). ``--verbose`` says so for it instead of calling it not followed, and the
JSON report leaves it out. A Sequential that gets a layer the analysis does not know counts (not
followed). Nor is a ``keras.Model`` subclass none of whose classes defines ``call``
(``Model.no_forward``): Keras refuses to call it, so it has no forward pass to follow; it is a
container of other models (tsgm's ``TimeGAN``, trained by its own ``fit``), which count on their
own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import libcst as cst

from lstmlint.diagnostics import Span
from lstmlint.graph.model import Analysis, Application, Model, Tensor
from lstmlint.shapes.dims import UNKNOWN

Known = Literal["full", "rank", "unknown"]


@dataclass(frozen=True)
class Coverage:
    """Counts for one file or a whole run; they add up."""

    layers_known: int = 0
    layers: int = 0
    models_followed: int = 0
    models: int = 0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.layers_known + other.layers_known,
            self.layers + other.layers,
            self.models_followed + other.models_followed,
            self.models + other.models,
        )

    def to_json(self) -> list[int]:
        return [self.layers_known, self.layers, self.models_followed, self.models]

    @staticmethod
    def from_json(data: Any) -> Coverage:
        if not (isinstance(data, list) and len(data) == 4 and all(type(v) is int and v >= 0 for v in data)):
            raise ValueError("not a coverage record")
        return Coverage(*data)


def known_level(outputs: Sequence[Tensor]) -> Known:
    if not outputs or any(t.shape.dims is None for t in outputs):
        return "unknown"
    if any(d is UNKNOWN for t in outputs for d in (t.shape.dims or ())):
        return "rank"
    return "full"


def lost_reasons(model: Model) -> list[tuple[cst.CSTNode | None, str]]:
    """Where and why the analysis lost track of ``model``; empty when it was followed to the end."""
    from lstmlint.interp.explain import lost_reasons as reasons

    return reasons(model)


def followed(model: Model) -> bool:
    return not lost_reasons(model)


def uncounted(model: Model) -> bool:
    """An empty ``Sequential()`` that never got a layer, or a model subclass with no ``call``:
    not a model for the counts."""
    from lstmlint.interp.explain import empty_sequential, no_forward_pass

    return empty_sequential(model) or no_forward_pass(model)


def _model_items(models: Iterable[Model], variants: dict[int, tuple[int, ...]]) -> tuple[int, int]:
    """(followed, all) over the counted models: the pytest variants of one construct once, the
    iterations of an unrolled loop (same node, same call sites) once."""
    items: list[tuple[int, bool]] = []
    repeats: dict[int, tuple[int, ...]] = dict(variants)
    for m in models:
        if uncounted(m):
            continue
        items.append((m.uid, followed(m)))
        if m.uid not in variants:
            repeats[m.uid] = (2, id(m.node), *(id(n) for n in m.context))
    return _count(items, repeats)


def _count(items: Iterable[tuple[int, bool]], variants: dict[int, tuple[int, ...]]) -> tuple[int, int]:
    """(good, all) over (uid, good) pairs, counting the variants of one construct once: good only
    when every variant is."""
    good = total = 0
    grouped: dict[tuple[int, ...], bool] = {}
    for uid, ok in items:
        key = variants.get(uid)
        if key is None:
            good += ok
            total += 1
        else:
            grouped[key] = grouped.get(key, True) and ok
    return good + sum(grouped.values()), total + len(grouped)


def file_coverage(analysis: Analysis | None) -> Coverage:
    """Every layer application of the file (inside a model or not) and every model; the variants
    of one construct under several pytest parametrizations count once."""
    if analysis is None:
        return Coverage()
    apps: list[Application] = analysis.applications
    variants = analysis.variants
    layers_known, layers = _count(((a.uid, known_level(a.outputs) == "full") for a in apps), variants)
    models_followed, models = _model_items(analysis.models, variants)
    return Coverage(layers_known=layers_known, layers=layers, models_followed=models_followed, models=models)


def result_coverage(result: Any) -> Coverage:
    """The coverage of an ``api.FileResult``: from its analysis, else from the cache's record."""
    analysis = getattr(result, "analysis", None)
    if analysis is not None:
        return file_coverage(analysis)
    stored = getattr(result, "coverage", None)
    return stored if isinstance(stored, Coverage) else Coverage()


def total_coverage(results: Iterable[Any]) -> Coverage:
    total = Coverage()
    for r in results:
        total = total + result_coverage(r)
    return total


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "n/a"


def render_coverage(results: Iterable[Any]) -> str:
    """The ``--statistics`` line."""
    c = total_coverage(results)
    return (
        f"shape coverage: {c.layers_known} of {c.layers} layer applications fully known "
        f"({percent(c.layers_known, c.layers)}), {c.models_followed} of {c.models} models followed to the end\n"
    )


# ------------------------------------------------------------------ the JSON shape report
def _where(locate: Callable[[cst.CSTNode], Span] | None, node: cst.CSTNode | None) -> Span | None:
    if node is None or locate is None:
        return None
    return locate(node)


def _reason_text(locate: Callable[[cst.CSTNode], Span] | None, node: cst.CSTNode | None, why: str) -> str:
    span = _where(locate, node)
    return f"line {span.line}: {why}" if span is not None else why


def file_report(result: Any) -> dict[str, Any]:
    """``{"path", "models": [...]}`` for one ``api.FileResult`` (models empty when not analysed)."""
    from lstmlint.graph.summary import format_shape, summarize

    analysis: Analysis | None = getattr(result, "analysis", None)
    locate: Callable[[cst.CSTNode], Span] | None = getattr(result, "locate", None)
    models: list[dict[str, Any]] = []
    for summary in summarize(analysis, locate) if analysis is not None else []:
        if uncounted(summary.model):
            continue
        reasons: list[str] = []
        for node, why in lost_reasons(summary.model):
            text = _reason_text(locate, node, why)
            if text not in reasons:
                reasons.append(text)
        layers = []
        for app in summary.applications:
            span = _where(locate, app.node)
            layers.append(
                {
                    "line": span.line if span else None,
                    "column": span.column if span else None,
                    "layer": app.layer.cfg.display,
                    "output_shapes": [format_shape(t.shape) for t in app.outputs],
                    "known": known_level(app.outputs),
                }
            )
        models.append(
            {
                "name": summary.name,
                "line": summary.span.line if summary.span else None,
                "followed": not reasons,
                "lost": reasons,
                "layers": layers,
            }
        )
    return {"path": result.path, "models": models}
