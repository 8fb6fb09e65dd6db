"""Layer libraries built on Keras (QKeras, HGQ, kapre): their classes as layer specs.

A library layer such as QKeras' ``QDense`` is a subclass of a Keras layer with the same shape
rule and a few extra constructor arguments (quantizers). It is modelled like Keras' own
layers: one spec in the registry, derived from its Keras base's spec (same transfer function,
same constructor checks, same traits) under the library's class name, with the library's own
positional parameters and keyword arguments. Each library lives in its own module
(``layers/qkeras.py``, ``layers/hgq.py``, ...) which registers its specs here under the
library's import root; the import resolver then maps a reference ``qkeras.qlayers.QDense``
(however imported) to the spec ``QDense`` (``library_kind``).

The spec wins over the library's source: where the project also holds the library's own
modules (an sdist analysed with its package), a name a spec models is never followed into that
source (``KerasOverlay.claims``): the spec is the library's measured behaviour, the source is
code built on Keras internals the analysis cannot follow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from lstmlint.layers.spec import Infer, LayerSpec, Traits, register, table
from lstmlint.source.keras_target import KerasVersion

# import root -> the class names (and aliases) that library's specs model
_LIBRARIES: dict[str, frozenset[str]] = {}


def derive(
    base: LayerSpec,
    name: str,
    params: tuple[str, ...],
    extra: Iterable[str] = (),
    *,
    aliases: tuple[str, ...] = (),
    versions: Iterable[KerasVersion] = (KerasVersion.KERAS2,),
    traits: Traits | None = None,
    infer: Infer | None = None,
    counted: bool = True,
) -> LayerSpec:
    """The spec of a library class ``name`` that subclasses the Keras layer ``base``.

    ``params`` are the library constructor's parameters in order (a positional argument binds
    by the library's order, which may differ from Keras'); ``extra`` the further keywords its
    constructor takes. The accepted keywords are recorded for the Keras ``versions`` the
    library runs on (the library's own parameters, plus whatever it hands on to the Keras base
    through ``**kwargs``); for the others nothing is recorded, so no keyword is ever refused
    there. ``infer`` replaces the base's transfer function. ``counted``: the class creates the
    same weights as its base (else not modelled)."""
    kwargs: dict[KerasVersion, frozenset[str]] = {}
    for version in versions:
        names = base.accepted(version)
        if names is not None:
            kwargs[version] = names | frozenset(params) | frozenset(extra)
    return replace(
        base,
        name=name,
        aliases=aliases,
        params=params,
        traits=base.traits if traits is None else traits,
        infer=base.infer if infer is None else infer,
        count=base.count if counted else None,
        kwargs=kwargs or None,
        functional=None,
        cases=(),  # the base's cases are built in Keras with the base's name
        rebuild=False,  # ``--confirm`` builds plain Keras only: the library is not installed there
    )


def register_library(root: str, *specs: LayerSpec) -> tuple[LayerSpec, ...]:
    """Register ``specs`` (classes of the library imported as ``root``) in the layer registry,
    marked as that library's (``LayerSpec.library``: never in ``all_specs``, which Keras builds);
    returns the registered specs."""
    marked = tuple(replace(spec, library=root) for spec in specs)
    register(*marked)
    names = {n for spec in marked for n in (spec.name, *spec.aliases)}
    _LIBRARIES[root] = _LIBRARIES.get(root, frozenset()) | names
    return marked


def library_specs(root: str | None = None) -> list[LayerSpec]:
    """Each registered spec of a layer library (of ``root`` only, when given) once."""
    seen: dict[int, LayerSpec] = {}
    for spec in table().values():
        if spec.library and (root is None or spec.library == root):
            seen.setdefault(id(spec), spec)
    return list(seen.values())


def library_kind(qual: str) -> str | None:
    """The spec name of the library layer class ``qual`` names (``qkeras.QDense``,
    ``HGQ.layers.HDense``, ``kapre.time_frequency.STFT``), or None when ``qual`` is not one."""
    root, _, rest = qual.partition(".")
    if not rest:
        return None
    table()  # the library modules register when the registry first loads
    names = _LIBRARIES.get(root)
    if names is None:
        return None
    name = rest.rpartition(".")[2]
    if name not in names:
        return None
    spec = table().get(name)
    return None if spec is None else spec.name


def library_roots() -> frozenset[str]:
    """The import roots of the modelled layer libraries."""
    table()
    return frozenset(_LIBRARIES)
