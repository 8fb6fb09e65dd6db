"""Findings of ``--confirm``: what real Keras says about the graph lstmlint extracted.

These rules are never produced by the static analysis; ``lstmlint.confirm.session`` builds the
diagnostics directly from the worker's answers. They are registered so that their codes can
be selected, ignored and documented like every other code.
"""

from __future__ import annotations

from lstmlint.codes import Code
from lstmlint.rules.base import Rule, register

_CONFIRM_SAFETY = "No fix: this reports a difference between lstmlint and Keras."


@register
class ConfirmShapeDisagreement(Rule):
    code = Code.CONFIRM_SHAPE_DISAGREEMENT
    what = (
        "With `--confirm`, lstmlint rebuilds the layer graph it extracted in real Keras and compares "
        "every layer's output shape with its own. This reports a layer whose known dimensions differ."
    )
    why = "Either lstmlint models the layer wrongly (please report it) or a symbolic size took a stand-in value."
    example = "lstmlint --confirm model.py"
    use_instead = "nothing to change in your code; report the disagreement to lstmlint"
    fix_safety = _CONFIRM_SAFETY
    runnable = False  # produced by --confirm from real Keras, not by linting


@register
class ConfirmUnreportedKerasError(Rule):
    code = Code.CONFIRM_UNREPORTED_KERAS_ERROR
    what = (
        "With `--confirm`, reports a layer that Keras refuses to build although lstmlint knew its "
        "input shapes and found no problem."
    )
    why = "A shape error lstmlint missed, or one caused by a stand-in value for a symbolic size."
    example = "lstmlint --confirm model.py"
    use_instead = "fix the layer as Keras' message says; and report the miss to lstmlint"
    fix_safety = _CONFIRM_SAFETY
    runnable = False  # produced by --confirm from real Keras, not by linting


@register
class ConfirmModelResult(Rule):
    code = Code.CONFIRM_MODEL_RESULT
    what = (
        "With `--confirm`, one line per model: whether Keras builds the extracted graph, where it "
        "refuses it, and whether every output shape agrees with lstmlint's."
    )
    why = "It shows that lstmlint's verdict holds in real Keras, and which stand-in values were used."
    example = "lstmlint --confirm model.py"
    use_instead = "nothing; informational"
    fix_safety = _CONFIRM_SAFETY
    runnable = False  # produced by --confirm from real Keras, not by linting


@register
class ConfirmNotRebuilt(Rule):
    code = Code.CONFIRM_NOT_REBUILT
    what = (
        "With `--confirm`, reports a model lstmlint could not hand to Keras: no input shape, arguments "
        "that are not known statically, a layer Keras does not have, or a timeout."
    )
    why = "Its findings stay unconfirmed (`confirmed: null`)."
    example = "lstmlint --confirm model.py"
    use_instead = "give the model a literal input shape"
    fix_safety = _CONFIRM_SAFETY
    runnable = False  # produced by --confirm from real Keras, not by linting
