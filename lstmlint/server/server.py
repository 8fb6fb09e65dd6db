"""``lstmlint server``: the language server (pygls) on stdio.

Scheduling: an opened or saved document is analysed at once; an edit is analysed after a quiet
period (``DEBOUNCE`` seconds), so typing stays fluid. Analyses run one at a time in a worker
thread, off the event loop, so the server keeps answering while a long file is analysed. A
result whose document has moved on to a newer version is dropped, never published.

Diagnostics are published as soon as the lint is done; the shapes (hover, inlay hints, lenses)
are gathered right after. Requests answer from the analysis of the current text, starting it at
once if it is still in its quiet period. One exception keeps hover instant while typing: a
hover whose answer depends only on lines above the first edited one (the module runs top down)
is answered from the previous analysis. While the text does not parse, hovers, hints and
lenses come from the last text that did, mapped line by line.
"""

from __future__ import annotations

import asyncio
import difflib
import gc
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from lstmlint import __version__
from lstmlint.codes import Code
from lstmlint.diagnostics import Diagnostic, Severity, Span
from lstmlint.server import adapter
from lstmlint.server.adapter import LineEdit, Snapshot
from lstmlint.server.notebook import Cell, NotebookError, Program, program
from lstmlint.source import keras_target

log = logging.getLogger("lstmlint.server")

DEBOUNCE = 0.3
SOURCE = "lstmlint"
FIX_ALL_KIND = "source.fixAll.lstmlint"
SUMMARY_COMMAND = "lstmlint.showSummary"
NOTEBOOK_SELECTOR = [
    lsp.NotebookDocumentFilterWithCells(notebook="*", cells=[lsp.NotebookCellLanguage(language="python")])
]
SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
PYTHON_IDS = frozenset({"python", "python3", "ipython", "py"})
# [tool.lstmlint] lives in pyproject.toml; the Keras target of `auto` also reads the pins
WATCHED_GLOBS = (
    "**/pyproject.toml",
    "**/requirements*.txt",
    "**/requirements*.in",
    "**/requirements/*.txt",
    "**/constraints*.txt",
    "**/setup.cfg",
    "**/setup.py",
    "**/environment.yml",
    "**/environment.yaml",
    "**/Pipfile",
)
UNNECESSARY = frozenset({Code.UNUSED_SUPPRESSION})  # unused suppression: the editor greys it out
DEPRECATED = frozenset({Code.KERAS2_ONLY_ARGUMENT})  # a Keras 2 argument Keras 3 removed: struck through


def uri_to_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return path


# ------------------------------------------------------------------ documents
@dataclass
class Unit:
    """What is analysed as one program: a Python file, or a notebook's code cells."""

    uri: str
    version: int
    text: str
    notebook: Program | None = None
    snapshot: Snapshot | None = None
    good: Snapshot | None = None  # the last analysis of text that parsed
    parsed: Snapshot | None = None  # the last lint of text that parsed (its parse is reused by the next)
    task: asyncio.Task[Snapshot | None] | None = None
    published: set[str] = field(default_factory=set)  # URIs we have sent diagnostics for
    outdated: bool = False  # the configuration changed since the analysis
    debouncing: bool = False  # the pending analysis waits for a quiet period
    locations: Locations | None = field(default=None, repr=False)  # of the current text, kept for requests

    @property
    def path(self) -> str:
        return uri_to_path(self.uri) or self.uri

    @property
    def fresh(self) -> bool:
        return self.snapshot is not None and self.snapshot.text == self.text and not self.outdated


class Locations:
    """Program positions (1-based lines, code-point columns) <-> client positions of one unit."""

    def __init__(self, unit: Unit, encoding: str) -> None:
        self.unit = unit
        self.encoding = encoding
        self.text = unit.text  # what the lines are of (the unit moves on with each edit)
        self.notebook = unit.notebook
        self.lines = unit.text.splitlines()

    def _units(self, text: str, column: int) -> int:
        """Code points [0, column) of ``text`` in the client's position encoding."""
        head = text[:column]
        if self.encoding == lsp.PositionEncodingKind.Utf8:
            return len(head.encode("utf-8"))
        if self.encoding == lsp.PositionEncodingKind.Utf32:
            return len(head)
        return len(head.encode("utf-16-le")) // 2

    def _points(self, text: str, units: int) -> int:
        """Client units -> code points on ``text``."""
        count = 0
        for i, ch in enumerate(text):
            if count >= units:
                return i
            count += self._units(ch, 1)
        return len(text)

    def line_text(self, line0: int) -> str:
        return self.lines[line0] if 0 <= line0 < len(self.lines) else ""

    def position(self, line: int, column: int) -> tuple[str, lsp.Position] | None:
        """1-based program line and column -> (URI, client position)."""
        line0 = line - 1
        char = self._units(self.line_text(line0), column - 1)
        nb = self.notebook
        if nb is None:
            return self.unit.uri, lsp.Position(line0, char)
        at = nb.to_cell(line0)
        if at is None:
            return None
        return at[0].uri, lsp.Position(at[1], char)

    def range(self, span: Span) -> tuple[str, lsp.Range] | None:
        start = self.position(span.line, span.column)
        end = self.position(span.end_line, span.end_column)
        if start is None:
            return None
        if end is None or end[0] != start[0]:  # a span across cells: clip to the first
            end = (start[0], lsp.Position(start[1].line, start[1].character + 1))
        return start[0], lsp.Range(start[1], end[1])

    def program_point(self, uri: str, pos: lsp.Position) -> tuple[int, int] | None:
        """Client position in ``uri`` -> 1-based program line and column."""
        nb = self.notebook
        line0: int | None = pos.line if nb is None else nb.to_program(uri, pos.line)
        if line0 is None:
            return None
        return line0 + 1, self._points(self.line_text(line0), pos.character) + 1

    def edits(self, edits: Sequence[LineEdit]) -> dict[str, list[lsp.TextEdit]] | None:
        """Line edits of the program -> text edits per document (None: an edit spans cells)."""
        out: dict[str, list[lsp.TextEdit]] = {}
        raw = self.text.splitlines(keepends=True)
        nb = self.notebook
        for e in edits:
            if nb is None:
                if e.end < len(raw) or not raw or raw[-1].endswith(("\n", "\r")):
                    end = lsp.Position(e.end, 0)
                else:  # the last line has no line break: end at its end
                    end = lsp.Position(len(raw) - 1, self._units(raw[-1], len(raw[-1])))
                out.setdefault(self.unit.uri, []).append(lsp.TextEdit(lsp.Range(lsp.Position(e.start, 0), end), e.text))
                continue
            mapped = self._cell_edit(nb, e, raw)
            if mapped is None:
                return None
            out.setdefault(mapped[0], []).append(mapped[1])
        return out

    def _cell_edit(self, nb: Program, e: LineEdit, raw: list[str]) -> tuple[str, lsp.TextEdit] | None:
        anchor = e.start if e.start < len(nb.where) else e.start - 1
        at = nb.to_cell(anchor)
        if at is None:
            return None
        cell, _ = at
        index = nb.cells.index(cell)
        lines = nb.cell_lines(index)
        if not (lines.start <= e.start and e.end <= lines.stop):
            return None
        cell_raw = cell.text.splitlines(keepends=True)
        for k in range(e.start, e.end):  # the program's lines must be the cell's (no blanked magic)
            if raw[k].rstrip("\r\n") != cell_raw[k - lines.start].rstrip("\r\n"):
                return None
        start = lsp.Position(e.start - lines.start, 0)
        text = e.text
        if e.end == lines.stop and not (cell_raw and cell_raw[-1].endswith(("\n", "\r"))):
            last = cell_raw[-1] if cell_raw else ""
            end = lsp.Position(max(len(cell_raw) - 1, 0), self._units(last, len(last)))
            text = text[:-1] if text.endswith("\n") else text
            if e.start == e.end:  # an insertion after the cell's last line
                start, text = end, "\n" + text
        else:
            end = lsp.Position(e.end - lines.start, 0)
        return cell.uri, lsp.TextEdit(lsp.Range(start, end), text)


# ------------------------------------------------------------------ the server
class LstmlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "lstmlint",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            notebook_document_sync=lsp.NotebookDocumentSyncOptions(notebook_selector=NOTEBOOK_SELECTOR, save=True),
        )
        self.units: dict[str, Unit] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lstmlint-analysis")
        self.inlay_hints = True
        self.debounce = DEBOUNCE
        self.config_errors_shown: set[str] = set()

    # -------------------------------------------------------------- settings
    def configure(self, settings: Any) -> None:
        if not isinstance(settings, dict):
            return
        section = settings.get("lstmlint", settings)
        if not isinstance(section, dict):
            return
        if isinstance(section.get("inlayHints"), bool):
            self.inlay_hints = section["inlayHints"]
        delay = section.get("debounceMs")
        if isinstance(delay, (int, float)) and not isinstance(delay, bool) and 0 <= delay <= 5000:
            self.debounce = float(delay) / 1000

    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding
        return str(enc) if enc is not None else lsp.PositionEncodingKind.Utf16

    def locations(self, unit: Unit) -> Locations:
        """The unit's position converter, made once per text (each request used to split the text)."""
        encoding = self.encoding
        loc = unit.locations
        if loc is None or loc.text is not unit.text or loc.notebook is not unit.notebook or loc.encoding != encoding:
            loc = unit.locations = Locations(unit, encoding)
        return loc

    # -------------------------------------------------------------- units
    def unit_for(self, uri: str) -> Unit | None:
        unit = self.units.get(uri)
        if unit is not None:
            return unit
        nb = self.workspace.get_notebook_document(cell_uri=uri)
        return self.units.get(nb.uri) if nb is not None else None

    def open_text(self, uri: str, version: int, text: str) -> Unit:
        unit = self.units.get(uri)
        if unit is None:
            unit = self.units[uri] = Unit(uri, version, text)
        unit.version, unit.text = version, text
        return unit

    def open_notebook(self, uri: str) -> Unit | None:
        doc = self.workspace.get_notebook_document(notebook_uri=uri)
        if doc is None:
            return None
        cells = []
        for c in doc.cells:
            text = self.workspace.get_text_document(c.document).source
            cells.append(Cell(c.document, c.kind == lsp.NotebookCellKind.Code, text))
        try:
            nb = program(cells)
        except NotebookError as e:
            log.warning("notebook %s: %s", uri, e)
            nb = Program("", cells, [], {})
        unit = self.units.get(uri)
        if unit is None:
            unit = self.units[uri] = Unit(uri, doc.version, nb.text, nb)
        unit.version, unit.text, unit.notebook = doc.version, nb.text, nb
        return unit

    def close(self, uri: str) -> None:
        unit = self.units.pop(uri, None)
        if unit is None:
            return
        if unit.task is not None:
            unit.task.cancel()
        targets = unit.published | ({unit.uri} if unit.notebook is None else {c.uri for c in unit.notebook.cells})
        for target in sorted(targets):
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=target, diagnostics=[]))

    # -------------------------------------------------------------- analysis
    def schedule(self, unit: Unit, delay: float) -> asyncio.Task[Snapshot | None]:
        if unit.task is not None and not unit.task.done():
            unit.task.cancel()
        unit.task = asyncio.ensure_future(self._analyse(unit, unit.version, unit.text, delay))
        return unit.task

    async def _analyse(self, unit: Unit, version: int, text: str, delay: float) -> Snapshot | None:
        if delay > 0:
            unit.debouncing = True
            try:
                await asyncio.sleep(delay)
            finally:
                unit.debouncing = False
        try:
            return await self._analyse_now(unit, version, text)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # lstmlint failed: say so, keep serving
            log.exception("analysis of %s failed", unit.uri)
            self.window_log_message(
                lsp.LogMessageParams(lsp.MessageType.Error, f"lstmlint failed on {unit.uri}: {type(e).__name__}: {e}")
            )
            return None

    async def _analyse_now(self, unit: Unit, version: int, text: str) -> Snapshot | None:
        path = unit.path
        loop = asyncio.get_running_loop()

        def stale() -> bool:  # also asked from the worker: a queued job for an old version never runs
            return self.units.get(unit.uri) is not unit or unit.version != version or unit.text is not text

        snap = await loop.run_in_executor(self.pool, _analyse_blocking, text, path, stale, unit.parsed)
        if snap is not None and snap.parsed:
            unit.parsed = snap  # even when stale: the next edit's parse starts from the latest text
        if snap is None or stale():
            return None  # a newer version arrived meanwhile: drop this one
        self.publish(unit, snap)  # diagnostics first; the shapes follow
        shaped = await loop.run_in_executor(self.pool, _shapes_blocking, snap, stale)
        if shaped is None or stale():
            return None
        unit.snapshot = snap
        unit.outdated = False
        if snap.parsed:
            unit.good = snap
        if snap.config_error and snap.config_error not in self.config_errors_shown:
            self.config_errors_shown.add(snap.config_error)
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning, f"lstmlint: {snap.config_error}"))
        if snap.internal_error:
            self.window_log_message(
                lsp.LogMessageParams(lsp.MessageType.Error, f"lstmlint failed on {unit.uri}: {snap.internal_error}")
            )
        return snap

    async def snapshot(self, uri: str, wait: bool = True) -> tuple[Unit, Snapshot] | None:
        """The analysis of the document's current text (waiting for it if ``wait``)."""
        unit = self.unit_for(uri)
        if unit is None:
            return None
        if unit.fresh or not wait:
            return (unit, unit.snapshot) if unit.snapshot is not None else None
        for _ in range(5):  # a newer edit may supersede the analysis we wait for
            task = unit.task
            if task is None or task.done() or unit.debouncing:  # a request needs it now: no quiet period
                task = self.schedule(unit, 0)
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                pass
            except Exception:  # noqa: BLE001 - logged by _analyse; answer from what there is
                break
            if unit.fresh:
                break
        return (unit, unit.snapshot) if unit.snapshot is not None else None

    def publish(self, unit: Unit, snap: Snapshot) -> None:
        loc = self.locations(unit)
        by_uri: dict[str, list[lsp.Diagnostic]] = {}
        for d in snap.diagnostics:
            converted = to_lsp_diagnostic(d, loc)
            if converted is not None:
                by_uri.setdefault(converted[0], []).append(converted[1])
        targets = set(by_uri) | unit.published
        if unit.notebook is None:
            targets.add(unit.uri)
        else:
            targets |= {c.uri for c in unit.notebook.cells if c.code}
        for target in sorted(targets):
            version = unit.version if target == unit.uri else None
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=target, diagnostics=by_uri.get(target, []), version=version)
            )
        unit.published = set(by_uri)


def _analyse_blocking(
    text: str, path: str, stale: Callable[[], bool], previous: Snapshot | None = None
) -> Snapshot | None:
    if stale():
        return None
    real = path if os.path.isabs(path) else None
    options, error = adapter.options_for(real)
    excluded = adapter.excluded(real)
    return adapter.analyse(text, path, options, error, excluded=excluded, shapes=False, previous=previous)


def _shapes_blocking(snap: Snapshot, stale: Callable[[], bool]) -> Snapshot | None:
    if stale():
        return None
    try:  # given up as soon as a newer version arrives: its analysis (and a hover on it) goes first
        return adapter.add_shapes(snap, stale)
    except adapter.Stopped:
        return None


def shapes_view(unit: Unit, snap: Snapshot) -> tuple[Snapshot, dict[int, int] | None]:
    """The analysis to take shapes from, and its lines -> the current text's lines (None: same
    text). While the text does not parse (mid-typing), the last analysis that did is used."""
    if not snap.parsed and unit.good is not None:
        snap = unit.good
    if snap.text == unit.text:
        return snap, None
    return snap, adapter.line_map(snap.text, unit.text)


# ------------------------------------------------------------------ conversions
def to_lsp_diagnostic(d: Diagnostic, loc: Locations) -> tuple[str, lsp.Diagnostic] | None:
    where = loc.range(d.span)
    if where is None:
        return None
    uri, rng = where
    related = []
    for label in d.labels:
        if label.primary:
            continue
        at = loc.range(label.span)
        if at is not None:
            related.append(lsp.DiagnosticRelatedInformation(lsp.Location(at[0], at[1]), label.message))
    message = d.message
    primary = [lb.message for lb in d.labels if lb.primary and lb.message]
    if primary:
        message += f"\n{primary[0]}"
    if d.help:
        message += f"\nhelp: {d.help}"
    for note in d.notes:
        if not note.startswith("notebook cell"):
            message += f"\nnote: {note}"
    tags = (
        [lsp.DiagnosticTag.Unnecessary]
        if d.code in UNNECESSARY
        else [lsp.DiagnosticTag.Deprecated]
        if d.code in DEPRECATED
        else None
    )
    return uri, lsp.Diagnostic(
        range=rng,
        message=message,
        severity=SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Warning),
        code=d.code,
        code_description=lsp.CodeDescription(href=adapter.rule_url(d.code)),
        source=SOURCE,
        related_information=related or None,
        tags=tags,
        data={"code": d.code, "line": d.span.line, "column": d.span.column},
    )


def hover_markdown(fact: adapter.ShapeFact) -> str:
    head = f"output shape `{fact.shape}`"
    if fact.params is not None:
        head += f" · {fact.params} params"
    lines = [f"**{fact.title}**", "", head]
    if fact.why:
        lines += ["", *(f"- {why}" for why in fact.why)]
    if fact.detail:
        lines += ["", "```python", fact.detail, "```"]
    return "\n".join(lines)


def word_at(text: str, column0: int) -> str | None:
    if not text:
        return None
    i = min(column0, len(text))
    start, end = i, i
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    word = text[start:end]
    return word if word and not word[0].isdigit() else None


def map_line(old: str, new: str, line: int) -> int | None:
    """A 1-based line of ``new`` -> the same, unchanged line of ``old`` (None if edited)."""
    a, b = old.splitlines(), new.splitlines()
    for tag, i1, _, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if j1 < line <= j2:
            return i1 + (line - j1) if tag == "equal" else None
    return None


# ------------------------------------------------------------------ features
def create_server() -> LstmlintServer:
    server = LstmlintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: LstmlintServer, params: lsp.InitializeParams) -> None:
        ls.configure(params.initialization_options)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: LstmlintServer, params: lsp.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps is not None else None
        if watched is not None and watched.dynamic_registration:
            try:  # [tool.lstmlint] may change: re-check the open documents when it does
                await asyncio.wait_for(
                    ls.client_register_capability_async(
                        lsp.RegistrationParams(
                            [
                                lsp.Registration(
                                    "lstmlint-config",
                                    lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                    lsp.DidChangeWatchedFilesRegistrationOptions(
                                        [lsp.FileSystemWatcher(glob) for glob in WATCHED_GLOBS]
                                    ),
                                )
                            ]
                        )
                    ),
                    2,
                )
            except Exception as e:  # noqa: BLE001 - without it, a changed configuration applies on the next edit
                log.info("cannot watch the configuration and dependency files: %s", e)
        if caps is not None and caps.configuration:
            try:
                got = await asyncio.wait_for(
                    ls.workspace_configuration_async(
                        lsp.ConfigurationParams([lsp.ConfigurationItem(section="lstmlint")])
                    ),
                    2,
                )
                if got and isinstance(got[0], dict):
                    ls.configure({"lstmlint": got[0]})
            except Exception as e:  # noqa: BLE001 - a client without settings is fine
                log.info("no workspace configuration: %s", e)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: LstmlintServer, params: None) -> None:
        for unit in ls.units.values():  # nothing more is published; queued analyses never start
            if unit.task is not None:
                unit.task.cancel()
        ls.pool.shutdown(wait=False, cancel_futures=True)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: LstmlintServer, params: lsp.DidChangeConfigurationParams) -> None:
        ls.configure(params.settings)
        if ls.client_capabilities.workspace and ls.client_capabilities.workspace.inlay_hint:
            ls.workspace_inlay_hint_refresh(None)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: LstmlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        names = {c.uri.rstrip("/").rsplit("/", 1)[-1] for c in params.changes}
        pins = any(keras_target.is_pin_file_name(name) for name in names)
        if pins or "pyproject.toml" in names:
            ls.config_errors_shown.clear()
            if pins:  # the Keras target of `auto` comes from these: read them again
                keras_target.clear_cache()
            for unit in list(ls.units.values()):
                unit.outdated = True  # requests wait for the re-analysis
                ls.schedule(unit, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LstmlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        if ls.workspace.get_notebook_document(cell_uri=doc.uri) is not None:
            return
        if doc.language_id and doc.language_id.lower() not in PYTHON_IDS and not doc.uri.endswith((".py", ".pyi")):
            return
        ls.schedule(ls.open_text(doc.uri, doc.version, doc.text), 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LstmlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri not in ls.units:
            return
        doc = ls.workspace.get_text_document(uri)
        ls.schedule(ls.open_text(uri, params.text_document.version, doc.source), ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LstmlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        unit = ls.units.get(params.text_document.uri)
        if unit is not None and not unit.fresh:
            ls.schedule(unit, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LstmlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_OPEN)
    def nb_open(ls: LstmlintServer, params: lsp.DidOpenNotebookDocumentParams) -> None:
        unit = ls.open_notebook(params.notebook_document.uri)
        if unit is not None:
            ls.schedule(unit, 0)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def nb_change(ls: LstmlintServer, params: lsp.DidChangeNotebookDocumentParams) -> None:
        unit = ls.open_notebook(params.notebook_document.uri)
        if unit is not None:
            ls.schedule(unit, ls.debounce)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_SAVE)
    def nb_save(ls: LstmlintServer, params: lsp.DidSaveNotebookDocumentParams) -> None:
        unit = ls.units.get(params.notebook_document.uri)
        if unit is not None and not unit.fresh:
            ls.schedule(unit, 0)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def nb_close(ls: LstmlintServer, params: lsp.DidCloseNotebookDocumentParams) -> None:
        ls.close(params.notebook_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: LstmlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        unit = ls.unit_for(uri)
        if unit is None:
            return None
        loc = ls.locations(unit)
        point = loc.program_point(uri, params.position)
        if point is None:
            return None
        line, column = point
        snap = unit.snapshot
        if snap is not None and not unit.fresh and snap.parsed:
            # an edit is waiting for its analysis: what ends above the first edited line is
            # unchanged by it (the program runs top down), so answer at once from the last one
            changed = adapter.first_change(snap.text, unit.text)
            text = loc.line_text(line - 1)
            hit = snap.hit_at(line, column, word_at(text, column - 1)) if line < changed else None
            if hit is not None and hit[0].until < changed:
                return _hover(hit[0], hit[1], loc, uri)
        if snap is None or not unit.fresh:
            got = await ls.snapshot(uri)  # wait for the analysis of the current text
            snap = got[1] if got else None
        if snap is None:
            return None
        if not snap.parsed and unit.good is not None:
            snap = unit.good  # mid-typing syntax error: the last shapes that parsed
        same = snap.text == unit.text
        if not same:  # answer from an older analysis: map the line through the edit
            old_line = map_line(snap.text, unit.text, line)
            if old_line is None:
                return None
            line = old_line
        text = snap.text.splitlines()[line - 1] if 0 < line <= len(snap.text.splitlines()) else ""
        hit = snap.hit_at(line, column, word_at(text, column - 1))
        if hit is None:
            return None
        return _hover(hit[0], hit[1] if same else None, loc, uri)

    @server.feature(lsp.TEXT_DOCUMENT_INLAY_HINT, lsp.InlayHintOptions(resolve_provider=False))
    async def inlay_hints(ls: LstmlintServer, params: lsp.InlayHintParams) -> list[lsp.InlayHint] | None:
        if not ls.inlay_hints:
            return []
        uri = params.text_document.uri
        got = await ls.snapshot(uri)
        if got is None:
            return []
        unit, snap = got
        snap, moved = shapes_view(unit, snap)
        loc = ls.locations(unit)
        out = []
        rng = params.range
        for hint in sorted(snap.hints, key=lambda h: (h.line, h.column)):
            line = hint.line if moved is None else moved.get(hint.line)
            if line is None:
                continue
            at = loc.position(line, hint.column)
            if at is None or at[0] != uri:
                continue
            pos = at[1]
            if (
                not (rng.start.line, rng.start.character)
                <= (pos.line, pos.character)
                <= (rng.end.line, rng.end.character)
            ):
                continue
            out.append(
                lsp.InlayHint(
                    position=pos,
                    label=hint.label,
                    kind=lsp.InlayHintKind.Type,
                    tooltip=hint.tooltip,
                    padding_left=False,
                )
            )
        return out

    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS, lsp.CodeLensOptions(resolve_provider=False))
    async def code_lens(ls: LstmlintServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens] | None:
        uri = params.text_document.uri
        got = await ls.snapshot(uri)
        if got is None:
            return []
        unit, snap = got
        snap, moved = shapes_view(unit, snap)
        loc = ls.locations(unit)
        out = []
        for lens in snap.lenses:
            line = lens.span.line if moved is None else moved.get(lens.span.line)
            if line is None:
                continue
            at = loc.range(Span(line, lens.span.column, line, lens.span.column))
            if at is None or at[0] != uri:
                continue
            out.append(
                lsp.CodeLens(
                    range=at[1],
                    command=lsp.Command(title=lens.title, command=SUMMARY_COMMAND, arguments=[unit.uri, lens.index]),
                )
            )
        return out

    @server.command(SUMMARY_COMMAND)
    async def show_summary(ls: LstmlintServer, uri: str, index: int) -> str:
        got = await ls.snapshot(uri)
        if got is None:
            return "lstmlint: this document is not open"
        snap, _ = shapes_view(got[0], got[1])
        text = await asyncio.get_running_loop().run_in_executor(ls.pool, snap.summary_table, int(index))
        ls.window_log_message(lsp.LogMessageParams(lsp.MessageType.Info, text))
        return text

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    async def code_actions(ls: LstmlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        got = await ls.snapshot(uri)
        if got is None:
            return []
        unit, snap = got
        loc = ls.locations(unit)
        only = params.context.only
        want_quick = only is None or any(str(k).startswith(lsp.CodeActionKind.QuickFix) for k in only)
        want_all = only is None or any(FIX_ALL_KIND.startswith(str(k)) for k in only)
        out: list[lsp.CodeAction] = []
        loop = asyncio.get_running_loop()
        asked = params.range
        mine = {
            (d.range.start.line, d.range.start.character, str(d.code)): d
            for d in params.context.diagnostics
            if d.source == SOURCE
        }

        def touches(span: Span) -> bool:
            at = loc.range(span)
            if at is None or at[0] != uri:
                return False
            r = at[1]
            return (r.start.line, r.start.character) <= (asked.end.line, asked.end.character) and (
                asked.start.line,
                asked.start.character,
            ) <= (r.end.line, r.end.character)

        if want_quick and snap.diagnostics:
            fixes = await loop.run_in_executor(ls.pool, snap.fix_actions)
            for fix in fixes:
                if not touches(fix.span):
                    continue
                changes = loc.edits(fix.edits)
                if not changes:
                    continue
                diag = _matching(mine, loc, fix.span, fix.code)
                out.append(
                    lsp.CodeAction(
                        title=fix.title,
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diag] if diag else None,
                        is_preferred=fix.safe,
                        edit=lsp.WorkspaceEdit(changes=changes),
                    )
                )
            for d in snap.diagnostics:
                if not touches(d.span):
                    continue
                edit = adapter.suppress_edit(snap.text, d.span.line, d.code)
                changes = loc.edits([edit]) if edit is not None else None
                if not changes:
                    continue
                diag = _matching(mine, loc, d.span, d.code)
                out.append(
                    lsp.CodeAction(
                        title=f"lstmlint: suppress {d.code} on this line",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diag] if diag else None,
                        edit=lsp.WorkspaceEdit(changes=changes),
                    )
                )
        if want_all and snap.diagnostics:
            edits = await loop.run_in_executor(ls.pool, snap.fix_all)
            changes = loc.edits(edits) if edits else None
            if changes:
                out.append(
                    lsp.CodeAction(
                        title="lstmlint: fix all safe problems",
                        kind=FIX_ALL_KIND,
                        edit=lsp.WorkspaceEdit(changes=changes),
                    )
                )
        return out

    return server


def _hover(fact: adapter.ShapeFact, span: Span | None, loc: Locations, uri: str) -> lsp.Hover:
    """The hover for ``fact``; ``span`` (positions of the current text) is highlighted."""
    at = loc.range(span) if span is not None else None
    rng = at[1] if at is not None and at[0] == uri else None
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, hover_markdown(fact)), range=rng)


def _matching(
    mine: dict[tuple[int, int, str], lsp.Diagnostic], loc: Locations, span: Span, code: str
) -> lsp.Diagnostic | None:
    at = loc.range(span)
    if at is None:
        return None
    return mine.get((at[1].start.line, at[1].start.character, code))


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="lstmlint server: %(levelname)s %(message)s")
    server = create_server()
    # what is loaded by now (lstmlint, libcst, pygls) lives as long as the server: kept out of the
    # collector's full passes, which otherwise pause an analysis for tens of milliseconds
    gc.collect()
    gc.freeze()
    server.start_io()
