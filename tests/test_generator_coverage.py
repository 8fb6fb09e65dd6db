"""The generated differential suite (``tests/gen/``) draws every layer lstmlint models.

Fast tier: reads the generator's code (the layer class names it writes) and its registry-driven
kind lists, never builds anything. A layer with a transfer function (``spec.infer``) must be
drawn by the generator, or be listed in ``NOT_GENERATED`` with the reason; the list is kept
honest (no drawn layer, no unknown name in it).
"""

from __future__ import annotations

import ast
from pathlib import Path

from gen import strategies

from lstmlint.layers.spec import all_specs

STRATEGIES = Path(strategies.__file__)

# layers lstmlint models that random graphs do not draw, and why; each is still checked
# against Keras by its own cases in tests/test_shapes_vs_keras.py
NOT_GENERATED: dict[str, str] = {
    "Lambda": "runs a user function: its shapes come from analysing that code, not from arguments",
    "TextVectorization": "needs string inputs and a vocabulary (adapt or vocabulary=)",
    "StringLookup": "needs string inputs and a vocabulary",
    "IntegerLookup": "needs a vocabulary; outputs integer ids no generated layer takes",
    "Hashing": "outputs integer bins (or one-hot of a chosen size) from ids; its cases cover the modes",
    "CategoryEncoding": "needs integer ids below num_tokens: random float tensors are not valid input",
    "Discretization": "outputs integer bucket ids no generated layer takes; its cases cover the modes",
    "Normalization": "needs adapt() or mean/variance matching the input: a data-dependent setup",
    "ThresholdedReLU": "Keras 2 only (the generated graphs are built in Keras 3); built in tf_keras by "
    "tests/test_libsuites_keras.py",
}


def _drawn() -> set[str]:
    """Layer class names the generator can draw: string literals in its code that name a
    registered layer, and the kinds it takes from the registry (recurrent layers, cells, ConvLSTM)."""
    names = {spec.name for spec in all_specs()}
    literals = {
        node.value
        for node in ast.walk(ast.parse(STRATEGIES.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    dynamic = set(strategies.RNN_KINDS) | set(strategies.CELL_KINDS) | set(strategies.CONV_RNN_KINDS.values())
    return (literals & names) | dynamic


def _modelled() -> set[str]:
    """Layers with a transfer function (cells are drawn inside RNN and have none of their own)."""
    return {spec.name for spec in all_specs() if spec.infer is not None}


def test_the_generator_draws_every_modelled_layer() -> None:
    missing = _modelled() - _drawn() - set(NOT_GENERATED)
    assert not missing, f"layers lstmlint models that tests/gen never draws: {sorted(missing)}"


def test_the_exclusions_are_real_and_justified() -> None:
    assert set(NOT_GENERATED) <= _modelled(), sorted(set(NOT_GENERATED) - _modelled())
    assert not set(NOT_GENERATED) & _drawn(), sorted(set(NOT_GENERATED) & _drawn())
    assert all(reason.strip() for reason in NOT_GENERATED.values())


def test_the_generator_draws_every_convlstm_rank() -> None:
    assert sorted(strategies.CONV_RNN_KINDS) == [4, 5, 6]
    assert {"ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"} <= _drawn()
