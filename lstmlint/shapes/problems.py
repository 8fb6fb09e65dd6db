"""What a transfer function reports: a problem (Keras refuses) or a warning (Keras accepts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lstmlint.shapes.shape import UNKNOWN_SHAPE, Shape


class ShapeProblem(Exception):
    """Keras would refuse (severity decided by the code) to apply the layer to these inputs.

    ``kind`` names the situation for the rules that turn it into a diagnostic; ``operand``
    is the index of the input at fault when one is; ``data`` carries what the help needs;
    ``recovered`` is the output the layer would produce anyway, when that does not depend on
    the faulty input (a recurrent layer's output width does not), so that independent
    problems further down are still found.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        kind: str = "",
        operand: int | None = None,
        expected: str | None = None,
        data: dict[str, Any] | None = None,
        recovered: "Outcome | None" = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind or code
        self.operand = operand
        self.expected = expected
        self.data = data or {}
        self.recovered = recovered


@dataclass
class Outcome:
    """Output shapes of one layer application.

    ``multi`` is True when the layer returns a list of tensors (``return_state=True``,
    ``Bidirectional(merge_mode=None)``); ``None`` outputs mean "cannot tell even how many".
    """

    outputs: tuple[Shape, ...] | None
    multi: bool = False
    warnings: list[ShapeProblem] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def one(shape: Shape, **notes: Any) -> "Outcome":
        return Outcome((shape,), notes=dict(notes))

    @staticmethod
    def unknown(why: str = "") -> "Outcome":
        return Outcome(None, notes={"lost": why} if why else {})

    @property
    def first(self) -> Shape:
        return self.outputs[0] if self.outputs else UNKNOWN_SHAPE
