"""Findings about lstmlint's own comments rather than about the model."""

from __future__ import annotations

from lstmlint.diagnostics import Severity
from lstmlint.rules.base import Rule, register


@register
class UnusedSuppression(Rule):
    code = "LST901"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "A suppression comment suppresses nothing, or names an unknown code"
    what = (
        "Reports a `# lstmlint: ignore[...]` comment, or an `LST` code in a `# noqa: ...` list, "
        "that matched no finding on its line, and codes in them that lstmlint does not know. "
        "A plain `# noqa` and other tools' codes (`# noqa: E501`) are never reported: they may "
        "serve another linter. Codes disabled by `select`/`ignore` are not reported either."
    )
    why = (
        "A stale suppression hides the next real problem on that line: once the shape error "
        "it was written for is fixed, any new error with the same code goes unseen."
    )
    example = (
        "x = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "x = layers.LSTM(16)(x)  # lstmlint: ignore[LST101]   <- nothing to ignore any more"
    )
    use_instead = (
        "x = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "x = layers.LSTM(16)(x)"
    )
    fix_safety = "No automatic fix; the help line names the comment or codes to remove."
