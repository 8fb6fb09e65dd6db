"""Keras layers lstmlint recognises but does not follow yet: their output shape is unknown,
which is never a finding. Moving one of them into its family module with a transfer function
and cases is how a layer gets modelled (see CONTRIBUTING.md, "Add a layer")."""

from __future__ import annotations

from lstmlint.layers.spec import LayerSpec, Traits, register

register(
    *(
        LayerSpec(name, traits=Traits(family="other"))
        for name in (
            "Layer",
            "Wrapper",
            "TFSMLayer",
        )
    )
)
