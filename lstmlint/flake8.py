"""flake8 plugin: lstmlint's findings as flake8 violations (``LST101 ...``).

Registered under the ``flake8.extension`` entry point with the prefix ``LST``. flake8 hands
over the lines it already read; the plugin lints their text with lstmlint's api (it does not
read the file again). flake8 applies ``# noqa``, ``--select``/``--ignore`` and
``per-file-ignores`` itself; ``# lstmlint: ignore[...]`` comments work as on the command line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from lstmlint import __version__


class Plugin:
    name = "lstmlint"
    version = __version__

    def __init__(self, tree: ast.AST, lines: list[str], filename: str) -> None:
        self.lines = lines
        self.filename = filename

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        from lstmlint.api import lint_source
        from lstmlint.settings import Options

        text = "".join(self.lines)
        result = lint_source(text, self.filename, Options(noqa=False))
        if result.internal_error is not None:
            return
        for d in result.diagnostics:
            # flake8 columns are 0-based; lstmlint's Span is 1-based
            yield d.span.line, d.span.column - 1, f"{d.code} {d.message}", type(self)
