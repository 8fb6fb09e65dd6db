"""What lstmlint reports: typed, frozen, position-resolved findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Span:
    """A source range. Lines and columns are 1-based; ``end_column`` points just past the end."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Label:
    span: Span
    message: str
    primary: bool = False


@dataclass(frozen=True)
class Diagnostic:
    path: str
    span: Span
    code: str
    severity: Severity
    message: str
    labels: tuple[Label, ...] = ()
    notes: tuple[str, ...] = ()
    help: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    confirmed: bool | None = None  # --confirm: Keras agrees (True), does not (False), not rebuilt (None)
    confirm_note: str | None = None  # --confirm: what Keras said

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "help": self.help,
            "labels": [
                {
                    "line": lb.span.line,
                    "column": lb.span.column,
                    "end_line": lb.span.end_line,
                    "end_column": lb.span.end_column,
                    "message": lb.message,
                    "primary": lb.primary,
                }
                for lb in self.labels
            ],
            "notes": list(self.notes),
            "confirmed": self.confirmed,
            "confirm_note": self.confirm_note,
        }
