"""The one way to walk a model graph: iterative, so depth never meets the recursion limit.

Every stage that follows tensors through layers (the interpreter's ``get_layer``, the static
summary, ``--confirm``, rules and fixes) uses these functions instead of writing its own walk.
A 1,500-layer Sequential model is a 1,500-deep chain: nothing here recurses.

Tensors whose shape the analysis lost may have no ``producer``; a ``Producers`` index built
from the applications' outputs (``producers(apps)``) finds the application that returned them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from lstmlint.graph.model import Application, InputNode, Tensor

Producers = dict[int, tuple[Application, int]]  # id(tensor) -> (application, output index)
Source = Application | InputNode | None


def producers(apps: Iterable[Application]) -> Producers:
    """Every tensor an application returned -> (application, output index), including the
    unknown ones whose ``producer`` the interpreter leaves empty."""
    made: Producers = {}
    for app in apps:
        for i, t in enumerate(app.outputs):
            made.setdefault(id(t), (app, i))
    return made


def producer_of(t: Tensor, made: Producers | None = None) -> tuple[Source, int]:
    """What made ``t`` (an application or an input) and which of its outputs ``t`` is."""
    if isinstance(t.producer, (Application, InputNode)):
        return t.producer, t.index
    found = made.get(id(t)) if made is not None else None
    return (found[0], found[1]) if found is not None else (None, 0)


def feeds(app: Application) -> list[Tensor]:
    """Every tensor ``app`` consumes: its inputs, then tensors passed as call arguments
    (``initial_state=[h, c]``, ``mask=...``), which Keras counts as part of the graph too."""
    out = list(app.inputs)
    stack: list[object] = list(reversed(list(app.call_kwargs.values())))
    extra: list[Tensor] = []
    while stack:
        v = stack.pop()
        if isinstance(v, Tensor):
            extra.append(v)
        elif isinstance(v, (list, tuple)):
            stack.extend(reversed(v))
        elif isinstance(v, dict):
            stack.extend(reversed(list(v.values())))
    out.extend(extra)
    return out


class Upstream(NamedTuple):
    """What feeds some tensors: applications in data-flow order, the inputs they start from,
    and the tensors whose producer the analysis does not follow (a slice, ``keras.ops``, a
    nested model): past those, the graph is incomplete."""

    apps: list[Application]
    inputs: list[InputNode]
    unfollowed: list[Tensor]


def walk_upstream(outputs: Iterable[Tensor], made: Producers | None = None) -> Upstream:
    """The applications feeding ``outputs`` in topological (data-flow) order, and the inputs
    they start from, in the order first met; call-argument tensors (``initial_state``) count.
    Iterative post-order: any depth is fine."""
    seen: set[int] = set()
    order: list[Application] = []
    inputs: list[InputNode] = []
    unfollowed: list[Tensor] = []
    work: list[tuple[Application | None, Tensor | None]] = [(None, t) for t in reversed(list(outputs))]
    while work:
        done, t = work.pop()
        if done is not None:  # every input of it is placed: place it
            order.append(done)
            continue
        assert t is not None
        source, _ = producer_of(t, made)
        if isinstance(source, InputNode):
            if source.uid not in seen:
                seen.add(source.uid)
                inputs.append(source)
            continue
        if source is None:
            if id(t) not in seen:
                seen.add(id(t))
                unfollowed.append(t)
            continue
        if source.uid in seen:
            continue
        seen.add(source.uid)
        work.append((source, None))
        work.extend((None, i) for i in reversed(feeds(source)))
    return Upstream(order, inputs, unfollowed)


def upstream(outputs: Iterable[Tensor], made: Producers | None = None) -> list[Application]:
    """Applications that feed ``outputs``, in topological order."""
    return walk_upstream(outputs, made).apps


def downstream(
    start: Iterable[Tensor], apps: Iterable[Application], passes: Callable[[Application], bool] | None = None
) -> list[Application]:
    """Applications among ``apps`` (in their order) that consume ``start`` or what they made.

    With ``passes``, the walk continues only through applications for which it is true; the
    others are returned but their outputs are not followed."""
    apps = list(apps)
    users: dict[int, list[Application]] = {}
    for app in apps:
        for t in feeds(app):
            bucket = users.setdefault(id(t), [])
            if not bucket or bucket[-1] is not app:
                bucket.append(app)
    found: dict[int, Application] = {}
    frontier = list(start)
    seen: set[int] = set()
    while frontier:
        t = frontier.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        for app in users.get(id(t), ()):
            if app.uid in found:
                continue
            found[app.uid] = app
            if passes is None or passes(app):
                frontier.extend(app.outputs)
    return [a for a in apps if a.uid in found]


def look_through(
    t: Tensor, passes: Callable[[Application], bool], limit: int = 50
) -> Iterator[tuple[Tensor, Application]]:
    """Walk up from ``t`` through single-input layers for which ``passes`` is true: yields each
    (tensor, the application that made it), ending with the first application that does not
    pass (or after ``limit`` steps). Used to find the cause of a shape behind Dropout & co."""
    for _ in range(limit):
        app = t.producer if isinstance(t.producer, Application) else None
        if app is None:
            return
        yield t, app
        if not passes(app) or not app.inputs:
            return
        t = app.inputs[0]


__all__ = [
    "Producers",
    "Upstream",
    "downstream",
    "feeds",
    "look_through",
    "producer_of",
    "producers",
    "upstream",
    "walk_upstream",
]
