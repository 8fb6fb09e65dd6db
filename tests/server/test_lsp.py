"""``lstmlint server`` driven over stdio by a real LSP client (pygls' LanguageClient).

Fast tier: the server never imports TensorFlow; each test starts its own server process.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsp_client import ROOT, TIMEOUT, Session, apply_text_edits, start, stop
from lsprotocol import types as lsp

FIXTURE = ROOT / "fixtures" / "bad" / "seed000_skip_concat.py"
BAD = FIXTURE.read_text(encoding="utf-8")
# line 9 (1-based) of the fixture: concat = tf.keras.layers.Concatenate()([inputs, lstm1])  # error: LST112
ERROR_LINE0 = 8
LSTM_LINE0 = 7  # lstm1 = tf.keras.layers.LSTM(units)(inputs)


def run(coro_fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    return asyncio.run(asyncio.wait_for(coro_fn(*args, **kwargs), 4 * TIMEOUT))


def _doc(uri: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=uri)


def _hover_text(hover: lsp.Hover | None) -> str:
    assert hover is not None
    contents = hover.contents
    assert isinstance(contents, lsp.MarkupContent)
    return contents.value


async def _open(session: Session, uri: str, text: str, version: int = 1) -> None:
    session.client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="python", version=version, text=text))
    )


async def _change(session: Session, uri: str, text: str, version: int) -> None:
    session.client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


# ------------------------------------------------------------------ a Python file
async def _file_scenario(tmp: Path) -> None:
    path = tmp / "model.py"
    path.write_text(BAD, encoding="utf-8")
    uri = path.as_uri()
    session = await start(cwd=tmp)
    client = session.client
    try:
        await _open(session, uri, BAD)
        diags = await session.diagnostics_for(uri, lambda ds: bool(ds), "the LST112 diagnostic")
        assert [(d.code, d.range.start.line) for d in diags] == [("LST112", ERROR_LINE0)]
        d = diags[0]
        assert d.severity == lsp.DiagnosticSeverity.Error
        assert d.source == "lstmlint"
        assert "(None, 20, 6)" in d.message and "(None, 32)" in d.message
        assert d.code_description is not None and d.code_description.href.endswith("docs/rules/LST112.md")
        related = d.related_information or []
        assert {r.location.range.start.line for r in related} == {6, 7}  # Input (line 7), LSTM (line 8)
        assert any("return_sequences" in r.message for r in related)
        assert session.versions[uri] == 1

        # hover on the LSTM layer call (the `LSTM` name) and on a tensor variable
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(LSTM_LINE0, 26)))
        text = _hover_text(hover)
        assert "`(None, 32)`" in text and "LSTM" in text and "4,992 params" in text
        assert hover is not None and hover.range is not None  # the layer call `tf.keras.layers.LSTM(units)`
        assert (hover.range.start.line, hover.range.start.character, hover.range.end.character) == (LSTM_LINE0, 8, 35)
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(ERROR_LINE0, 49)))
        assert "tensor `lstm1`" in _hover_text(hover) and "`(None, 32)`" in _hover_text(hover)
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(0, 3)))
        assert hover is None  # the docstring: nothing to say

        # inlay hints: the shape after each layer application whose shape is known
        hints = await client.text_document_inlay_hint_async(
            lsp.InlayHintParams(_doc(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(20, 0)))
        )
        assert hints is not None
        labels = {(h.position.line, h.label) for h in hints}
        assert (LSTM_LINE0, ": (None, 32)") in labels
        lstm_hint = next(h for h in hints if h.position.line == LSTM_LINE0)
        assert BAD.splitlines()[LSTM_LINE0][: lstm_hint.position.character].endswith("(inputs)")

        # code lens over the model, and its summary command
        lenses = await client.text_document_code_lens_async(lsp.CodeLensParams(_doc(uri)))
        assert lenses and len(lenses) == 1
        lens = lenses[0]
        assert lens.range.start.line == 10 and lens.command is not None
        assert "(None, 20, 6) →" in lens.command.title and "3 layers" in lens.command.title
        table = await client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command=lens.command.command, arguments=lens.command.arguments)
        )
        assert isinstance(table, str) and "lstm (LSTM)" in table and "4,992" in table

        # code actions: the verified fix (safe, preferred), a suppression, and fix-all
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(_doc(uri), diags[0].range, lsp.CodeActionContext(diagnostics=diags))
        )
        assert actions
        titles = [a.title for a in actions if isinstance(a, lsp.CodeAction)]
        fix = next(a for a in actions if isinstance(a, lsp.CodeAction) and "return_sequences=True" in a.title)
        assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred
        assert fix.diagnostics and fix.diagnostics[0].code == "LST112"
        assert "lstmlint: suppress LST112 on this line" in titles
        fix_all = [a for a in actions if isinstance(a, lsp.CodeAction) and a.kind == "source.fixAll.lstmlint"]
        assert len(fix_all) == 1

        # apply the fix's workspace edit, send the change: the error is cleared
        assert fix.edit is not None and fix.edit.changes is not None
        fixed = apply_text_edits(BAD, list(fix.edit.changes[uri]))
        assert "LSTM(units, return_sequences=True)(inputs)" in fixed
        await _change(session, uri, fixed, 2)
        await session.diagnostics_for(uri, lambda ds: not ds and session.versions[uri] == 2, "the error to clear")
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(LSTM_LINE0, 26)))
        assert "`(None, 20, 32)`" in _hover_text(hover)

        # the suppression action, applied to the original text, silences the finding
        suppress = next(
            a for a in actions if isinstance(a, lsp.CodeAction) and a.title.startswith("lstmlint: suppress")
        )
        assert suppress.edit is not None and suppress.edit.changes is not None
        suppressed = apply_text_edits(BAD, list(suppress.edit.changes[uri]))
        assert "# lstmlint: ignore[LST112]" in suppressed.splitlines()[ERROR_LINE0]
        await _change(session, uri, suppressed, 3)
        await session.diagnostics_for(uri, lambda ds: session.versions[uri] == 3, "the suppressed version")
        assert session.diagnostics[uri] == []

        # closing clears what was published
        client.text_document_did_close(lsp.DidCloseTextDocumentParams(_doc(uri)))
        await session.diagnostics_for(uri, lambda ds: session.versions.get(uri) is None, "diagnostics cleared")
    finally:
        await stop(session)


def test_file_diagnostics_hover_hints_actions_and_fix(tmp_path: Path) -> None:
    run(_file_scenario, tmp_path)


# ------------------------------------------------------------------ typing: stale versions are dropped
async def _debounce_scenario(tmp: Path) -> None:
    uri = (tmp / "typing.py").as_uri()
    session = await start({"lstmlint": {"inlayHints": False, "debounceMs": 1000}}, cwd=tmp)
    client = session.client
    try:
        await _open(session, uri, BAD)
        await session.diagnostics_for(uri, lambda ds: bool(ds), "the first analysis")
        fixed = BAD.replace("LSTM(units)(inputs)", "LSTM(units, return_sequences=True)(inputs)")
        # a burst of edits within the quiet period (1 s here), as when typing: only the last is analysed
        for version in range(2, 8):
            await _change(session, uri, BAD if version % 2 else fixed, version)
        await session.diagnostics_for(uri, lambda ds: session.versions[uri] == 7, "version 7")
        assert [d.code for d in session.diagnostics[uri]] == ["LST112"]  # version 7 is the bad text
        await _change(session, uri, fixed, 8)
        await session.diagnostics_for(uri, lambda ds: session.versions[uri] == 8 and not ds, "version 8")
        # the burst was sent within the quiet period: versions 2 to 6 were never published
        assert [v for u, v in session.history if u == uri] == [1, 7, 8]
        # inlay hints were turned off by the initialization options
        hints = await client.text_document_inlay_hint_async(
            lsp.InlayHintParams(_doc(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(20, 0)))
        )
        assert hints is not None and list(hints) == []
        # ... and come back with a configuration change
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"lstmlint": {"inlayHints": True}})
        )
        hints = await client.text_document_inlay_hint_async(
            lsp.InlayHintParams(_doc(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(20, 0)))
        )
        assert hints and any(h.label == ": (None, 20, 32)" for h in hints)

        # mid-typing, the text does not parse: LST002, and the shapes of the last good text stay
        broken = fixed.replace("Concatenate()([inputs, lstm1])", "Concatenate()([inputs, lstm1]")
        await _change(session, uri, broken, 9)
        diags = await session.diagnostics_for(uri, lambda ds: session.versions[uri] == 9, "version 9")
        assert [d.code for d in diags] == ["LST002"]
        hints = await client.text_document_inlay_hint_async(
            lsp.InlayHintParams(_doc(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(20, 0)))
        )
        assert hints and {(h.position.line, h.label) for h in hints} >= {(LSTM_LINE0, ": (None, 20, 32)")}
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(LSTM_LINE0, 26)))
        assert "`(None, 20, 32)`" in _hover_text(hover)
    finally:
        await stop(session)


def test_edits_are_debounced_and_settings_turn_hints_off(tmp_path: Path) -> None:
    run(_debounce_scenario, tmp_path)


# ------------------------------------------------------------------ [tool.lstmlint]
async def _config_scenario(tmp: Path) -> None:
    (tmp / "pyproject.toml").write_text(
        '[tool.lstmlint]\nignore = ["LST112"]\nextend-exclude = ["skipped_*.py"]\n', encoding="utf-8"
    )
    uri = (tmp / "model.py").as_uri()
    other = BAD.replace("concat = tf.keras", "concat = tf.keras").replace(
        "lstm2 = tf.keras.layers.LSTM(units)(concat)", "lstm2 = tf.keras.layers.LSTM(units)(lstm1)"
    )
    session = await start(cwd=tmp)
    try:
        await _open(session, uri, BAD)
        await session.diagnostics_for(uri, lambda ds: True, "an analysis")
        assert session.diagnostics[uri] == []  # ignored by the workspace's configuration
        await _change(session, uri, other, 2)
        diags = await session.diagnostics_for(uri, lambda ds: session.versions[uri] == 2, "version 2")
        assert [d.code for d in diags] == ["LST101"]
        # the configuration changes on disk: the open documents are checked again with it
        (tmp / "pyproject.toml").write_text("[tool.lstmlint]\n", encoding="utf-8")
        session.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                [lsp.FileEvent((tmp / "pyproject.toml").as_uri(), lsp.FileChangeType.Changed)]
            )
        )
        diags = await session.diagnostics_for(uri, lambda ds: len(ds) == 2, "LST112 no longer ignored")
        assert sorted(d.code for d in diags) == ["LST101", "LST112"]
        (tmp / "pyproject.toml").write_text('[tool.lstmlint]\nextend-exclude = ["skipped_*.py"]\n', encoding="utf-8")
        session.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                [lsp.FileEvent((tmp / "pyproject.toml").as_uri(), lsp.FileChangeType.Changed)]
            )
        )
        # an excluded file: no diagnostics, as the CLI skips it, but its shapes still show on hover
        skipped = (tmp / "skipped_model.py").as_uri()
        await _open(session, skipped, other)
        await session.diagnostics_for(skipped, lambda ds: True, "the excluded file's analysis")
        assert session.diagnostics[skipped] == []
        hover = await session.client.text_document_hover_async(
            lsp.HoverParams(_doc(skipped), lsp.Position(LSTM_LINE0, 26))
        )
        assert "`(None, 32)`" in _hover_text(hover)
        # a broken configuration: one clear message, and the file is still checked (with the defaults)
        (tmp / "pyproject.toml").write_text('[tool.lstmlint]\nselect = ["XYZ9"]\n', encoding="utf-8")
        session.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                [lsp.FileEvent((tmp / "pyproject.toml").as_uri(), lsp.FileChangeType.Changed)]
            )
        )
        await session.wait_for(
            lambda: any("unknown code or prefix 'XYZ9'" in m for m in session.logs), "the configuration error"
        )
        diags = await session.diagnostics_for(uri, lambda ds: len(ds) == 2, "the defaults' findings")
        assert sorted(d.code for d in diags) == ["LST101", "LST112"]
    finally:
        await stop(session)


def test_workspace_configuration_is_read_as_the_cli_does(tmp_path: Path) -> None:
    run(_config_scenario, tmp_path)


# ------------------------------------------------------------------ the project's Keras pins
K2_ONLY = "import keras\nx = keras.layers.LSTM(4, time_major=False)(keras.Input(shape=(3, 2)))\n"


async def _pins_scenario(tmp: Path) -> None:
    (tmp / "pyproject.toml").write_text("[project]\nname = 'p'\n", encoding="utf-8")
    requirements = tmp / "requirements.txt"
    requirements.write_text("keras>=3\n", encoding="utf-8")
    uri = (tmp / "model.py").as_uri()
    session = await start(cwd=tmp)
    try:
        await _open(session, uri, K2_ONLY)
        diags = await session.diagnostics_for(uri, lambda ds: bool(ds), "the Keras 3 finding")
        assert [d.code for d in diags] == ["LST108"]  # `time_major` is a Keras 2 argument
        # the project now pins Keras 2: the running server reads the pins again
        requirements.write_text("tensorflow<2.16\n", encoding="utf-8")
        session.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams([lsp.FileEvent(requirements.as_uri(), lsp.FileChangeType.Changed)])
        )
        await session.diagnostics_for(uri, lambda ds: ds == [], "no finding under the Keras 2 target")
    finally:
        await stop(session)


def test_edited_pins_change_the_keras_target_of_open_files(tmp_path: Path) -> None:
    run(_pins_scenario, tmp_path)


# ------------------------------------------------------------------ notebooks
CELLS = [
    (lsp.NotebookCellKind.Markup, "# A model\nSkip connections."),
    (lsp.NotebookCellKind.Code, "%matplotlib inline\nimport tensorflow as tf\nunits = 32"),
    (lsp.NotebookCellKind.Code, "inputs = tf.keras.Input(shape=(20, 6))\nlstm1 = tf.keras.layers.LSTM(units)(inputs)"),
    (
        lsp.NotebookCellKind.Code,
        "concat = tf.keras.layers.Concatenate()([inputs, lstm1])\nmodel = tf.keras.Model(inputs, concat)",
    ),
]


async def _notebook_scenario(tmp: Path) -> None:
    nb_uri = (tmp / "model.ipynb").as_uri()
    cell_uris = [f"{nb_uri}#cell{i}" for i in range(len(CELLS))]
    session = await start(cwd=tmp)
    client = session.client
    try:
        client.notebook_document_did_open(
            lsp.DidOpenNotebookDocumentParams(
                notebook_document=lsp.NotebookDocument(
                    uri=nb_uri,
                    notebook_type="jupyter-notebook",
                    version=1,
                    cells=[lsp.NotebookCell(kind=kind, document=u) for (kind, _), u in zip(CELLS, cell_uris)],
                ),
                cell_text_documents=[
                    lsp.TextDocumentItem(
                        uri=u,
                        language_id="python" if kind == lsp.NotebookCellKind.Code else "markdown",
                        version=1,
                        text=text,
                    )
                    for (kind, text), u in zip(CELLS, cell_uris)
                ],
            )
        )
        diags = await session.diagnostics_for(cell_uris[3], lambda ds: bool(ds), "the notebook's finding")
        assert [(d.code, d.range.start.line, d.range.start.character) for d in diags] == [("LST112", 0, 9)]
        for u in cell_uris[1:3]:
            assert session.diagnostics.get(u, []) == []
        related = {(r.location.uri, r.location.range.start.line) for r in diags[0].related_information or []}
        assert related == {(cell_uris[2], 0), (cell_uris[2], 1)}

        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(cell_uris[2]), lsp.Position(1, 26)))
        assert "`(None, 32)`" in _hover_text(hover)
        hints = await client.text_document_inlay_hint_async(
            lsp.InlayHintParams(_doc(cell_uris[2]), lsp.Range(lsp.Position(0, 0), lsp.Position(5, 0)))
        )
        assert hints is not None and {(h.position.line, h.label) for h in hints} >= {(1, ": (None, 32)")}

        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(_doc(cell_uris[3]), diags[0].range, lsp.CodeActionContext(diagnostics=diags))
        )
        fix = next(a for a in actions or [] if isinstance(a, lsp.CodeAction) and "return_sequences=True" in a.title)
        assert fix.edit is not None and fix.edit.changes is not None
        assert list(fix.edit.changes) == [cell_uris[2]]  # the edit lands in the LSTM's cell
        new_cell = apply_text_edits(CELLS[2][1], list(fix.edit.changes[cell_uris[2]]))
        assert new_cell == (
            "inputs = tf.keras.Input(shape=(20, 6))\nlstm1 = tf.keras.layers.LSTM(units, return_sequences=True)(inputs)"
        )

        client.notebook_document_did_change(
            lsp.DidChangeNotebookDocumentParams(
                notebook_document=lsp.VersionedNotebookDocumentIdentifier(version=2, uri=nb_uri),
                change=lsp.NotebookDocumentChangeEvent(
                    cells=lsp.NotebookDocumentCellChanges(
                        text_content=[
                            lsp.NotebookDocumentCellContentChanges(
                                document=lsp.VersionedTextDocumentIdentifier(version=2, uri=cell_uris[2]),
                                changes=[lsp.TextDocumentContentChangeWholeDocument(text=new_cell)],
                            )
                        ]
                    )
                ),
            )
        )
        await session.diagnostics_for(cell_uris[3], lambda ds: not ds, "the notebook's finding to clear")
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(cell_uris[3]), lsp.Position(0, 2)))
        assert "(None, 20, 38)" in _hover_text(hover)  # concat, now 3-D
    finally:
        await stop(session)


def test_notebook_cells_are_one_program(tmp_path: Path) -> None:
    run(_notebook_scenario, tmp_path)


# ------------------------------------------------------------------ never TensorFlow
def test_server_imports_no_tensorflow_or_keras() -> None:
    probe = (
        "import sys, json\n"
        "import lstmlint.server, lstmlint.server.server\n"
        "from lstmlint.server import adapter\n"
        f"snap = adapter.analyse(open({str(FIXTURE)!r}).read(), 'model.py')\n"
        "assert snap.diagnostics and snap.hints and snap.lenses\n"
        "snap.fix_actions(); snap.summary_table(0)\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('tensorflow', 'keras', 'tf_keras', 'jax', 'torch'))\n"
        "print(json.dumps(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_server_help_and_bad_arguments() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "lstmlint", "server", "--help"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert ok.returncode == 0 and "language server" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "lstmlint.server", "--tcp"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert bad.returncode == 2 and "unexpected argument" in bad.stderr


def test_without_pygls_the_message_says_what_to_install() -> None:
    probe = "import sys; sys.modules['pygls'] = None\nfrom lstmlint.server import main\nsys.exit(main([]))\n"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2
    assert "pip install 'lstmlint[lsp]'" in proc.stderr and "Traceback" not in proc.stderr


# ------------------------------------------------------------------ a long analysis never blocks the server
def _big_model(blocks: int) -> str:
    lines = [
        "import keras",
        "from keras import layers",
        "inputs = keras.Input(shape=(24, 6))",
        "x = layers.LSTM(32, return_sequences=True)(inputs)",
    ]
    for b in range(blocks):
        lines += [f"h{b} = layers.LSTM(32, return_sequences=True)(x)", f"x = layers.Add()([x, h{b}])"]
    lines += ["out = layers.Dense(1)(layers.LSTM(8)(x))", "model = keras.Model(inputs, out)"]
    return "\n".join(lines) + "\n"


async def _responsive_scenario(tmp: Path) -> None:
    small, big = (tmp / "small.py").as_uri(), (tmp / "big.py").as_uri()
    session = await start(cwd=tmp)
    client = session.client
    try:
        await _open(session, small, BAD)
        await session.diagnostics_for(small, bool, "the small file's analysis")
        await _open(session, big, _big_model(700))  # ~1,400 lines: seconds of analysis
        await asyncio.sleep(0.2)  # the worker is busy with it now
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(small), lsp.Position(LSTM_LINE0, 26)))
        assert "`(None, 32)`" in _hover_text(hover)
        assert big not in session.diagnostics, "the hover waited for the long analysis"
        await session.diagnostics_for(big, lambda ds: True, "the long analysis", timeout=4 * TIMEOUT)
        assert session.diagnostics[big] == []
    finally:
        await stop(session)


def test_a_long_analysis_does_not_block_requests(tmp_path: Path) -> None:
    run(_responsive_scenario, tmp_path)


# ------------------------------------------------------------------ symbolic sizes, a layer variable, tags
SYMBOLIC = """import keras
from keras import layers


def build(n_steps, n_features, units=32):
    inputs = keras.Input(shape=(n_steps, n_features))
    encoder = layers.LSTM(units, return_sequences=True)
    x = encoder(inputs)
    x = layers.Dense(8)(x)
    return keras.Model(inputs, x)


y = layers.LSTM(4, time_major=False)(keras.Input(shape=(3, 2)))
z = 1  # lstmlint: ignore[LST101]
"""


async def _symbolic_scenario(tmp: Path) -> None:
    (tmp / "requirements.txt").write_text("keras>=3\n", encoding="utf-8")
    uri = (tmp / "build.py").as_uri()
    session = await start(cwd=tmp)
    client = session.client
    try:
        await _open(session, uri, SYMBOLIC)
        diags = await session.diagnostics_for(uri, lambda ds: len(ds) == 2, "LST108 and LST901")
        by_code = {str(d.code): d for d in diags}
        # a Keras 2 argument Keras 3 removed is struck through; an unused suppression is greyed out
        assert list(by_code["LST108"].tags or []) == [lsp.DiagnosticTag.Deprecated]
        assert by_code["LST108"].severity == lsp.DiagnosticSeverity.Error and by_code["LST108"].range.start.line == 12
        assert list(by_code["LST901"].tags or []) == [lsp.DiagnosticTag.Unnecessary]
        assert by_code["LST901"].severity == lsp.DiagnosticSeverity.Warning
        assert by_code["LST901"].range.start.line == 13
        assert by_code["LST901"].code_description is not None
        assert by_code["LST901"].code_description.href.endswith("docs/rules/LST901.md")

        # inlay hints name the symbolic sizes by their source names
        hints = await client.text_document_inlay_hint_async(
            lsp.InlayHintParams(_doc(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(14, 0)))
        )
        labels = {(h.position.line, h.label) for h in hints or []}
        assert {
            (5, ": (None, n_steps, n_features)"),
            (7, ": (None, n_steps, 32)"),
            (8, ": (None, n_steps, 8)"),
        } <= labels

        # hover on the layer variable `encoder` where it is called, and on where it is bound
        line7 = SYMBOLIC.splitlines()[7]
        hover = await client.text_document_hover_async(
            lsp.HoverParams(_doc(uri), lsp.Position(7, line7.index("encoder") + 2))
        )
        text = _hover_text(hover)
        assert "`LSTM` layer" in text and "`(None, n_steps, 32)`" in text
        line6 = SYMBOLIC.splitlines()[6]
        hover = await client.text_document_hover_async(
            lsp.HoverParams(_doc(uri), lsp.Position(6, line6.index("encoder") + 1))
        )
        assert "`LSTM` layer" in _hover_text(hover) and "`(None, n_steps, 32)`" in _hover_text(hover)
        # the lens of the model `build` returns
        lenses = await client.text_document_code_lens_async(lsp.CodeLensParams(_doc(uri)))
        assert lenses and [ln.range.start.line for ln in lenses] == [9]
        assert lenses[0].command is not None
        assert "(None, n_steps, n_features) → (None, n_steps, 8) · 2 layers" in lenses[0].command.title
    finally:
        await stop(session)


def test_symbolic_hints_layer_variable_hover_and_tags(tmp_path: Path) -> None:
    run(_symbolic_scenario, tmp_path)


# ------------------------------------------------------------------ save, unsafe fixes, fix all
BROADCAST = (ROOT / "fixtures" / "bad" / "seed000_skip_add_broadcast.py").read_text(encoding="utf-8")


async def _save_scenario(tmp: Path) -> None:
    path = tmp / "model.py"
    uri = path.as_uri()
    # the longest quiet period: an edit alone is not analysed for 5 s, a save at once
    session = await start({"lstmlint": {"debounceMs": 5000}}, cwd=tmp)
    client = session.client
    loop = asyncio.get_running_loop()
    try:
        await _open(session, uri, BROADCAST)
        diags = await session.diagnostics_for(uri, bool, "the LST111 warning")
        assert [(d.code, d.severity) for d in diags] == [("LST111", lsp.DiagnosticSeverity.Warning)]

        # the only fix changes what a model that builds computes: offered, labelled unsafe, not preferred,
        # and not part of "fix all safe problems"
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(_doc(uri), diags[0].range, lsp.CodeActionContext(diagnostics=diags))
        )
        quick = [a for a in actions or [] if isinstance(a, lsp.CodeAction) and "return_sequences" in a.title]
        assert len(quick) == 1 and quick[0].kind == lsp.CodeActionKind.QuickFix
        assert "(unsafe: " in quick[0].title and not quick[0].is_preferred
        assert not [a for a in actions or [] if isinstance(a, lsp.CodeAction) and a.kind == "source.fixAll.lstmlint"]

        # an edit then a save: the save is analysed at once, without waiting for the quiet period
        await _change(session, uri, BAD, 2)
        path.write_text(BAD, encoding="utf-8")
        t0 = loop.time()
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(_doc(uri)))
        diags = await session.diagnostics_for(uri, lambda ds: session.versions[uri] == 2, "the saved version")
        assert loop.time() - t0 < 4.5, "the save waited for the quiet period"
        assert [d.code for d in diags] == ["LST112"]

        # what an editor's "fix on save" asks for: only source.fixAll.lstmlint
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                _doc(uri),
                lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                lsp.CodeActionContext(diagnostics=[], only=["source.fixAll.lstmlint"]),
            )
        )
        assert actions is not None and len(actions) == 1
        fix_all = actions[0]
        assert isinstance(fix_all, lsp.CodeAction) and fix_all.kind == "source.fixAll.lstmlint"
        assert fix_all.edit is not None and fix_all.edit.changes is not None
        fixed = apply_text_edits(BAD, list(fix_all.edit.changes[uri]))
        assert "LSTM(units, return_sequences=True)(inputs)" in fixed
        await _change(session, uri, fixed, 3)
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(_doc(uri)))
        await session.diagnostics_for(uri, lambda ds: session.versions[uri] == 3 and not ds, "the fixed file clean")
        assert loop.time() - t0 < 9.5
    finally:
        await stop(session)


def test_save_is_analysed_at_once_unsafe_fixes_are_labelled_and_fix_all(tmp_path: Path) -> None:
    run(_save_scenario, tmp_path)


# ------------------------------------------------------------------ a running analysis of an old version is dropped
async def _inflight_scenario(tmp: Path) -> None:
    uri = (tmp / "model.py").as_uri()
    session = await start({"lstmlint": {"debounceMs": 0}}, cwd=tmp)
    try:
        await _open(session, uri, _big_model(700))  # seconds of analysis, started at once
        await asyncio.sleep(0.1)  # the server has started it
        assert uri not in session.diagnostics, "the long analysis ended before the edit: the test proves nothing"
        await _change(session, uri, BAD, 2)  # arrives while version 1 is being analysed
        diags = await session.diagnostics_for(
            uri, lambda ds: session.versions[uri] == 2, "version 2", timeout=4 * TIMEOUT
        )
        assert [d.code for d in diags] == ["LST112"]
        await asyncio.sleep(0.5)
        assert [v for u, v in session.history if u == uri] == [2]  # version 1's result was never published
    finally:
        await stop(session)


def test_an_analysis_of_a_superseded_version_is_never_published(tmp_path: Path) -> None:
    run(_inflight_scenario, tmp_path)


# ------------------------------------------------------------------ the transcript in docs/editors.md
def _doc_blocks() -> list[str]:
    """The fenced blocks of docs/editors.md's "What it looks like" section, in order."""
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    section = text.split("## What it looks like", 1)[1].split("\n## ", 1)[0]
    blocks: list[str] = []
    fence: str | None = None
    body: list[str] = []
    for line in section.splitlines():
        if fence is None:
            if line.startswith("```"):
                fence = line[: len(line) - len(line.lstrip("`"))]
                body = []
        elif line == fence:
            blocks.append("\n".join(body))
            fence = None
        else:
            body.append(line)
    return blocks


def _with_hints(source: str, hints: list[lsp.InlayHint], line0: int) -> str:
    text = source.splitlines()[line0]
    out, at = "", 0
    for h in sorted((h for h in hints if h.position.line == line0), key=lambda h: h.position.character):
        out += text[at : h.position.character] + str(h.label)
        at = h.position.character
    return out + text[at:]


def _render_diagnostic(d: lsp.Diagnostic) -> str:
    first, *rest = d.message.split("\n")
    severity = lsp.DiagnosticSeverity(d.severity).name if d.severity is not None else "?"
    lines = [f"{d.range.start.line + 1}:{d.range.start.character + 1} {d.code} [{severity}] {first}"]
    lines += [f"     {r}" for r in rest]
    if d.code_description is not None:
        lines.append(f"  codeDescription: {d.code_description.href}")
    for r in d.related_information or []:
        where = f"{r.location.range.start.line + 1}:{r.location.range.start.character + 1}"
        lines.append(f"  related {where:<4} {r.message}")
    return "\n".join(lines)


async def _transcript_scenario(tmp: Path) -> None:
    blocks = _doc_blocks()
    clean = (ROOT / "fixtures" / "clean" / "seed001_residual_lstm.py").read_text(encoding="utf-8")
    stacked = (ROOT / "fixtures" / "bad" / "seed003_stacked_list.py").read_text(encoding="utf-8")
    uris = {name: (tmp / f"{name}.py").as_uri() for name in ("clean", "bad", "stacked")}
    session = await start(cwd=tmp)
    client = session.client
    try:
        for name, text in (("clean", clean), ("bad", BAD), ("stacked", stacked)):
            await _open(session, uris[name], text)
        await session.wait_for(lambda: all(u in session.diagnostics for u in uris.values()), "three analyses")
        uri = uris["clean"]
        lines = clean.splitlines()
        hints = list(
            await client.text_document_inlay_hint_async(
                lsp.InlayHintParams(_doc(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(len(lines), 0)))
            )
            or []
        )
        shown = [ln for ln in blocks[0].splitlines() if ln.strip()]
        assert shown, "no inlay transcript"
        for row in shown:
            number, rendered = row[:2], row[4:]
            assert _with_hints(clean, hints, int(number) - 1) == rendered

        lenses = await client.text_document_code_lens_async(lsp.CodeLensParams(_doc(uri)))
        assert lenses and len(lenses) == 1 and lenses[0].command is not None
        assert lenses[0].range.start.line == 22  # "CodeLens above line 23"
        assert lenses[0].command.title == blocks[1].strip()

        async def hover(u: str, line0: int, column0: int) -> str:
            return _hover_text(
                await client.text_document_hover_async(lsp.HoverParams(_doc(u), lsp.Position(line0, column0)))
            )

        assert await hover(uri, 13, lines[13].index("LSTM") + 1) == blocks[2]  # LSTM at line 14
        assert await hover(uri, 12, lines[12].index("[a") + 1) == blocks[3]  # the tensor `a` used on line 13
        assert await hover(uri, 22, 1) == blocks[4]  # `model`

        diags = session.diagnostics[uris["bad"]]
        assert "\n".join(_render_diagnostic(d) for d in diags) == blocks[5]
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(_doc(uris["bad"]), diags[0].range, lsp.CodeActionContext(diagnostics=diags))
        )
        rendered = []
        for a in actions or []:
            assert isinstance(a, lsp.CodeAction)
            kind = f"[{a.kind}{', preferred' if a.is_preferred else ''}]"
            rendered.append(f"{kind:<27}{a.title}")
        assert "\n".join(rendered) == blocks[6]

        stacked_lines = stacked.splitlines()
        assert await hover(uris["stacked"], 11, stacked_lines[11].index("LSTM") + 1) == blocks[7]

        # the README's excerpt of it: an inlay hint line and the lens
        readme = (ROOT / "README.md").read_text(encoding="utf-8").split("**Editors**", 1)[1]
        excerpt = readme.split("```text", 1)[1].split("```", 1)[0]
        rows = [row.strip() for row in excerpt.splitlines() if row.strip()]
        documented = [*blocks[0].splitlines(), blocks[1].strip()]
        assert rows and all(any(d.startswith(row) for d in documented) for row in rows), rows  # comments cut
    finally:
        await stop(session)


def test_the_transcript_in_the_docs_is_what_the_server_says(tmp_path: Path) -> None:
    run(_transcript_scenario, tmp_path)


# ------------------------------------------------------------------ never runs the user's code
SIDE_EFFECTS = """import pathlib
import sidecar
from tensorflow import keras

pathlib.Path("ran_module.txt").write_text("the server ran the module")
inputs = keras.Input(shape=(20, 6))
x = keras.layers.LSTM(8)(inputs)
"""


async def _no_execution_scenario(tmp: Path) -> None:
    # a neighbour module that leaves a mark when imported, and a module that writes one when run
    (tmp / "sidecar.py").write_text('open("imported_sidecar.txt", "w").write("imported")\n', encoding="utf-8")
    path = tmp / "model.py"
    path.write_text(SIDE_EFFECTS, encoding="utf-8")
    uri = path.as_uri()
    session = await start(cwd=tmp)
    client = session.client
    try:
        await _open(session, uri, SIDE_EFFECTS)
        await session.diagnostics_for(uri, lambda ds: True, "the analysis")
        hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(6, 18)))
        assert "`(None, 8)`" in _hover_text(hover)  # analysed ...
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(_doc(uri)))
        await client.text_document_code_lens_async(lsp.CodeLensParams(_doc(uri)))
    finally:
        await stop(session)
    # ... but never run or imported: neither mark exists, in the server's directory or the file's
    assert sorted(p.name for p in tmp.iterdir()) == ["model.py", "sidecar.py"]


def test_the_server_never_runs_or_imports_the_users_code(tmp_path: Path) -> None:
    run(_no_execution_scenario, tmp_path)


# ------------------------------------------------------------------ the latency benchmark still runs
def test_the_latency_benchmark_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/lsp_latency.py", "--runs", "2", "--lines", "120"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    labels = ("diagnostics", "hover (above the edit)", "hover (at the edit)", "lint_source", "lint (edit re-parsed)")
    for label in labels:
        assert f"  {label} " in proc.stdout
    # wall and CPU in process (3 rows each), debounce 0 and the default (3 rows each)
    assert proc.stdout.count("median") == 12 and proc.stdout.count("worst") == 12
    assert "the whole text was parsed again" not in proc.stdout


# ------------------------------------------------------------------ edits in the middle of a longer file
async def _middle_edit_scenario(tmp: Path) -> None:
    """Edits in the middle of the benchmark's file: the server parses only the touched statements
    again (``server.incremental``); diagnostics, hover and hints follow each edit."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        program = __import__("lsp_latency").program
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    text = str(program(160))
    lines = text.splitlines()
    edit_line = next(i for i, ln in enumerate(lines) if "LSTM(48" in ln)
    column = lines[edit_line].index("LSTM") + 1
    uri = (tmp / "model.py").as_uri()
    session = await start({"lstmlint": {"debounceMs": 0}}, cwd=tmp)
    client = session.client
    try:
        await _open(session, uri, text)
        diags = await session.diagnostics_for(uri, bool, "the width finding")
        first = [(str(d.code), d.range.start.line) for d in diags]
        for version, width in ((2, "32"), (3, "48"), (4, "32"), (5, "48")):
            new = text.replace("LSTM(48", f"LSTM({width}")
            await _change(session, uri, new, version)

            def published(ds: list[lsp.Diagnostic], v: int = version) -> bool:
                return session.versions[uri] == v

            diags = await session.diagnostics_for(uri, published, f"v{version}")
            assert [(str(d.code), d.range.start.line) for d in diags] == (first if width == "48" else [])
            hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(edit_line, column)))
            assert f"`(None, 24, {width})`" in _hover_text(hover)
            hints = await client.text_document_inlay_hint_async(
                lsp.InlayHintParams(_doc(uri), lsp.Range(lsp.Position(edit_line, 0), lsp.Position(edit_line + 1, 0)))
            )
            assert [h.label for h in hints or []] == [f": (None, 24, {width})"]
    finally:
        await stop(session)


def test_edits_in_the_middle_of_a_longer_file(tmp_path: Path) -> None:
    run(_middle_edit_scenario, tmp_path)
