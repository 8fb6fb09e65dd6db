"""Reporters: one module per output format, all fed the same list of results."""

from __future__ import annotations

from importlib import import_module
from typing import IO, Protocol, Sequence

from ..api import FileResult


class Reporter(Protocol):
    def __call__(self, results: Sequence[FileResult], out: IO[str], *, color: bool) -> None: ...


FORMATS = {
    "text": "lstmlint.reporters.text",
    "json": "lstmlint.reporters.json",
}


def get_reporter(name: str) -> Reporter:
    return import_module(FORMATS[name]).report  # type: ignore[no-any-return]
