"""The programmatic API: lint text or paths, get typed results. Never prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lstmlint.diagnostics import Diagnostic, Severity, Span
from lstmlint.settings import Resolver
from lstmlint.source.files import ReadError, discover, mentions_keras, read_source
from lstmlint.interp import Analysis, analyze
from lstmlint.source.notebooks import SUFFIX as NOTEBOOK_SUFFIX, NotebookError, annotate, notebook_source
from lstmlint.rules import RULES, Context, render
from lstmlint.source.suppressions import apply_suppressions


@dataclass(frozen=True)
class Options:
    select: frozenset[str] | None = None    # codes or prefixes to report; None = all
    ignore: frozenset[str] | None = None    # None = nothing (or, on the command line: the config's)
    # [tool.lstmlint] and its overrides (lstmlint/settings.py); None = not given, the config decides
    warnings_as_errors: bool | None = None  # warnings make the exit status 1
    exclude: tuple[str, ...] | None = None  # replaces the config's / default exclusions
    extend_exclude: tuple[str, ...] = ()
    config: str | None = None               # use this file's [tool.lstmlint] for every file
    isolated: bool = False                  # read no configuration file
    noqa: bool = True                       # honour `# noqa` (the flake8 plugin leaves it to flake8)

    def wants(self, code: str) -> bool:
        if self.ignore and any(code.startswith(p) for p in self.ignore):
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
    warnings_as_errors: bool = False

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def fails(self) -> bool:
        """Should this file make the exit status 1 (errors, or warnings under warnings-as-errors)?"""
        if self.warnings_as_errors:
            return any(d.severity in (Severity.ERROR, Severity.WARNING) for d in self.diagnostics)
        return self.has_errors


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
    result = FileResult(path, source=text, warnings_as_errors=bool(options.warnings_as_errors))
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
    diagnostics = sorted((d for d in diagnostics if options.wants(d.code)), key=Diagnostic.sort_key)
    result.diagnostics = apply_suppressions(text, path, diagnostics, options)
    return result


def lint_file(path: str, options: Options | None = None) -> FileResult:
    options = options or Options()
    try:
        text, _ = read_source(path)
    except ReadError as e:
        diags = [_file_finding(path, "LST001", e.message)] if options.wants("LST001") else []
        return FileResult(path, diags, warnings_as_errors=bool(options.warnings_as_errors))
    if path.endswith(NOTEBOOK_SUFFIX):
        return _lint_notebook(path, text, options)
    return lint_source(text, path, options)


def _lint_notebook(path: str, raw: str, options: Options) -> FileResult:
    """A notebook's code cells as one program; each diagnostic names its cell (frontend/notebooks.py)."""
    try:
        nb = notebook_source(raw)
    except NotebookError as e:
        diags = [_file_finding(path, "LST001", str(e))] if options.wants("LST001") else []
        return FileResult(path, diags, warnings_as_errors=bool(options.warnings_as_errors))
    if not nb.python:
        return FileResult(path, source=nb.text, warnings_as_errors=bool(options.warnings_as_errors))
    result = lint_source(nb.text, path, options)
    result.diagnostics = annotate(result.diagnostics, nb)
    return result


def lint_paths(paths: Iterable[str], options: Options | None = None) -> Iterator[FileResult]:
    """Lint files and folders; each file gets its [tool.lstmlint] settings under ``options``'
    overrides. Raises ``config.ConfigError`` for a bad configuration."""
    resolver = Resolver(options or Options())
    for path in discover(list(paths), skip=resolver.excluded):
        yield lint_file(path, resolver.options_for(path))


def known_codes() -> list[str]:
    return sorted(RULES)
