"""Keras 2 and Keras 3: each file judged by the Keras it runs on, and Keras 2 code migrated.

Fast tier: the per-file target (setting, CLI, auto-detection with its reason), the per-version
rules (no Keras 2 error on Keras 2 code; its shape bugs still reported; LST108/LST401-405 under
Keras 3), and ``--keras-version 3 --fix --unsafe-fixes`` on the corpus' Keras 2 programs.
Keras tier (``@pytest.mark.keras``): the same snippets built in real ``tf_keras`` (Keras 2) and
``keras`` (Keras 3), the migrated corpus programs run in Keras 3, and a few hundred generated
graphs built in ``tf_keras`` and compared with lstmlint under Keras 2.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint.api import lint_paths, lint_source
from lstmlint.cli import main
from lstmlint.codes import Code
from lstmlint.diagnostics import Severity
from lstmlint.settings import ConfigError, Options
from lstmlint.source.keras_target import KerasVersion

CORPUS = Path(__file__).parent / "corpus"
KERAS2_PAIRS = sorted(d for d in CORPUS.iterdir() if d.is_dir() and d.name.startswith("keras2_"))


def codes(text: str, version: str | None = None, path: str = "model.py") -> list[tuple[int, str]]:
    result = lint_source(textwrap.dedent(text), path, Options(keras_version=version))
    assert result.internal_error is None, result.internal_error
    return [(d.span.line, str(d.code)) for d in result.diagnostics]


def errors(text: str, version: str | None = None) -> list[tuple[int, str]]:
    result = lint_source(textwrap.dedent(text), "model.py", Options(keras_version=version))
    assert result.internal_error is None, result.internal_error
    return [(d.span.line, str(d.code)) for d in result.diagnostics if d.severity is Severity.ERROR]


# Keras 2 code that builds in tf_keras 2.21 (each checked in real tf_keras below)
KERAS2_CLEAN = {
    "batch_input_shape_sequential": """
        import tf_keras as keras
        from tf_keras import layers
        model = keras.Sequential([layers.LSTM(4, batch_input_shape=(8, 6, 2)), layers.Dense(1)])
        out = model.output
    """,
    "batch_input_shape_add_chain": """
        import tf_keras as keras
        from tf_keras import layers
        model = keras.Sequential()
        model.add(layers.Embedding(50, 8, batch_input_shape=(4, 7)))
        model.add(layers.GRU(3))
        out = model.output
    """,
    "input_shape_int": """
        import tf_keras as keras
        from tf_keras import layers
        inp = keras.Input(shape=7)
        out = layers.Dense(3)(inp)
    """,
    "time_major_false": """
        import tf_keras as keras
        from tf_keras import layers
        inp = keras.Input(shape=(5, 3))
        out = layers.LSTM(4, time_major=False, return_sequences=True)(inp)
    """,
    "time_major_true_not_modelled": """
        import tf_keras as keras
        from tf_keras import layers
        inp = keras.Input(shape=(5, 3))
        x = layers.LSTM(4, time_major=True, return_sequences=True)(inp)
        out = layers.LSTM(2)(x)
    """,
}

# Keras 2 shape bugs: tf_keras refuses each at the marked statement, lstmlint reports the code
KERAS2_BUGS = {
    "stacked_lstm": ("""
        import tf_keras as keras
        from tf_keras import layers
        model = keras.Sequential()
        model.add(layers.LSTM(8, batch_input_shape=(None, 10, 3)))
        model.add(layers.LSTM(4))
        out = model.output
    """, 6, "LST101"),
    "add_widths": ("""
        import tf_keras as keras
        from tf_keras import layers
        a = keras.Input(shape=16)
        b = keras.Input(shape=8)
        out = layers.Add()([a, b])
    """, 6, "LST110"),
    "concat_sequence_vector": ("""
        import tf_keras as keras
        from tf_keras import layers
        seq = layers.LSTM(8, return_sequences=True, time_major=False)(keras.Input(shape=(10, 3)))
        out = layers.Concatenate()([seq, keras.Input(shape=4)])
    """, 5, "LST112"),
    "repeat_vector_on_sequence": ("""
        import tf_keras as keras
        from tf_keras import layers
        model = keras.Sequential([layers.GRU(8, batch_input_shape=(2, 10, 3), return_sequences=True), layers.RepeatVector(4)])
        out = model.output
    """, 4, "LST103"),
}


# ------------------------------------------------------------------ fast tier: per-version rules
@pytest.mark.parametrize("name", sorted(KERAS2_CLEAN))
def test_keras2_code_that_builds_gets_no_error(name: str) -> None:
    assert codes(KERAS2_CLEAN[name]) == []


@pytest.mark.parametrize("name", sorted(KERAS2_BUGS))
def test_keras2_shape_bugs_are_still_reported(name: str) -> None:
    text, line, code = KERAS2_BUGS[name]
    assert errors(text) == [(line, code)]


def test_the_same_keras2_code_under_keras3_gets_the_migration_findings() -> None:
    found = codes(KERAS2_CLEAN["batch_input_shape_sequential"], "3")
    assert (4, "LST108") in found and (2, "LST405") in found
    assert codes(KERAS2_CLEAN["input_shape_int"], "3")[-1] == (5, "LST107") or (4, "LST107") in codes(
        KERAS2_CLEAN["input_shape_int"], "3")
    assert (5, "LST108") in codes(KERAS2_CLEAN["time_major_false"], "3")


def test_tf_keras_in_a_project_pinning_tensorflow_215(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("numpy\ntensorflow==2.15.1\n")
    program = tmp_path / "train.py"
    program.write_text(textwrap.dedent("""
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.LSTM(4, batch_input_shape=(8, 6, 2)), layers.LSTM(2)])
        inp = keras.Input(shape=7)
    """))
    [result] = list(lint_paths([str(program)], Options(isolated=True)))
    assert result.target is not None and result.target.version is KerasVersion.KERAS2
    assert "requirements.txt" in result.target.reason
    assert [(d.span.line, d.code) for d in result.diagnostics] == [(4, Code.RECURRENT_INPUT_NOT_A_SEQUENCE)]
    (tmp_path / "requirements.txt").write_text("tensorflow>=2.16\n")
    from lstmlint.source import keras_target
    keras_target.clear_cache()
    [result] = list(lint_paths([str(program)], Options(isolated=True)))
    assert result.target is not None and result.target.version is KerasVersion.KERAS3
    assert {d.code for d in result.diagnostics} >= {Code.KERAS2_ONLY_ARGUMENT, Code.INVALID_LAYER_ARGUMENT}


def test_keras3_input_layer_batch_input_shape_is_clean() -> None:
    text = """
        import keras
        from keras import layers
        model = keras.Sequential([layers.InputLayer(batch_input_shape=(4, 6, 2)), layers.LSTM(3), layers.Dense(1)])
        out = model.output
    """
    assert codes(text) == []


def test_keras3_input_layer_batch_input_shape_gives_the_model_its_input() -> None:
    text = """
        import keras
        from keras import layers
        model = keras.Sequential([layers.InputLayer(batch_input_shape=(4, 6, 2)), layers.LSTM(3), layers.LSTM(2)])
    """
    assert errors(text) == [(4, "LST101")]


def test_keras3_time_major_keras1_names_and_unknown_keywords() -> None:
    text = """
        import keras
        from keras import layers
        inp = keras.Input(shape=(10, 3))
        a = layers.LSTM(16, time_major=False)(inp)
        b = layers.Conv1D(8, 3, border_mode="same", init="uniform")(inp)
        c = layers.Dense(output_dim=4)(a)
        d = layers.Dense(4, activaton="relu")(a)
        opt = keras.optimizers.Adam(lr=0.01)
        e = layers.Embedding(100, output_dim=8)(inp)
    """
    assert codes(text) == [(5, "LST108"), (6, "LST402"), (6, "LST402"), (7, "LST402"), (8, "LST401"), (9, "LST402")]


def test_keras2_refuses_keras1_names_too_but_not_keras2_arguments() -> None:
    text = """
        import tf_keras as keras
        from tf_keras import layers
        inp = keras.Input(shape=(10, 3))
        a = layers.LSTM(16, time_major=False, implementation=2)(inp)
        b = layers.Conv1D(8, 3, border_mode="same")(inp)
        opt = keras.optimizers.Adam(lr=0.01)
    """
    assert codes(text) == [(6, "LST402")]


def test_merge_layer_is_reported_under_both_versions() -> None:
    for module in ("keras", "tf_keras"):
        text = f"""
            import {module} as keras
            a = keras.Input(shape=(8,))
            x = keras.layers.Merge([a, a], mode="concat")
        """
        assert (4, "LST403") in codes(text)


def test_unknown_keywords_are_never_guessed() -> None:
    text = """
        import keras
        from keras import layers
        settings = {"unitz": 3}
        a = layers.Dense(4, **settings)
        b = layers.SomeLayerLstmlintDoesNotKnow(4, anything=1)
    """
    assert codes(text) == []


def test_removed_model_methods_under_keras3_only() -> None:
    text = """
        import {m} as keras
        import numpy as np
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
        dense = model.layers[-1]
        head = keras.layers.Dense(2)
        y = head(model.output)
        model.fit_generator(iter([]), steps_per_epoch=1)
        model.predict_generator(iter([]), steps=1)
        model.evaluate_generator(iter([]), steps=1)
        shape = head.output_shape
        whole = model.output_shape
    """
    k3 = codes(text.format(m="keras"))
    assert k3 == [(8, "LST404"), (9, "LST404"), (10, "LST404"), (11, "LST404")]
    assert codes(text.format(m="tf_keras")) == []


def test_keras2_import_only_under_an_explicit_keras3_setting() -> None:
    text = "import tf_keras as keras\nfrom tf_keras.layers import Dense\nm = keras.Sequential([Dense(1)])\n"
    assert codes(text) == []
    assert codes(text, "3") == [(1, "LST405"), (2, "LST405")]


# ------------------------------------------------------------------ the target: settings, CLI
def test_keras_version_setting_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.lstmlint]\nkeras-version = "2"\n')
    program = tmp_path / "m.py"
    program.write_text("import keras\nfrom keras import layers\ninp = keras.Input(shape=7)\n")
    [result] = list(lint_paths([str(program)]))
    assert result.target is not None and result.target.version is KerasVersion.KERAS2
    assert result.diagnostics == []
    [result] = list(lint_paths([str(program)], Options(keras_version="3")))
    assert [d.code for d in result.diagnostics] == [Code.INVALID_LAYER_ARGUMENT]


def test_bad_keras_version_setting_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.lstmlint]\nkeras-version = "4"\n')
    (tmp_path / "m.py").write_text("import keras\n")
    with pytest.raises(ConfigError, match='keras-version must be "auto", "2" or "3"'):
        list(lint_paths([str(tmp_path / "m.py")]))


def test_cli_keras_version_and_verbose_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("k2.py").write_text(KERAS2_CLEAN["batch_input_shape_sequential"].replace("\n        ", "\n"))
    runner = CliRunner()
    done = runner.invoke(main, ["check", "--no-cache", "-v", "k2.py"])
    assert done.exit_code == 0, done.output
    assert "k2.py: judged by Keras 2: the file imports `tf_keras`" in done.stderr
    done = runner.invoke(main, ["check", "--no-cache", "--keras-version", "3", "-v", "--format", "concise", "k2.py"])
    assert done.exit_code == 1
    assert "LST108" in done.stdout and "LST405" in done.stdout
    assert "judged by Keras 3: keras-version = 3" in done.stderr
    done = runner.invoke(main, ["check", "--keras-version", "4", "k2.py"])
    assert done.exit_code == 2 and "'4' is not one of 'auto', '2', '3'" in done.output


# ------------------------------------------------------------------ migration of the corpus
def test_the_corpus_has_keras2_pairs() -> None:
    assert len(KERAS2_PAIRS) >= 4


# Keras 2 programs that `--fix` cannot move to Keras 3 on its own, and why: the migration
# is refused (the file is left as it was where the fix would break it), never half made
NOT_MIGRATABLE = {
    # `K.l2_normalize` has no exact `keras.ops` twin, so its LST406 has no fix
    "keras2_custom_layer_output_shape": [(5, "LST405")],
    # Keras 3's `Input(tensor=...)` takes only a Keras tensor: the batch of data it is given has
    # to become `Input(shape=...)` plus data given to `fit`, a rewrite the user chooses
    "keras2_example_tf_data_iterator_input": [(13, "LST107")],
    # the dropout masks come from tf_keras' internal `ContextValueCache` and `K.in_train_phase`,
    # which Keras 3 does not have: the imports stay (the cell's 6-wide steps, 4 wide under Keras 3,
    # get the skip connection's projection)
    "keras2_cells9_dropout_cache": [(8, "LST405"), (10, "LST405")],
}


def _migrate(tmp_path: Path, pairs: list[Path] | None = None) -> list[Path]:
    out = []
    for pair in KERAS2_PAIRS if pairs is None else pairs:
        target = tmp_path / f"{pair.name}.py"
        shutil.copy(pair / "good.py", target)
        out.append(target)
    done = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", "--keras-version", "3", "--fix",
                                     "--unsafe-fixes", *map(str, out)])
    # what remains is a warning (LST405), or the error a pair that cannot be migrated keeps
    kept = [code for p in out for _, code in NOT_MIGRATABLE.get(p.stem, [])]
    assert done.exit_code == int(any(code.startswith("LST1") for code in kept)), done.output
    return [p for p in out if p.stem not in NOT_MIGRATABLE]


def test_a_migration_that_would_break_the_file_is_refused(tmp_path: Path) -> None:
    pairs = [p for p in KERAS2_PAIRS if p.name in NOT_MIGRATABLE]
    assert len(pairs) == len(NOT_MIGRATABLE)
    _migrate(tmp_path, pairs)
    for pair in pairs:
        program = tmp_path / f"{pair.name}.py"
        assert codes(program.read_text(), "3", str(program)) == NOT_MIGRATABLE[pair.name], pair.name


def test_keras_version_3_fix_migrates_the_corpus_keras2_programs(tmp_path: Path) -> None:
    before = {p.name: codes((p / "good.py").read_text(), "3") for p in KERAS2_PAIRS}
    assert all(before.values()), before                       # each one has something to migrate
    for program in _migrate(tmp_path):
        text = program.read_text()
        assert not re.search(r"^\s*(import|from) tf_keras", text, re.M), text
        assert not re.search(r"(batch_input_shape|time_major)=", text), text
        assert codes(text, "3", str(program)) == [], program.name


# ------------------------------------------------------------------ Keras tier: real tf_keras / keras
def _build(text: str, package: str) -> tuple[bool, str, int | None]:
    """Run our snippet with ``package`` (tf_keras or keras); (built, error, line)."""
    import traceback

    keras = pytest.importorskip(package)
    keras.backend.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(textwrap.dedent(text), "<snippet>", "exec"), {"__name__": "__snippet__"})  # noqa: S102
        except Exception as e:  # noqa: BLE001 - Keras refusing is the verdict
            lines = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == "<snippet>"]
            return False, f"{type(e).__name__}: {e}", lines[-1] if lines else None
    return True, "", None


@pytest.mark.keras
@pytest.mark.parametrize("name", sorted(KERAS2_CLEAN))
def test_clean_keras2_snippets_build_in_tf_keras(name: str) -> None:
    built, error, _ = _build(KERAS2_CLEAN[name], "tf_keras")
    assert built, error


@pytest.mark.keras
@pytest.mark.parametrize("name", sorted(KERAS2_BUGS))
def test_keras2_bugs_are_refused_by_tf_keras_where_reported(name: str) -> None:
    text, line, _ = KERAS2_BUGS[name]
    built, error, at = _build(text, "tf_keras")
    assert not built and at == line, (error, at)


@pytest.mark.keras
def test_keras3_facts_the_version_rules_rely_on() -> None:
    k3_input_layer = """
        import keras
        model = keras.Sequential([keras.layers.InputLayer(batch_input_shape=(4, 6, 2)), keras.layers.LSTM(3)])
    """
    assert _build(k3_input_layer, "keras")[0]
    for text in ("import keras\nkeras.layers.LSTM(4, time_major=False)\n",
                 "import keras\nkeras.layers.Conv1D(8, 3, border_mode='same')\n",
                 "import keras\nkeras.layers.Dense(4, activaton='relu')\n",
                 "import keras\nkeras.optimizers.Adam(lr=0.1)\n",
                 "import keras\nkeras.Input(shape=7)\n"):
        assert not _build(text, "keras")[0], text
    assert _build("import tf_keras\ntf_keras.layers.LSTM(4, time_major=False)\n", "tf_keras")[0]
    assert not _build("import tf_keras\ntf_keras.layers.Conv1D(8, 3, border_mode='same')\n", "tf_keras")[0]


@pytest.mark.keras
def test_migrated_corpus_programs_build_and_run_in_keras3(tmp_path: Path) -> None:
    pytest.importorskip("keras")
    from program_runs import run_program

    for program in _migrate(tmp_path):
        run = run_program(program.read_text(), str(program))
        assert not run.raised, f"{program.name}: {run.error_type}: {run.error_text}"
        good = (CORPUS / program.stem / "good.py").read_text()
        if {code for _, code in codes(good, "3")} <= {str(Code.KERAS2_IMPORT)}:
            continue  # only its imports were Keras 2: Keras 3 runs the rest as written
        unmigrated = run_program(good.replace("tf_keras", "keras"), str(program))
        assert unmigrated.raised, f"{program.name}: Keras 3 runs it without the migration"


# generated graphs, built in tf_keras: a few hundred at most (LSTMLINT_KERAS2_EXAMPLES)
KERAS2_EXAMPLES = int(os.environ.get("LSTMLINT_KERAS2_EXAMPLES", "150"))


@pytest.mark.keras
def test_generated_graphs_agree_with_tf_keras() -> None:
    tf_keras = pytest.importorskip("tf_keras")
    from gen.model import build_keras
    from gen.render import render_with_constructors, styles
    from gen.strategies import graphs
    from hypothesis import HealthCheck, given, note, settings
    from hypothesis import strategies as st

    seen = {"graphs": 0, "refused": 0, "shapes": 0}

    @settings(max_examples=KERAS2_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data: st.DataObject) -> None:
        graph = data.draw(graphs(), label="graph")
        style = data.draw(styles(graph), label="style")
        source, where, ctor = render_with_constructors(graph, style)
        note(source)
        result = lint_source(source, "generated.py", Options(keras_version="2"))
        assert result.internal_error is None, result.internal_error
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            built = build_keras(graph, tf_keras)
        seen["graphs"] += 1
        errs = sorted(d.span.line for d in result.diagnostics if d.severity is Severity.ERROR)
        context = f"\n{source}--- tf_keras: {built.message or 'builds'}"
        if built.error_node is None:
            assert not errs, f"lstmlint (Keras 2) reports an error at line {errs[0]}; tf_keras builds it{context}"
        else:
            seen["refused"] += 1
            line = (ctor if built.error_phase == "construct" else where)[built.error_node]
            if errs:
                assert errs[0] == line, f"lstmlint's first error is at line {errs[0]}, tf_keras' at {line}{context}"
        # every layer tf_keras built: lstmlint's inferred shapes, where known, are tf_keras' shapes
        apps = {}
        if result.analysis is not None and result.locate is not None:
            for app in result.analysis.applications:
                apps.setdefault(result.locate(app.node).line, app)
        for node in graph.nodes:
            app = apps.get(where.get(node.id, -1)) if node.layer is not None else None
            if app is None or not app.outputs or node.id not in built.shapes:
                continue
            lshapes = [t.shape for t in app.outputs]
            if all(sh.dims is None for sh in lshapes):
                continue
            kshapes = built.shapes[node.id]
            assert len(lshapes) == len(kshapes), f"{len(lshapes)} outputs, tf_keras {len(kshapes)}{context}"
            for ls, ks in zip(lshapes, kshapes):
                assert ls.dims is None or _dims_agree(ls.dims, ks), f"lstmlint infers {ls}, tf_keras {ks}{context}"
            seen["shapes"] += 1
        if seen["graphs"] % 50 == 0:
            tf_keras.backend.clear_session()

    check()
    assert seen["refused"] >= 0.05 * seen["graphs"], seen
    assert seen["shapes"] >= seen["graphs"], seen        # layers compared, shape by shape


def _dims_agree(lint_dims: tuple, keras_shape: tuple) -> bool:
    """Known dims equal tf_keras' (an unknown or symbolic dim agrees with anything)."""
    from lstmlint.shapes import UNKNOWN, Sym, is_int

    if len(lint_dims) != len(keras_shape):
        return False
    return all(d is UNKNOWN or isinstance(d, Sym) or not (d is None or is_int(d)) or d == k
               for d, k in zip(lint_dims, keras_shape))


# ------------------------------------------------------------------ --confirm under the file's Keras
def test_the_confirm_worker_for_keras2_stays_isolated() -> None:
    import sys

    from lstmlint.confirm.session import worker_command

    cmd = worker_command(keras="2")
    assert cmd[:2] == [sys.executable, "-I"] and cmd[-2:] == ["--keras", "2"]
    assert worker_command()[-2:] == ["--keras", "3"]


@pytest.mark.keras
def test_confirm_rebuilds_a_keras2_file_with_tf_keras(tmp_path: Path) -> None:
    pytest.importorskip("tf_keras")
    from lstmlint.api import lint_file
    from lstmlint.confirm.session import Session, confirm_file

    good = tmp_path / "good.py"
    good.write_text((CORPUS / "keras2_stateful_stack" / "good.py").read_text())
    bad = tmp_path / "bad.py"
    bad.write_text((CORPUS / "keras2_stateful_stack" / "bad.py").read_text())
    session = Session(timeout=300)
    try:
        good_result = lint_file(str(good))
        confirm_file(good_result, session)
        assert session.keras_version is not None and session.keras_version.startswith("2."), session.keras_version
        [model] = [d for d in good_result.diagnostics if d.code == Code.CONFIRM_MODEL_RESULT]
        assert model.message.startswith("Keras builds model `model`"), model.message
        bad_result = lint_file(str(bad))
        confirm_file(bad_result, session)
        [error] = [d for d in bad_result.diagnostics if d.code == Code.RECURRENT_INPUT_NOT_A_SEQUENCE]
        assert error.confirmed is True
    finally:
        session.close()
