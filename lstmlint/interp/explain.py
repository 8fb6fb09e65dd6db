"""``--verbose``: for each model, where the analysis lost track of its shapes and why.

Silence is the linter's answer whenever it cannot prove something; this says which silences
are "checked and fine" and which are "not followed from line N on".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import libcst as cst

from lstmlint.graph.model import Analysis, Application, Model, Tensor


def _place(
    locate: Callable[[cst.CSTNode], Any] | None,
    node: cst.CSTNode | None,
    places: Callable[[cst.CSTNode], str | None] | None,
) -> str:
    """``line N`` of the analysed file, or ``other/file.py:N`` for a node of a followed module."""
    if node is not None and places is not None:
        shown = places(node)
        if shown is not None:
            return shown
    return f"line {_line(locate, node)}"


def _line(locate: Callable[[cst.CSTNode], Any] | None, node: cst.CSTNode | None) -> str:
    if node is None or locate is None:
        return "?"
    try:
        return str(locate(node).line)
    except Exception:  # noqa: BLE001 - a position is a nicety here
        return "?"


def _causes(outputs: Iterable[Tensor]) -> list[tuple[cst.CSTNode | None, str]]:
    """Why each output (or the first unknown tensor upstream of it) is unknown."""
    out: list[tuple[cst.CSTNode | None, str]] = []
    seen: set[int] = set()
    stack = list(outputs)
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        if t.shape.dims is not None:
            continue
        if t.lost is not None:
            out.append(t.lost)
            continue
        p = t.producer
        if isinstance(p, Application):
            if p.outcome is not None and "lost" in p.outcome.notes:
                out.append((p.node, p.outcome.notes["lost"]))
                continue
            unknown_in = [i for i in p.inputs if i.shape.dims is None]
            if unknown_in:
                stack.extend(unknown_in)
                continue
            out.append((p.node, f"output of `{p.layer.cfg.display}` is not known"))
    return out


def lost_reasons_of(tensors: Iterable[Tensor]) -> list[tuple[cst.CSTNode | None, str]]:
    """Why each of ``tensors`` (or the first unknown tensor upstream of it) is unknown."""
    return _causes(tensors)


def model_name(model: Model) -> str:
    kinds = {"sequential": "Sequential model", "functional": "model", "subclassed": "subclassed model"}
    what = kinds.get(model.kind, "model")
    return f"{what} `{model.var}`" if model.var else what


def lost_reasons(model: Model) -> list[tuple[cst.CSTNode | None, str]]:
    """Where and why the analysis lost track of ``model``; empty when it was followed to the end
    (outputs of known rank, nothing lost on the way)."""
    reasons: list[tuple[cst.CSTNode | None, str]] = list(model.lost)
    if not model.outputs:
        if not reasons:
            reasons.append((model.node, "its outputs are not tensors the analysis follows"))
        return reasons
    reasons += _causes(model.outputs)
    if not reasons and any(t.shape.dims is None for t in model.outputs):
        # an output nothing recorded a cause for (a parameter as `input_shape`, say)
        reasons.append((model.node, "its output's shape is not known"))
    return reasons


def empty_sequential(model: Model) -> bool:
    """A ``Sequential()`` that never got a layer or an input, with nothing the analysis lost on
    it (``report/coverage.py`` does not count it as a model)."""
    if model.kind != "sequential" or model.lost:
        return False
    return not (model.applications or model.inputs or model.outputs)


def no_forward_pass(model: Model) -> bool:
    """A ``keras.Model`` subclass none of whose classes defines ``call`` (Keras refuses to call
    it), with no output: not counted as a model (``report/coverage.py``)."""
    return model.no_forward and not model.outputs


def explain_model(
    model: Model,
    locate: Callable[[cst.CSTNode], Any] | None,
    places: Callable[[cst.CSTNode], str | None] | None = None,
) -> list[str]:
    """Why ``model`` is (not) followed; ``places`` names the nodes of followed modules."""
    head = f"{model_name(model)} (line {_line(locate, model.node)})"
    if empty_sequential(model):
        return [f"{head}: empty, no layer is ever added: not counted as a model"]
    if no_forward_pass(model):
        return [f"{head}: its class defines no `call`, so Keras cannot call it: not counted as a model"]
    reasons = lost_reasons(model)
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()
    for node, why in reasons:
        key = (_place(locate, node, places), why)
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"{head}: shape unknown after {key[0]}: {why}")
    if not lines:
        shapes = ", ".join(str(t.shape) for t in model.outputs)
        partial = any(t.shape.dims is not None and any(str(d) == "?" for d in t.shape.dims) for t in model.outputs)
        state = "followed to the end, some sizes unknown" if partial else "followed to the end"
        lines.append(f"{head}: {state}: output {shapes}")
    return lines


def explain_analysis(path: str, analysis: Analysis, locate: Callable[[cst.CSTNode], Any] | None) -> list[str]:
    places = analysis.places
    lines = [f"{path}: {text}" for model in analysis.models for text in explain_model(model, locate, places)]
    if not analysis.models:
        lines.append(f"{path}: no Keras model found")
    # statements not followed that no model's account already mentions
    for node, why in analysis.lost:
        place = _place(locate, node, places)
        if any(f"after {place}: {why}" in text for text in lines):
            continue
        text = f"{path}: {place}: not followed: {why}"
        if text not in lines:
            lines.append(text)
    return lines


def explain_results(results: Iterable[Any]) -> str:
    """The ``--verbose`` report for lint results (``api.FileResult``)."""
    out: list[str] = []
    for r in results:
        if getattr(r, "explanation", None) is not None:  # worked out while the run streamed
            out += r.explanation
        elif r.analysis is not None:
            out += explain_analysis(r.path, r.analysis, r.locate)
    return "".join(line + "\n" for line in out)
