"""Latency of ``lstmlint server`` after an edit, measured over stdio with a real LSP client.

    python benchmarks/lsp_latency.py [--runs 30] [--lines 300]

It writes a ~300-line Keras file (several functional models of residual LSTM blocks, one
with a width bug), opens it in the server, then repeats: change one layer's width (an
edit that toggles a finding on and off: 48 -> 32 -> 48 ...) and time

* diagnostics: from sending ``didChange`` to receiving the diagnostics of that version.
  Measured with the debounce set to 0 (the analysis itself), and once with the default
  300 ms quiet period that the editor sees while typing (the quiet period is part of that time);
* hover above the edit, on an unchanged line, sent right after the edit (answered from the
  last analysis: what the module computes above the first edited line cannot change);
* hover at the edit, on the edited line, after a second edit of that line (waits for the fresh
  analysis, as a hover on any line below the edit does).

In process (no server), the same edits: ``lint_source`` of the whole text, the server's lint of
the edit (only the touched statements parsed again, ``lstmlint.server.incremental``) and its
shapes (hover, hints, lenses), in wall time and in this process' CPU time (which a loaded
machine does not inflate).

Reports the median and the worst of each over the runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent


def model_block(k: int, bug: bool) -> list[str]:
    lines = [f"inputs{k} = keras.Input(shape=(T, F))", f"x = layers.LSTM(32, return_sequences=True)(inputs{k})"]
    for b in range(8):
        width = 48 if bug and b == 3 else 32
        lines += [
            f"h = layers.LSTM({width}, return_sequences=True)(x)",
            "h = layers.Dropout(0.1)(h)",
            "x = layers.Add()([x, h])",
            "x = layers.LayerNormalization()(x)",
        ]
    lines += [
        "x = layers.LSTM(16)(x)",
        f"out{k} = layers.Dense(1)(x)",
        f"model{k} = keras.Model(inputs{k}, out{k})",
        "",
    ]
    return lines


def program(n_lines: int) -> str:
    lines = [
        '"""A generated benchmark model file."""',
        "import keras",
        "from keras import layers",
        "",
        "T, F = 24, 6",
        "",
    ]
    k = 0
    while len(lines) < n_lines - 40:
        lines += model_block(k, bug=(k == 1))
        k += 1
    while len(lines) < n_lines:
        i = len(lines)
        lines += [f"def helper_{i}(a, b):", f"    return a * b + {i}", ""]
    return "\n".join(lines) + "\n"


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("lstmlint-bench", "0")
        self.versions: dict[int, float] = {}
        self.waiters: dict[int, asyncio.Future[float]] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            if params.version is not None and params.version in self.waiters:
                fut = self.waiters.pop(params.version)
                if not fut.done():
                    fut.set_result(time.perf_counter())

    async def start(self, debounce_ms: int | None) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        await self.client.start_io(sys.executable, "-m", "lstmlint", "server", env=env)
        opts = {"lstmlint": {"debounceMs": debounce_ms}} if debounce_ms is not None else None
        await self.client.initialize_async(
            lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), initialization_options=opts)
        )
        self.client.initialized(lsp.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def expect(self, version: int) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[version] = fut
        return fut


async def measure(path: Path, text: str, runs: int, debounce_ms: int | None) -> dict[str, list[float]]:
    bench = Bench()
    await bench.start(debounce_ms)
    uri = path.as_uri()
    lines = text.splitlines()
    edit_line = next(i for i, ln in enumerate(lines) if "LSTM(48" in ln)  # the buggy width
    hover_line = next(i for i, ln in enumerate(lines) if ln.startswith("inputs0 = "))
    hover_col = lines[hover_line].index("Input") + 1
    edit_col = lines[edit_line].index("LSTM") + 1
    out: dict[str, list[float]] = {"diagnostics": [], "hover (above the edit)": [], "hover (at the edit)": []}
    try:
        first = bench.expect(1)
        bench.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
        )
        await asyncio.wait_for(first, 60)
        doc = lsp.TextDocumentIdentifier(uri=uri)
        whole = lsp.Range(lsp.Position(0, 0), lsp.Position(len(lines), 0))
        # inlay hints answer once the shapes of the current text are in: a steady state to start from
        await bench.client.text_document_inlay_hint_async(lsp.InlayHintParams(doc, whole))
        for run in range(runs):
            version = 2 + 2 * run
            width = "32" if run % 2 == 0 else "48"
            new_line = re.sub(r"LSTM\(\d+", f"LSTM({width}", lines[edit_line], count=1)
            change = lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(lsp.Position(edit_line, 0), lsp.Position(edit_line, len(lines[edit_line]))),
                        text=new_line,
                    )
                ],
            )
            lines[edit_line] = new_line
            done = bench.expect(version)
            t0 = time.perf_counter()
            bench.client.text_document_did_change(change)
            h0 = time.perf_counter()
            hover = await bench.client.text_document_hover_async(
                lsp.HoverParams(doc, lsp.Position(hover_line, hover_col))
            )
            out["hover (above the edit)"].append(time.perf_counter() - h0)
            assert hover is not None, "no hover on the Input call"
            t1 = await asyncio.wait_for(done, 60)
            out["diagnostics"].append(t1 - t0)
            # the edited line: send a no-op-sized edit (same text, new version) and hover on it at once
            version += 1
            settled = bench.expect(version)
            bench.client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    text_document=lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
                    content_changes=[
                        lsp.TextDocumentContentChangePartial(
                            range=lsp.Range(lsp.Position(edit_line, 0), lsp.Position(edit_line, len(lines[edit_line]))),
                            text=lines[edit_line] + " ",
                        )
                    ],
                )
            )
            lines[edit_line] += " "
            h0 = time.perf_counter()
            hover = await bench.client.text_document_hover_async(
                lsp.HoverParams(doc, lsp.Position(edit_line, edit_col))
            )
            out["hover (at the edit)"].append(time.perf_counter() - h0)
            assert hover is not None, "no hover on the edited LSTM"
            await asyncio.wait_for(settled, 60)
            await bench.client.text_document_inlay_hint_async(lsp.InlayHintParams(doc, whole))
    finally:
        await bench.stop()
    return out


def in_process(path: Path, text: str, runs: int, clock: Callable[[], float]) -> dict[str, list[float]]:
    """What the server's worker does after an edit, timed by ``clock`` (wall or this process' CPU)."""
    sys.path.insert(0, str(ROOT))
    from lstmlint.api import lint_source
    from lstmlint.server import adapter

    out: dict[str, list[float]] = {"lint_source": [], "lint (edit re-parsed)": [], "shapes": []}
    fixed = text.replace("LSTM(48", "LSTM(32")
    previous = adapter.analyse(text, str(path))
    for run in range(runs):  # the same texts as the edits below: with and without the finding
        source = fixed if run % 2 == 0 else text
        t0 = clock()
        lint_source(source, str(path))
        t1 = clock()
        snap = adapter.analyse(source, str(path), shapes=False, previous=previous)
        t2 = clock()
        adapter.add_shapes(snap)
        t3 = clock()
        if not snap.reparsed:  # the whole text was parsed: say so (the figures would mislead)
            print(f"  (edit {run + 1}: the whole text was parsed again)")
        previous = snap
        out["lint_source"].append(t1 - t0)
        out["lint (edit re-parsed)"].append(t2 - t1)
        out["shapes"].append(t3 - t2)
    return out


def report(title: str, figures: dict[str, list[float]]) -> None:
    print(title)
    for name, values in figures.items():
        ms = [v * 1000 for v in values]
        print(f"  {name:<24} median {statistics.median(ms):7.1f} ms   worst {max(ms):7.1f} ms   (n={len(ms)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--lines", type=int, default=300)
    args = ap.parse_args()
    text = program(args.lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.py"
        path.write_text(text, encoding="utf-8")
        print(
            f"{path.name}: {len(text.splitlines())} lines; {args.runs} edits per setting; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        report(
            "in process, no server, wall time (lint_source; the server's lint of an edit; its shapes):",
            in_process(path, text, args.runs, time.perf_counter),
        )
        report("the same, CPU time of this process:", in_process(path, text, args.runs, time.process_time))
        report("debounce 0 ms (the analysis itself):", asyncio.run(measure(path, text, args.runs, 0)))
        default = asyncio.run(measure(path, text, max(5, args.runs // 3), None))
        report("default debounce (300 ms quiet period, as while typing):", default)


if __name__ == "__main__":
    main()
