"""Reporters: one module per output format, all fed the same list of results.

Each module has ``report(results, out, *, color, **options)``; ``FORMATS`` maps the
``--format`` name to the module, imported only when chosen.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # (the command line imports this module before it needs the analysis)
    from lstmlint.api import FileResult


class Reporter(Protocol):
    def __call__(self, results: Sequence[FileResult], out: IO[str], *, color: bool, **options: Any) -> None: ...


FORMATS = {
    "text": "lstmlint.report.text",
    "concise": "lstmlint.report.concise",
    "json": "lstmlint.report.json",
    "sarif": "lstmlint.report.sarif",
    "github": "lstmlint.report.github",
    "markdown": "lstmlint.report.markdown",
}

# formats that can append the annotated models (--annotate)
ANNOTATABLE = frozenset({"text", "markdown", "json"})  # json: the shape report (report/coverage.py)


def get_reporter(name: str) -> Reporter:
    return import_module(FORMATS[name]).report  # type: ignore[no-any-return]


def use_color(stream: IO[str], no_color: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Colour only on a terminal, never with ``--no-color`` or a non-empty ``NO_COLOR``
    (https://no-color.org: an empty value does not count)."""
    env = os.environ if environ is None else environ
    if no_color or env.get("NO_COLOR", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False
