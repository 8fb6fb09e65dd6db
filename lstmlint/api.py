"""The programmatic API: lint text or paths, get typed results. Never prints."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from lstmlint import gc_pause
from lstmlint.codes import Code
from lstmlint.diagnostics import Diagnostic, Severity, Span
from lstmlint.interp import Analysis, analyze
from lstmlint.rules import Context, render
from lstmlint.rules.versions import keras2_import_findings
from lstmlint.settings import Options, Resolver
from lstmlint.source import guard, modules
from lstmlint.source.files import MAX_BYTES, ReadError, discover, mentions_keras, read_source
from lstmlint.source.gitignore import GitIgnore
from lstmlint.source.keras_target import Target, detect
from lstmlint.source.modules import imports_keras_module
from lstmlint.source.notebooks import MAX_FILE_BYTES as NOTEBOOK_MAX_BYTES
from lstmlint.source.notebooks import SUFFIX as NOTEBOOK_SUFFIX
from lstmlint.source.notebooks import LeftOut, NotebookError, NotebookSource, annotate, notebook_source
from lstmlint.source.parsing import parse_module
from lstmlint.source.positions import Locator
from lstmlint.source.suppressions import apply_suppressions, skips_file

if TYPE_CHECKING:
    from lstmlint.report.coverage import Coverage


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: str | None = None
    module: cst.Module | None = None
    analysis: Analysis | None = None
    internal_error: str | None = None  # the tool failed on this file (not the user's fault)
    locate: Callable[[cst.CSTNode], Span] | None = None
    warnings_as_errors: bool = False
    coverage: Coverage | None = None  # shape coverage counted before the analysis was dropped (run.py)
    target: Target | None = None  # the Keras the file was judged by, and why (None: not analysed)
    # the project modules the analysis followed: (path, SHA-256 or "" when looked for and absent)
    followed: tuple[tuple[str, str], ...] = ()
    # the --verbose lines of a result whose analysis was dropped while the run streamed (cli.py)
    explanation: tuple[str, ...] | None = None

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def fails(self) -> bool:
        """Should this file make the exit status 1 (errors, or warnings under warnings-as-errors)?"""
        if self.warnings_as_errors:
            return any(d.severity in (Severity.ERROR, Severity.WARNING) for d in self.diagnostics)
        return self.has_errors


def _file_finding(path: str, code: str, message: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic(path, span or Span(1, 1, 1, 1), code, Severity.ERROR, message, help=None)


def lint_source(
    text: str,
    path: str = "<string>",
    options: Options | None = None,
    *,
    module: cst.Module | None = None,
    locator: Locator | None = None,
) -> FileResult:
    """Lint ``text``; ``module``: the caller's ``parse_module(text)`` when it has it (the language
    server re-parses only the statements an edit touched), used unless the guard refuses ``text``;
    ``locator``: that module's positions, when the caller has them."""
    options = options or Options()
    result = FileResult(path, source=text, warnings_as_errors=bool(options.warnings_as_errors))
    if skips_file(text):  # `# lstmlint: skip-file`
        return result
    if not mentions_keras(text) and not _imports_keras_module(text, path):
        return result
    parsed = parse(text, path, options) if module is None or guard.check(text) is not None else module
    if not isinstance(parsed, cst.Module):
        result.diagnostics = parsed
        return result
    if parsed is not module:
        gc_pause.parsed()  # the new tree out of the young generations, untraversed (gc_pause.py)
    return _lint_module(parsed, result, options, text, locator if parsed is module else None)


def _imports_keras_module(text: str, path: str) -> bool:
    """Whether ``text`` (of the file ``path``) imports a project module that mentions Keras."""
    if path in ("<string>", "-", "<stdin>") or path.startswith("<") or "import" not in text:
        return False
    return imports_keras_module(text, Path(path))


def parse(text: str, path: str, options: Options) -> cst.Module | list[Diagnostic]:
    """``text`` parsed by libcst, or the finding that says why it was not (LST002, LST003).

    ``source.guard`` first: libcst's native parser crashes the process on deeply nested code and
    takes gigabytes on huge files, so those are refused before it sees them."""
    too_complex = guard.check(text)
    if too_complex is not None:
        span = Span(too_complex.line, 1, too_complex.line, 1)
        wanted = options.wants(Code.FILE_TOO_COMPLEX)
        return [_file_finding(path, Code.FILE_TOO_COMPLEX, too_complex.message, span)] if wanted else []
    try:
        return parse_module(text)
    except cst.ParserSyntaxError as e:
        span = Span(e.raw_line, e.raw_column + 1, e.raw_line, e.raw_column + 1)
        msg = f"syntax error, file not checked: {e.message}"
        wanted = options.wants(Code.SYNTAX_ERROR)
        return [_file_finding(path, Code.SYNTAX_ERROR, msg, span)] if wanted else []
    except UnicodeError as e:  # e.g. a lone surrogate, which no Python file can hold
        wanted = options.wants(Code.SYNTAX_ERROR)
        msg = f"file not checked: not valid source text ({type(e).__name__})"
        return [_file_finding(path, Code.SYNTAX_ERROR, msg)] if wanted else []
    except RecursionError:
        msg = "file not checked: nested too deeply to parse"
        wanted = options.wants(Code.FILE_TOO_COMPLEX)
        return [_file_finding(path, Code.FILE_TOO_COMPLEX, msg)] if wanted else []


def _lint_module(
    module: cst.Module,
    result: FileResult,
    options: Options,
    parsed: str | None = None,
    locator: Locator | None = None,
) -> FileResult:
    """Analyse a parsed module into ``result`` (its ``source`` is the text reported on);
    ``parsed`` is the exact text ``module`` was parsed from, when the caller has it."""
    path, text = result.path, result.source or ""
    result.module = module
    result.target = keras_target(text, path, options)
    reuse = locator is not None and locator.module is module
    locate: Callable[[cst.CSTNode], Span] = locator if reuse and locator is not None else Locator(module)
    result.locate = locate
    try:
        real = path not in ("<string>", "-", "<stdin>") and not path.startswith("<")
        analysis = analyze(module, result.target, parsed, path if real else None, options.keras_setting)
        analysis.findings.extend(keras2_import_findings(module, result.target.version, parsed))
        result.analysis = analysis
        result.followed = tuple(sorted(analysis.followed.items()))
        if analysis.elsewhere is not None:  # findings moved here from a followed module
            locate = result.locate = relocated(locate, analysis.elsewhere)
        diagnostics = render(analysis, Context(path, module, locate)) if analysis.findings else []
    except RecursionError:  # an expression the guard let through is still too deep for the interpreter
        result.module = result.analysis = result.locate = None
        msg = "file not checked: an expression is nested too deeply to analyse"
        wanted = options.wants(Code.FILE_TOO_COMPLEX)
        result.diagnostics = [_file_finding(path, Code.FILE_TOO_COMPLEX, msg)] if wanted else []
        return result
    except Exception as e:  # noqa: BLE001 - the tool failed, not the user's code
        result.internal_error = f"{type(e).__name__}: {e}"
        return result
    diagnostics = sorted((d for d in diagnostics if options.wants(d.code)), key=Diagnostic.sort_key)
    result.diagnostics = apply_suppressions(text, path, diagnostics, options)
    return result


def relocated(
    locate: Callable[[cst.CSTNode], Span], elsewhere: Callable[[cst.CSTNode], cst.CSTNode | None]
) -> Callable[[cst.CSTNode], Span]:
    """``locate``, where a node of another module (a label of a finding moved here from an
    imported module) is shown at this file's call into that module."""

    def locate_here(node: cst.CSTNode) -> Span:
        call = elsewhere(node)
        return locate(node if call is None else call)

    return locate_here


def keras_target(text: str, path: str, options: Options) -> Target:
    """The Keras ``text`` (the source of ``path``) is judged by under ``options``' ``keras-version``
    (``auto``: the file's imports, else the project's pins found above ``path``)."""
    real = path not in ("<string>", "-", "<stdin>") and not path.startswith("<")
    return detect(text, Path(path) if real else None, options.keras_setting)


def lint_file(path: str, options: Options | None = None) -> FileResult:
    """Lint one file. Never raises: a failure of lstmlint itself is ``internal_error``."""
    options = options or Options()
    try:
        with gc_pause.paused():  # the collector would traverse the parse tree and the analysis again and again
            return _lint_file(path, options)
    except Exception as e:  # noqa: BLE001 - the tool failed on this file; the run goes on
        return FileResult(
            path, internal_error=f"{type(e).__name__}: {e}", warnings_as_errors=bool(options.warnings_as_errors)
        )


def _lint_file(path: str, options: Options) -> FileResult:
    try:
        text, data = read_source(path, NOTEBOOK_MAX_BYTES if path.endswith(NOTEBOOK_SUFFIX) else MAX_BYTES)
    except ReadError as e:
        wanted = options.wants(Code.UNREADABLE_FILE)
        diags = [_file_finding(path, Code.UNREADABLE_FILE, e.message)] if wanted else []
        return FileResult(path, diags, warnings_as_errors=bool(options.warnings_as_errors))
    if path.endswith(NOTEBOOK_SUFFIX):
        return _lint_notebook(path, text, options)
    # a project module another file's analysis already read and parsed is not parsed again, and
    # this file's parse is kept for a later file that imports it (source/modules.py)
    before = modules.parsed_before(path, text, data)
    result = lint_source(text, path, options, module=before)
    if before is None and result.module is not None:
        modules.remember(path, text, data, result.module)
    return result


def lint_text(text: str, path: str, options: Options | None = None) -> FileResult:
    """Lint ``text`` as the content of ``path`` (a notebook's JSON when ``path`` ends in ``.ipynb``):
    what ``lstmlint - --stdin-filename PATH`` checks."""
    options = options or Options()
    try:
        with gc_pause.paused():  # as in ``lint_file``
            if path.endswith(NOTEBOOK_SUFFIX):
                return _lint_notebook(path, text, options)
            return lint_source(text, path, options)
    except Exception as e:  # noqa: BLE001 - the tool failed on this input, reported as such
        return FileResult(
            path, internal_error=f"{type(e).__name__}: {e}", warnings_as_errors=bool(options.warnings_as_errors)
        )


def _lint_notebook(path: str, raw: str, options: Options) -> FileResult:
    """A notebook's code cells as one program; each diagnostic names its cell (source/notebooks.py).

    Jupyter runs cells one by one, so a cell that does not parse is reported (LST002) and left
    out, and the others are analysed."""
    wae = bool(options.warnings_as_errors)
    try:
        nb = notebook_source(raw)
    except NotebookError as e:
        wanted = options.wants(Code.UNREADABLE_FILE)
        diags = [_file_finding(path, Code.UNREADABLE_FILE, str(e))] if wanted else []
        return FileResult(path, diags, warnings_as_errors=wae)
    result = FileResult(path, source=nb.text, warnings_as_errors=wae)
    if not nb.python or not mentions_keras(nb.text) or skips_file(nb.text):
        return result
    parsed = parse(nb.text, path, options)
    if not isinstance(parsed, cst.Module) or nb.bad_cells:
        nb = _leave_out_bad_cells(nb)
        parsed = parse(nb.text, path, options)
    cell_findings = [d for d in _left_out_findings(path, nb) if options.wants(d.code)]
    if not isinstance(parsed, cst.Module):
        result.diagnostics = annotate(sorted(cell_findings + parsed, key=Diagnostic.sort_key), nb)
        return result
    result = _lint_module(parsed, result, options, nb.text)
    result.diagnostics = annotate(sorted(cell_findings + result.diagnostics, key=Diagnostic.sort_key), nb)
    return result


def _leave_out_bad_cells(nb: NotebookSource) -> NotebookSource:
    """``nb`` without the code cells that cannot be parsed on their own (each one's reason kept)."""
    lines = nb.text.split("\n")
    cells: dict[int, list[int]] = {}
    for i, (cell, _) in enumerate(nb.cells, start=1):
        cells.setdefault(cell, []).append(i)
    for cell, numbers in cells.items():
        if cell in nb.bad_cells:
            continue
        text = "\n".join(lines[i - 1] for i in numbers) + "\n"
        too_complex = guard.check(text)  # never hand libcst what may crash it
        if too_complex is not None:
            message = f"cell {cell} {too_complex.message.replace('file not checked', 'not checked')}"
            nb = nb.without_cell(cell, LeftOut(message, too_complex.line, 1, too_complex=True))
            continue
        try:
            parse_module(text)
        except cst.ParserSyntaxError as e:
            why = LeftOut(f"syntax error, cell {cell} not checked: {e.message}", e.raw_line, e.raw_column + 1)
            nb = nb.without_cell(cell, why)
        except (RecursionError, UnicodeError, ValueError):
            nb = nb.without_cell(cell, LeftOut(f"cell {cell} cannot be parsed: not checked", too_complex=True))
    return nb


def _left_out_findings(path: str, nb: NotebookSource) -> list[Diagnostic]:
    out = []
    for cell, why in sorted(nb.bad_cells.items()):
        first = nb.cell_program_lines(cell)
        line = (first[0] if first else 1) + why.line - 1
        code = Code.FILE_TOO_COMPLEX if why.too_complex else Code.SYNTAX_ERROR
        out.append(_file_finding(path, code, why.message, Span(line, why.column, line, why.column)))
    return out


def lint_paths(paths: Iterable[str], options: Options | None = None) -> Iterator[FileResult]:
    """Lint files and folders; each file gets its [tool.lstmlint] settings under ``options``'
    overrides. Raises ``config.ConfigError`` for a bad configuration."""
    resolver = Resolver(options or Options())
    ignored = GitIgnore() if resolver.overrides.respect_gitignore else None
    for path in discover(list(paths), skip=resolver.excluded, ignored=ignored):
        yield lint_file(path, resolver.options_for(path))


def known_codes() -> list[str]:
    """Every registered code (``lstmlint.codes`` is the one table)."""
    return [str(code) for code in Code]
