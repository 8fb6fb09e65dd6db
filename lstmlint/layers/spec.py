"""What lstmlint knows about one Keras layer class, and the traits rules and fixes ask.

This is the interface every other stage uses: ``spec_for(kind)`` gives a layer's
``LayerSpec`` (or None for a class lstmlint does not know); rules, fixes, the interpreter,
``--confirm`` and the summary ask ``spec.traits`` and never compare layer names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Traits:
    """Facts about a layer class that rules and fixes reason with."""

    family: str = "core"              # recurrent, cell, wrapper, conv, merge, attention, core, ...
    recurrent: bool = False           # a recurrent layer that consumes (batch, time, features)
    sequence_flag: str | None = None  # the argument that makes it return every time step
    states: int = 0                   # states returned after the output with return_state=True
    wraps: str | None = None          # the argument holding a wrapped layer (Bidirectional, TimeDistributed)
    merge: bool = False               # called on a list of tensors
    elementwise: bool = False         # a merge that combines its inputs value by value (Add & co.)
    rank_preserving: bool = False     # output rank equals input rank: look through it for a cause
    weightless: bool = False          # has no weights
    cell: bool = False                # a recurrent cell, used only inside RNN


@dataclass(frozen=True)
class LayerSpec:
    """Everything lstmlint knows about one layer class (filled in per family module)."""

    name: str                          # the canonical Keras class name
    aliases: tuple[str, ...] = ()      # other spellings (Keras 1/2 names, short forms)
    params: tuple[str, ...] = ()       # positional parameters, in Keras' order
    traits: Traits = Traits()


_SPECS: dict[str, LayerSpec] = {}


def register(spec: LayerSpec) -> LayerSpec:
    for name in (spec.name, *spec.aliases):
        _SPECS[name] = spec
    return spec


def spec_for(kind: str) -> LayerSpec | None:
    """The spec of the layer class called ``kind`` (any alias), or None when unknown."""
    if not _SPECS:
        _load()
    return _SPECS.get(kind)


def traits_of(kind: str) -> Traits:
    """The traits of ``kind``; an unknown class has none."""
    spec = spec_for(kind)
    return spec.traits if spec is not None else Traits()


def _load() -> None:
    # transitional: built from the registry until each family module registers its specs
    from lstmlint.layers.registry import LAYERS

    rnn = {"LSTM": 2, "GRU": 1, "SimpleRNN": 1, "RNN": 0}
    weightless = {"Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Activation", "Masking",
                  "ReLU", "LeakyReLU", "ELU", "Softmax", "ActivityRegularization", "Identity",
                  "SpatialDropout1D", "RepeatVector", "Flatten", "Reshape", "Permute"}
    preserving = weightless - {"RepeatVector", "Flatten", "Reshape", "Permute"} | {
        "BatchNormalization", "LayerNormalization", "Dense"}
    for name, d in LAYERS.items():
        if name in _SPECS:
            continue
        recurrent = name in rnn or name == "Bidirectional"
        traits = Traits(
            family=d.family,
            recurrent=recurrent,
            sequence_flag="return_sequences" if recurrent else None,
            states=rnn.get(name, 0),
            wraps="layer" if name in ("Bidirectional", "TimeDistributed") else None,
            merge=d.merge,
            elementwise=d.merge and d.family == "merge" and name not in ("Concatenate", "Dot"),
            rank_preserving=name in preserving,
            weightless=name in weightless or (d.merge and d.family == "merge"),
            cell=d.family == "cell",
        )
        aliases = tuple(a for a, other in LAYERS.items() if other is d and a != d.name)
        register(LayerSpec(d.name, aliases, d.params, traits))
