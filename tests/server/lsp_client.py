"""A small harness that drives the real ``lstmlint server`` over stdio with pygls' LanguageClient."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0  # generous: the machine is shared; every wait ends as soon as its event arrives


class Session:
    """A started server and what it has published."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.diagnostics: dict[str, list[lsp.Diagnostic]] = {}
        self.versions: dict[str, int | None] = {}
        self.history: list[tuple[str, int | None]] = []  # every publication, in order
        self.logs: list[str] = []
        self.changed = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}; diagnostics: {self.diagnostics}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except TimeoutError:
                pass

    async def diagnostics_for(
        self, uri: str, predicate: Callable[[list[lsp.Diagnostic]], bool], what: str, timeout: float = TIMEOUT
    ) -> list[lsp.Diagnostic]:
        await self.wait_for(lambda: uri in self.diagnostics and predicate(self.diagnostics[uri]), what, timeout)
        return self.diagnostics[uri]


async def start(init_options: dict[str, Any] | None = None, cwd: Path | None = None) -> Session:
    client = LanguageClient("lstmlint-tests", "0")
    session = Session(client)

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        session.diagnostics[params.uri] = list(params.diagnostics)
        session.versions[params.uri] = params.version
        session.history.append((params.uri, params.version))
        session.changed.set()

    @client.feature(lsp.WINDOW_LOG_MESSAGE)
    def on_log(params: lsp.LogMessageParams) -> None:
        session.logs.append(params.message)
        session.changed.set()

    @client.feature(lsp.WINDOW_SHOW_MESSAGE)
    def on_show(params: lsp.ShowMessageParams) -> None:
        session.logs.append(params.message)
        session.changed.set()

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    await client.start_io(sys.executable, "-m", "lstmlint", "server", env=env, cwd=str(cwd or ROOT))
    await asyncio.wait_for(
        client.initialize_async(
            lsp.InitializeParams(
                capabilities=lsp.ClientCapabilities(
                    text_document=lsp.TextDocumentClientCapabilities(
                        publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(related_information=True),
                        hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
                    ),
                    notebook_document=lsp.NotebookDocumentClientCapabilities(
                        synchronization=lsp.NotebookDocumentSyncClientCapabilities()
                    ),
                ),
                root_uri=(cwd or ROOT).as_uri(),
                initialization_options=init_options,
            )
        ),
        TIMEOUT,
    )
    client.initialized(lsp.InitializedParams())
    return session


async def stop(session: Session) -> None:
    client = session.client
    try:
        await asyncio.wait_for(client.shutdown_async(None), 10)
        client.exit(None)
    finally:
        await asyncio.wait_for(client.stop(), 10)


def apply_text_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP edits (ASCII test documents: UTF-16 units are characters)."""
    lines = text.splitlines(keepends=True)

    def offset(pos: lsp.Position) -> int:
        if pos.line >= len(lines):
            return len(text)
        return sum(len(line) for line in lines[: pos.line]) + pos.character

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text
