"""``--confirm``: the extracted graph rebuilt in real Keras, in a worker process."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lstmlint.api import lint_source
from lstmlint.confirm import session as confirm_mod
from lstmlint.confirm.session import INSTALL_HINT, Session, confirm_file
from lstmlint.diagnostics import Severity
from lstmlint.layers import registry
from lstmlint.shapes.problems import Outcome

pytest.importorskip("keras")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CLI = [sys.executable, "-m", "lstmlint"]
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "NO_COLOR": "1"}

# a sitecustomize that makes tensorflow and keras impossible to import, as if not installed
BLOCKER = '''
import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("tensorflow", "keras"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _Block())
'''


@pytest.fixture(scope="module")
def session():
    s = Session(timeout=120)
    yield s
    s.close()


def confirmed(code: str, session: Session, path: str = "model.py"):
    result = lint_source(textwrap.dedent(code), path)
    assert result.internal_error is None, result.internal_error
    report = confirm_file(result, session)
    return result, report


# ------------------------------------------------------------------ the bundled fixtures
@pytest.fixture(scope="module")
def fixtures_report() -> dict[str, list[dict]]:
    proc = subprocess.run(CLI + ["--confirm", "--format", "json", str(FIXTURES)],
                          capture_output=True, text=True, timeout=600, env=ENV, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr   # the bad fixtures hold errors
    assert "Traceback" not in proc.stderr, proc.stderr
    by_file: dict[str, list[dict]] = {}
    for item in json.loads(proc.stdout):
        by_file.setdefault(str(Path(item["path"]).resolve()), []).append(item)
    return by_file


def test_confirm_marks_every_error_in_the_bad_fixtures(fixtures_report) -> None:
    bad = sorted((FIXTURES / "bad").glob("*.py"))
    assert bad
    for path in bad:
        items = fixtures_report.get(str(path.resolve()), [])
        findings = [d for d in items if d["code"] < "LST300" or d["code"] > "LST319"]
        assert findings, path
        for d in findings:
            assert "confirmed" in d and "confirm_note" in d
            assert d["confirmed"] is True, (path.name, d)
            if d["severity"] == "error":
                assert d["confirm_note"].startswith("Keras raises: "), d
        assert not [d for d in items if d["code"] in ("LST301", "LST302", "LST304")], (path.name, items)
        summaries = [d for d in items if d["code"] == "LST303"]
        assert summaries and all(d["confirmed"] is True for d in summaries), summaries


def test_confirm_builds_the_fixed_and_clean_twins_with_matching_shapes(fixtures_report) -> None:
    good = sorted((FIXTURES / "fixed").glob("*.py")) + sorted((FIXTURES / "clean").glob("*.py"))
    assert good
    for path in good:
        items = fixtures_report.get(str(path.resolve()), [])
        assert [d["code"] for d in items] == ["LST303"] * len(items) and items, (path.name, items)
        for d in items:
            assert d["message"].startswith("Keras builds model"), d
            assert "every output shape agrees with lstmlint" in d["message"], d
            assert d["confirmed"] is True


def test_plain_lint_json_has_null_confirmed_fields() -> None:
    proc = subprocess.run(CLI + ["--format", "json", str(FIXTURES / "bad" / "seed003_stacked_lstm.py")],
                          capture_output=True, text=True, timeout=120, env=ENV)
    items = json.loads(proc.stdout)
    assert items and all(d["confirmed"] is None and d["confirm_note"] is None for d in items)


def test_text_output_shows_the_keras_verdict(tmp_path) -> None:
    proc = subprocess.run(CLI + ["--confirm", str(FIXTURES / "bad" / "seed000_skip_add.py")],
                          capture_output=True, text=True, timeout=300, env=ENV, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "= keras: confirmed: Keras raises: Inputs have incompatible shapes" in proc.stdout
    assert "info[LST303] Keras refuses model `model` at line 9 (`Add`), where lstmlint reports LST110" in proc.stdout


# ------------------------------------------------------------------ never runs the file
def test_confirm_never_imports_or_executes_the_checked_file(tmp_path) -> None:
    marker = tmp_path / "EXECUTED"
    user = tmp_path / "train.py"
    user.write_text(textwrap.dedent(f"""
        import sys
        open({str(marker)!r}, "w").write("the file was executed")
        sys.exit(3)
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 4))
        x = layers.LSTM(8)(inputs)
        x = layers.LSTM(8)(x)  # error
        model = keras.Model(inputs, x)
    """))
    # a module of the user's next to it, named like the library the worker imports
    (tmp_path / "keras.py").write_text(f"open({str(marker)!r}, 'w').write('keras.py shadowed Keras')\n")
    (tmp_path / "lstm_helpers.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n")
    proc = subprocess.run(CLI + ["--confirm", "--format", "json", "train.py"],
                          capture_output=True, text=True, timeout=300, env=ENV, cwd=tmp_path)
    assert not marker.exists(), marker.read_text()
    assert proc.returncode == 1, proc.stderr
    items = json.loads(proc.stdout)
    errors = [d for d in items if d["code"] == "LST101"]
    assert errors and errors[0]["confirmed"] is True and errors[0]["line"] == 9
    assert any(d["code"] == "LST303" for d in items)


# ------------------------------------------------------------------ without TensorFlow
def test_without_tensorflow_one_line_and_exit_status_2(tmp_path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCKER)
    env = {**ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(blocker), os.environ.get("PYTHONPATH")]))}
    probe = subprocess.run([sys.executable, "-c", "import keras"], capture_output=True, text=True, env=env)
    assert probe.returncode != 0 and "No module named" in probe.stderr  # the blocker works
    proc = subprocess.run(CLI + ["--confirm", str(FIXTURES / "bad" / "seed000_skip_add.py")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [INSTALL_HINT]
    assert 'pip install "tensorflow-cpu>=2.16"' in proc.stderr and "Traceback" not in proc.stderr
    # and the worker itself, started directly, says so instead of failing
    worker = subprocess.run([sys.executable, "-P", "-m", "lstmlint.confirm.worker"], input="",
                            capture_output=True, text=True, timeout=120, env=env)
    assert worker.returncode == 3
    assert "missing" in json.loads(worker.stdout.splitlines()[0])


# ------------------------------------------------------------------ what it reports
def test_symbolic_sizes_get_named_stand_ins(session) -> None:
    result, report = confirmed("""
        import sys
        from keras import layers, Input, Model
        n_steps = int(sys.argv[1])
        inputs = Input(shape=(n_steps, 3))
        x = layers.Conv1D(8, 3, padding="same")(inputs)
        x = layers.LSTM(4, return_sequences=True)(x)
        model = Model(inputs, x)
    """, session)
    (m,) = report.models
    assert m.built and not m.disagreements and "n_steps=24" in m.standins
    assert [tuple(r.keras_shapes[0]) for r in m.layers] == [(None, 24, 8), (None, 24, 4)]
    (summary,) = [d for d in result.diagnostics if d.code == "LST303"]
    assert summary.confirmed is True and "n_steps=24" in summary.notes[0]


def test_a_model_that_cannot_be_rebuilt_says_why(session) -> None:
    result, report = confirmed("""
        from keras import layers, Sequential
        model = Sequential()
        model.add(layers.LSTM(8))
        model.add(layers.Dense(1))
    """, session)
    (d,) = [d for d in result.diagnostics if d.code == "LST304"]
    assert d.severity is Severity.INFO and "declares no input shape" in d.message
    result, report = confirmed("""
        import flags
        from keras import layers, Input, Model
        inputs = Input(shape=(5, 2))
        x = layers.LSTM(8, return_sequences=flags.sequences)(inputs)
        model = Model(inputs, layers.Dense(1)(x))
    """, session)
    (m,) = report.models
    assert m.layers[0].status == "skipped"
    assert "argument `return_sequences` of `LSTM` is not known statically" in m.layers[0].message
    assert m.layers[1].status == "skipped" and "not rebuilt" in m.layers[1].message


def test_batch_input_shape_finding_is_confirmed_by_the_constructor(session) -> None:
    result, _ = confirmed("""
        from keras import layers, Sequential
        model = Sequential()
        model.add(layers.LSTM(8, batch_input_shape=(4, 5, 2)))
    """, session)
    (d,) = [d for d in result.diagnostics if d.code == "LST108"]
    assert d.confirmed is True and d.confirm_note.startswith("Keras raises")


def test_a_shape_disagreement_is_reported_as_lst301(session, monkeypatch) -> None:
    """Make lstmlint wrong on purpose (Dense one unit too wide): --confirm must notice."""
    orig = registry.LAYERS["Dense"]

    def wrong(cfg, inputs, is_list):
        out = orig.infer(cfg, inputs, is_list)
        s = out.outputs[0]
        return Outcome((s.replace_last(s.dims[-1] + 1),))

    monkeypatch.setitem(registry.LAYERS, "Dense", dataclasses.replace(orig, infer=wrong))
    result, _report = confirmed("""
        from keras import layers, Input, Model
        inputs = Input(shape=(5, 2))
        x = layers.LSTM(8)(inputs)
        model = Model(inputs, layers.Dense(3)(x))
    """, session)
    (d,) = [d for d in result.diagnostics if d.code == "LST301"]
    assert d.line == 5 and d.severity is Severity.WARNING
    assert "Keras gives `Dense` the output (None, 3), lstmlint inferred (None, 4)" in d.message
    (summary,) = [d for d in result.diagnostics if d.code == "LST303"]
    assert summary.confirmed is False


def test_a_keras_error_lstmlint_missed_is_reported_as_lst302(session, monkeypatch) -> None:
    orig = registry.LAYERS["RepeatVector"]
    lenient = dataclasses.replace(orig, infer=lambda cfg, inputs, is_list: Outcome((inputs[0],)))
    monkeypatch.setitem(registry.LAYERS, "RepeatVector", lenient)
    result, _ = confirmed("""
        from keras import layers, Input, Model
        inputs = Input(shape=(5, 2))
        x = layers.RepeatVector(3)(inputs)
        model = Model(inputs, x)
    """, session)
    (d,) = [d for d in result.diagnostics if d.code == "LST302"]
    assert d.line == 4 and "expected ndim=2" in d.message


def test_an_error_keras_does_not_raise_is_not_reproduced(session, monkeypatch) -> None:
    orig = registry.LAYERS["Dense"]

    def strict(cfg, inputs, is_list):
        from lstmlint.shapes import ShapeProblem

        raise ShapeProblem("LST104", "`Dense` made up problem", kind="rank", operand=0)

    monkeypatch.setitem(registry.LAYERS, "Dense", dataclasses.replace(orig, infer=strict))
    result, _ = confirmed("""
        from keras import layers, Input, Model
        inputs = Input(shape=(5, 2))
        model = Model(inputs, layers.Dense(3)(inputs))
    """, session)
    (d,) = [d for d in result.diagnostics if d.code == "LST104"]
    assert d.confirmed is False and d.confirm_note == "Keras builds this layer: output (None, 5, 3)"


def test_timeout_per_model(tmp_path) -> None:
    session = Session(timeout=0.001)
    try:
        result, _report = confirmed("""
            from keras import layers, Input, Model
            inputs = Input(shape=(5, 2))
            model = Model(inputs, layers.LSTM(3)(inputs))
        """, session)
    finally:
        session.close()
    (d,) = [d for d in result.diagnostics if d.code == "LST304"]
    assert "within 0.001 s" in d.message


def test_confirm_module_does_not_import_keras() -> None:
    code = ("import sys, lstmlint.confirm.session, lstmlint.confirm.spec; "
            "print([m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=ENV)
    assert out.stdout.strip() == "[]"
    assert confirm_mod.keras_installed()


def test_regression_embedding_input_dim_and_attention_calls_are_rebuilt(session) -> None:
    """Found by running --confirm over tests/corpus: `input_dim` is Embedding's own argument (not
    an input shape), and MultiHeadAttention takes query/value/key as separate call arguments."""
    result, report = confirmed("""
        import keras
        from keras import layers
        model = keras.Sequential()
        model.add(keras.Input(shape=(20,)))
        model.add(layers.Embedding(500, 8))
        model.add(layers.LSTM(16, return_sequences=True))
        past = keras.Input(shape=(24, 3))
        future = keras.Input(shape=(6, 3))
        enc = layers.LSTM(16, return_sequences=True)(past)
        dec = layers.LSTM(16, return_sequences=True)(future)
        ctx = layers.MultiHeadAttention(num_heads=2, key_dim=8)(query=dec, value=enc, key=enc)
        both = layers.MultiHeadAttention(num_heads=2, key_dim=8)(dec, enc)
        model2 = keras.Model([past, future], [ctx, both])
    """, session)
    assert [m.built for m in report.models] == [True, True]
    assert not [d for d in result.diagnostics if d.code in ("LST301", "LST302", "LST304")], result.diagnostics
    shapes = {r.line: r.keras_shapes for m in report.models for r in m.layers}
    assert shapes[6] == [[None, 20, 8]] and shapes[12] == [[None, 6, 16]] and shapes[13] == [[None, 6, 16]]
