"""Findings about lstmlint's own comments rather than about the model."""

from __future__ import annotations

from lstmlint.codes import Code
from lstmlint.rules.base import Rule, register


@register
class UnusedSuppression(Rule):
    code = Code.UNUSED_SUPPRESSION
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
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 4))\n"
        "x = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "x = layers.LSTM(16)(x)  # lstmlint: ignore[LST101]\n"
    )
    use_instead = (
        "import keras\n"
        "from keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(10, 4))\n"
        "x = layers.LSTM(32, return_sequences=True)(inputs)\n"
        "x = layers.LSTM(16)(x)\n"
    )
    fix_safety = "No automatic fix; the help line names the comment or codes to remove."
