"""What lstmlint knows about one Keras layer class, and the traits rules and fixes ask.

This is the interface every other stage uses: ``spec_for(kind)`` gives a layer's
``LayerSpec`` (or None for a class lstmlint does not know); rules, fixes, the interpreter,
``--confirm`` and the summary ask ``spec.traits`` (or ``traits_of(kind)``) and never compare
layer names.

Each family module (``recurrent``, ``core``, ``conv``, ``merge``, ``attention``, ``opaque``)
declares its specs and registers them with ``register``; ``FAMILIES`` lists those modules.
A spec holds everything about its layer: names, positional parameters, accepted keyword
arguments per Keras version, constructor checks, the transfer function (output shapes and
build-time checks), the parameter count, what ``--confirm`` needs, traits, and its test
cases (built in real Keras by ``tests/test_shapes_vs_keras.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lstmlint.layers.accepted import KERAS2 as KERAS2_ACCEPTED
from lstmlint.layers.accepted import KERAS3 as KERAS3_ACCEPTED
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.source.keras_target import KerasVersion

if TYPE_CHECKING:
    from lstmlint.layers.config import LayerConfig
    from lstmlint.layers.params import ParamCount
    from lstmlint.shapes.shape import Shape

# the modules that declare specs, imported (once) the first time a spec is asked for
FAMILIES = (
    "lstmlint.layers.recurrent",
    "lstmlint.layers.core",
    "lstmlint.layers.conv",
    "lstmlint.layers.merge",
    "lstmlint.layers.attention",
    "lstmlint.layers.preprocessing",
    "lstmlint.layers.augmentation",
    "lstmlint.layers.einsum",
    "lstmlint.layers.rms_normalization",
    "lstmlint.layers.adaptive_pooling",
    "lstmlint.layers.lambda_layer",
    "lstmlint.layers.opaque",
    # layer libraries built on Keras (``layers/libraries.py``)
    "lstmlint.layers.qkeras",
    "lstmlint.layers.hgq",
    "lstmlint.layers.hgq2",
)

# keyword arguments any Keras layer takes to declare a Sequential model's input (Keras 2, and
# still read by Keras 3's Sequential), in the order the interpreter tries them
INPUT_SHAPE_KWARGS = ("input_shape", "batch_input_shape", "input_dim")
# ... and with ``batch_size``: what ``--confirm`` rebuilds as a separate ``Input``
INPUT_KWARGS = frozenset(INPUT_SHAPE_KWARGS + ("batch_size",))


# ``--confirm``: arguments never handed to Keras, on any layer: they name files, vocabularies,
# SavedModels, code or custom objects (reading or running them is not shape computation)
NEVER_REBUILT = frozenset(
    {
        "filepath",
        "call_endpoint",
        "call_training_endpoint",
        "vocabulary",
        "idf_weights",
        "function",
        "custom_objects",
        "module",
        "registered_name",
        "arguments",
        "weights",
        "config",
    }
)
# the families whose layers only compute shapes from shapes (no files, no state read from data,
# no user code): ``preprocessing`` (lookups, vocabularies) and ``other`` (Lambda, TFSMLayer) are not
REBUILD_FAMILIES = frozenset({"recurrent", "cell", "conv", "conv_recurrent", "core", "wrapper", "merge", "attention"})
# arguments any rebuildable layer takes (Keras' base ``Layer``): they never read anything
REBUILD_COMMON = frozenset({"name", "dtype", "trainable", "autocast"}) | INPUT_KWARGS


@dataclass(frozen=True)
class Traits:
    """Facts about a layer class that rules and fixes reason with."""

    family: str = "core"  # recurrent, cell, wrapper, conv, merge, attention, core, ...
    recurrent: bool = False  # a recurrent layer that consumes (batch, time, features)
    sequence_flag: str | None = None  # the argument that makes it return every time step
    states: int = 0  # states returned after the output with return_state=True
    wraps: str | None = None  # the argument holding a wrapped layer (Bidirectional, TimeDistributed)
    merge: bool = False  # called on a list of tensors
    elementwise: bool = False  # a merge that combines its inputs value by value (Add & co.)
    rank_preserving: bool = False  # output rank equals input rank: look through it for a cause
    weightless: bool = False  # has no weights
    cell: bool = False  # a recurrent cell, used only inside RNN
    cells: str | None = None  # the argument holding the cell(s): RNN(cell), StackedRNNCells(cells)
    spread_call: bool = False  # called with several tensors as arguments: ``mha(q, v, k)``
    calls: str | None = None  # the argument holding a function the layer calls on its input (Lambda)
    # Keras 2 only: the argument with which the layer, first in a Sequential, declares the model's
    # input ``(batch, value)`` (``(batch, None)`` without it): Embedding's ``input_length``
    keras2_input: str | None = None
    # a recurrent layer's input: its rank and how to name its axes (ConvLSTM2D reads 5-D
    # (batch, time, rows, cols, channels)); rules ask these, never assume 3-D
    sequence_rank: int = 3
    sequence_layout: str = "(batch, time, features)"
    # the layer emits a Keras mask: ``"input"``, shaped as its input (Embedding), when the
    # ``mask_flag`` argument is true; ``"features"``, over every axis but the last (Masking)
    mask: str | None = None
    mask_flag: str | None = None
    # how the layer passes on a Keras mask its one input carries (measured in keras 3.15.1 and
    # tf_keras 2.21 after ``Embedding(mask_zero=True)``): ``"keeps"``, its output carries it
    # (Dense, Dropout); ``"sequences"``, a recurrent layer's output carries it when it returns
    # sequences, its states never; None: not modelled
    mask_pass: str | None = None


@dataclass(frozen=True)
class Case:
    """One test case, built in real Keras 3 by ``tests/test_shapes_vs_keras.py``.

    ``call`` is the Python expression applying the layer, written with ``layers.`` and the
    inputs ``i0``, ``i1``, ...; ``inputs`` are their shapes without the batch axis. The test
    compares lstmlint's verdict (builds or not) and output shapes with Keras'.
    """

    call: str
    inputs: tuple[tuple[int | None, ...], ...]


Infer = Callable[["LayerConfig", "list[Shape]", bool], "Outcome"]
Check = Callable[["LayerConfig"], "ShapeProblem | None"]
Counter = Callable[["LayerConfig", "list[Shape]"], "ParamCount"]


@dataclass(frozen=True, eq=False)
class LayerSpec:
    """Everything lstmlint knows about one layer class."""

    name: str  # the canonical Keras class name
    aliases: tuple[str, ...] = ()  # other spellings (Keras 1/2 names, short forms)
    params: tuple[str, ...] = ()  # positional parameters, in Keras' order
    traits: Traits = Traits()
    # output shapes and build-time checks: (config, input shapes, called on a list) -> Outcome,
    # raising ShapeProblem when Keras refuses; None: recognised, its output is not followed
    infer: Infer | None = None
    # constructor checks (Keras raises when the layer is created), run in order, first wins
    checks: tuple[Check, ...] = ()
    # the weights Keras creates, or raise ``params.NotCountable``; None: not modelled
    # (a ``weightless`` layer counts zero without a counter)
    count: Counter | None = None
    # the keyword arguments each Keras version accepts (None: not recorded yet). Only a table:
    # no finding reads it yet.
    kwargs: Mapping[KerasVersion, frozenset[str]] | None = None
    # the functional form in ``keras.layers`` (``add``) and its positional parameters
    functional: tuple[str, tuple[str, ...]] | None = None
    cases: tuple[Case, ...] = field(default=(), compare=False)
    # ``--confirm``: None lets ``may_rebuild`` decide (a class of ``REBUILD_FAMILIES`` whose shapes
    # lstmlint models, or a cell); False: never rebuilt in Keras; a set: the keyword
    # arguments, besides ``params`` and the recorded ``kwargs``, the worker may pass
    rebuild: frozenset[str] | bool | None = None
    # the layer library (import root) the class belongs to, ``layers/libraries.py``; "" for Keras'
    # own layers. A library's class is not in Keras: ``all_specs`` leaves it out
    library: str = ""

    def may_rebuild(self, keyword: str | None = None) -> bool:
        """Whether ``--confirm`` may build this class in Keras (``keyword`` None), and pass it
        the argument ``keyword``. Only pure shape-computing classes qualify (no files, no
        SavedModels, no user functions); arguments naming files, vocabularies, custom objects
        or code are never passed, whatever the layer."""
        if self.rebuild is False:
            return False
        if self.rebuild is None and (
            self.traits.family not in REBUILD_FAMILIES or (self.infer is None and not self.traits.cell)
        ):
            return False
        if keyword is None:
            return True
        if keyword in NEVER_REBUILT or keyword.startswith("_"):
            return False
        if keyword in self.params or keyword in REBUILD_COMMON:
            return True
        if isinstance(self.rebuild, frozenset) and keyword in self.rebuild:
            return True
        if self.kwargs is None:
            return True  # not recorded yet: the names above still hold
        return any(keyword in names for names in self.kwargs.values())

    def accepts(self, keyword: str, version: KerasVersion = KerasVersion.KERAS3) -> bool | None:
        """Whether Keras ``version`` accepts ``keyword`` in the constructor; None when not recorded."""
        names = self.accepted(version)
        return None if names is None else keyword in names

    def accepted(self, version: KerasVersion = KerasVersion.KERAS3) -> frozenset[str] | None:
        """The constructor keywords Keras ``version`` accepts: the spec's own ``kwargs`` for that
        version, else the table generated from the installed ``keras``/``tf_keras``
        (``layers/accepted.py``); None when not recorded."""
        if self.kwargs is not None and version in self.kwargs:
            return self.kwargs[version]
        return (KERAS3_ACCEPTED if version is KerasVersion.KERAS3 else KERAS2_ACCEPTED).get(self.name)

    def owns(self, keyword: str) -> bool:
        """Whether ``keyword`` is one of the layer's own parameters (``Embedding(input_dim=)``
        is a vocabulary size, not a declared input shape)."""
        return keyword in self.params


_SPECS: dict[str, LayerSpec] = {}
_LOADED: list[bool] = []


def register(*specs: LayerSpec) -> None:
    """Add specs to the registry under their name and every alias."""
    for spec in specs:
        for name in (spec.name, *spec.aliases):
            if name in _SPECS and _SPECS[name] is not spec:
                raise ValueError(f"layer name {name!r} is declared twice")
            _SPECS[name] = spec


def _load() -> None:
    if not _LOADED:
        _LOADED.append(True)
        for module in FAMILIES:
            importlib.import_module(module)


def table() -> dict[str, LayerSpec]:
    """Every spec under its name and aliases (the live table: tests may patch it)."""
    _load()
    return _SPECS


def all_specs() -> list[LayerSpec]:
    """Each spec of a Keras layer once, in declaration order (a layer library's specs are
    reached by name only: ``layers/libraries.py``)."""
    seen: dict[int, LayerSpec] = {}
    for spec in table().values():
        if not spec.library:
            seen.setdefault(id(spec), spec)
    return list(seen.values())


def spec_for(kind: str) -> LayerSpec | None:
    """The spec of the layer class called ``kind`` (any alias), or None when unknown."""
    if not _LOADED:  # once: the families' modules register their specs
        _load()
    return _SPECS.get(kind)


def may_rebuild(kind: str, keyword: str | None = None) -> bool:
    """Whether ``--confirm`` may build the class ``kind`` (and pass it ``keyword``): see
    ``LayerSpec.may_rebuild``. A class lstmlint does not know is never built."""
    spec = spec_for(kind)
    return spec is not None and spec.may_rebuild(keyword)


# the traits of a class lstmlint does not know (frozen: one instance serves every such class)
NO_TRAITS = Traits()


def traits_of(kind: str) -> Traits:
    """The traits of ``kind``; an unknown class has none."""
    spec = spec_for(kind)
    return spec.traits if spec is not None else NO_TRAITS


# functional merge forms by name (``add`` -> ("Add", ("inputs",))), read once from the table (again
# when its size changes: tests may patch it); the first spec declaring a form wins
_MERGE_FORMS: dict[str, tuple[str, tuple[str, ...]]] = {}
_MERGE_FORMS_OF: list[int] = [-1]  # the size of the table they were read from


def functional_merge(name: str) -> tuple[str, tuple[str, ...]] | None:
    """The layer class and positional parameters of a functional merge form (``add``)."""
    specs = table()
    if _MERGE_FORMS_OF[0] != len(specs):
        _MERGE_FORMS.clear()
        for spec in all_specs():
            if spec.functional is not None:
                _MERGE_FORMS.setdefault(spec.functional[0], (spec.name, spec.functional[1]))
        _MERGE_FORMS_OF[0] = len(specs)
    return _MERGE_FORMS.get(name)


def infer_layer(cfg: LayerConfig, inputs: list[Shape], is_list: bool = False) -> Outcome:
    """Output shapes of ``cfg`` applied to ``inputs``; raises ShapeProblem when Keras refuses."""
    return infer_with(spec_for(cfg.kind), cfg, inputs, is_list)


def infer_with(spec: LayerSpec | None, cfg: LayerConfig, inputs: list[Shape], is_list: bool = False) -> Outcome:
    """``infer_layer``, for a caller that has ``spec_for(cfg.kind)`` already."""
    if spec is None or spec.infer is None:
        return Outcome.unknown(f"layer `{cfg.kind}` is not modelled")
    return spec.infer(cfg, inputs, is_list)
