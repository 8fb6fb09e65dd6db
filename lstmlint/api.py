"""The programmatic API: lint text or paths, get typed results. Never prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .diagnostics import Diagnostic, Severity, Span
from .files import ReadError, discover, mentions_keras, read_source
from .frontend import Analysis, analyze
from .rules import RULES, Context, render


@dataclass(frozen=True)
class Options:
    select: frozenset[str] | None = None    # codes or prefixes to report; None = all
    ignore: frozenset[str] = frozenset()

    def wants(self, code: str) -> bool:
        if any(code.startswith(p) for p in self.ignore):
            return False
        return self.select is None or any(code.startswith(p) for p in self.select)


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: str | None = None
    module: cst.Module | None = None
    analysis: Analysis | None = None
    internal_error: str | None = None       # the tool failed on this file (not the user's fault)
    locate: Callable[[cst.CSTNode], Span] | None = None

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


class Locator:
    """Positions for the nodes we report, computed once per file and only when needed."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._positions: dict | None = None

    def __call__(self, node: cst.CSTNode) -> Span:
        if self._positions is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = dict(wrapper.resolve(PositionProvider))
        rng = self._positions.get(node)
        if rng is None:
            return Span(1, 1, 1, 1)
        return Span(rng.start.line, rng.start.column + 1, rng.end.line, rng.end.column + 1)


def _file_finding(path: str, code: str, message: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic(path, span or Span(1, 1, 1, 1), code, Severity.ERROR, message, help=None)


def lint_source(text: str, path: str = "<string>", options: Options | None = None) -> FileResult:
    options = options or Options()
    result = FileResult(path, source=text)
    if not mentions_keras(text):
        return result
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as e:
        span = Span(e.raw_line, e.raw_column + 1, e.raw_line, e.raw_column + 1)
        msg = f"syntax error, file not checked: {e.message}"
        result.diagnostics = [_file_finding(path, "LST002", msg, span)] if options.wants("LST002") else []
        return result
    except RecursionError:
        msg = "file is nested too deeply to parse, not checked"
        result.diagnostics = [_file_finding(path, "LST002", msg)] if options.wants("LST002") else []
        return result
    result.module = module
    locate = Locator(module)
    result.locate = locate
    try:
        analysis = analyze(module)
        result.analysis = analysis
        diagnostics = render(analysis, Context(path, module, locate)) if analysis.findings else []
    except Exception as e:  # noqa: BLE001 - the tool failed, not the user's code
        result.internal_error = f"{type(e).__name__}: {e}"
        return result
    result.diagnostics = sorted((d for d in diagnostics if options.wants(d.code)), key=Diagnostic.sort_key)
    return result


def lint_file(path: str, options: Options | None = None) -> FileResult:
    options = options or Options()
    try:
        text, _ = read_source(path)
    except ReadError as e:
        diags = [_file_finding(path, "LST001", e.message)] if options.wants("LST001") else []
        return FileResult(path, diags)
    return lint_source(text, path, options)


def lint_paths(paths: Iterable[str], options: Options | None = None) -> Iterator[FileResult]:
    for path in discover(list(paths)):
        yield lint_file(path, options)


def known_codes() -> list[str]:
    return sorted(RULES)
