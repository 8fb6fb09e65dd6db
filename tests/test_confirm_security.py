"""``--confirm`` on hostile input: it builds only pure shape-computing layers, reads no file,
imports no module of the checked repository, stays within its memory, and claims a
disagreement with Keras only when its rebuild is faithful (issue 14)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from lstmlint.api import lint_source
from lstmlint.confirm.session import (
    ConfirmUnavailable,
    Session,
    Worker,
    confirm_file,
    worker_command,
    worker_environment,
)

pytestmark = pytest.mark.keras
pytest.importorskip("keras")

CLI = [sys.executable, "-m", "lstmlint"]
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "NO_COLOR": "1"}


class Spy:
    """A session that records every job sent to the worker and every answer."""

    def __init__(self, inner: Session) -> None:
        self.inner = inner
        self.jobs: list[dict[str, Any]] = []
        self.answers: list[dict[str, Any]] = []

    @property
    def keras_version(self) -> str | None:
        return self.inner.keras_version

    def use(self, target: str) -> None:
        self.inner.use(target)

    def run(self, spec: dict[str, Any]) -> dict[str, Any]:
        self.jobs.append(json.loads(json.dumps(spec)))
        answer = self.inner.run(spec)
        self.answers.append(answer)
        return answer


@pytest.fixture(scope="module")
def session():
    s = Session(timeout=120)
    yield s
    s.close()


def confirmed(code: str, session: Session | Spy):
    result = lint_source(textwrap.dedent(code), "model.py")
    assert result.internal_error is None, result.internal_error
    report = confirm_file(result, session)  # type: ignore[arg-type]
    return result, report


# ------------------------------------------------------------------ never loads, never reads
def test_tfsmlayer_is_never_handed_to_keras(session, tmp_path) -> None:
    spy = Spy(session)
    result, report = confirmed(f"""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 4))
        x = layers.LSTM(8)(inputs)
        y = layers.TFSMLayer(filepath={str(tmp_path / "saved")!r}, call_endpoint="serve")(x)
        z = layers.TFSMLayer({str(tmp_path / "saved")!r}, call_endpoint="serve")(x)
        model = keras.Model(inputs, [y, z])
    """, spy)
    built = json.dumps([[n["spec"] for n in j["nodes"]] + [j["allow"]] for j in spy.jobs])
    assert spy.jobs and "TFSMLayer" not in built and "saved" not in json.dumps(spy.jobs)
    (m,) = report.models
    assert [r.status for r in m.layers] == ["ok", "skipped", "skipped"]
    assert "`TFSMLayer` is not a layer --confirm builds in Keras" in m.layers[1].message
    assert not [d for d in result.diagnostics if d.code in ("LST301", "LST302")]


def test_lookup_vocabulary_files_are_never_read(tmp_path) -> None:
    secret = tmp_path / "vocab.txt"
    secret.write_text("TOPSECRET_FIRST_LINE\n7\n")
    (tmp_path / "train.py").write_text(textwrap.dedent(f"""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10,), dtype="int64")
        ids = layers.IntegerLookup(vocabulary={str(secret)!r})(inputs)
        words = layers.StringLookup(vocabulary={str(secret)!r})(inputs)
        x = layers.Embedding(100, 8)(inputs)
        model = keras.Model(inputs, [ids, words, layers.LSTM(4)(x)])
    """))
    for fmt in ("text", "json", "sarif", "github", "markdown", "concise"):
        proc = subprocess.run(CLI + ["--confirm", "--format", fmt, "train.py"], capture_output=True, text=True,
                              timeout=300, env=ENV, cwd=tmp_path)
        assert proc.returncode in (0, 1), (fmt, proc.stderr)
        assert "LST303" in proc.stdout or "Keras" in proc.stdout, (fmt, proc.stdout)
        assert "TOPSECRET" not in proc.stdout + proc.stderr, fmt


def test_the_worker_itself_refuses_what_is_not_on_the_allow_list(session) -> None:
    """Even a job that names a dangerous layer (as a bug in the parent might) builds nothing."""
    base = {"inputs": [{"id": "i1", "shape": [None, 4]}]}

    def node(kind: str, params: dict[str, Any]) -> dict[str, Any]:
        return {"id": 7, "layer": 7, "args": ["i1"], "is_list": False, "kwargs": {},
                "spec": {"kind": kind, "params": params}}

    cases = [
        ({"Dense": ["units"]}, node("TFSMLayer", {"filepath": "/nonexistent", "call_endpoint": "serve"}),
         "`TFSMLayer` is not a layer --confirm builds"),
        ({"IntegerLookup": ["vocabulary"]}, node("IntegerLookup", {"vocabulary": "/etc/passwd"}),
         "a string --confirm does not hand to Keras"),
        ({"Dense": ["units"]}, node("Dense", {"units": 3, "kernel_initializer": "zeros"}),
         "argument `kernel_initializer` of `Dense` is not one --confirm hands to Keras"),
        ({"Dense": ["units", "kernel_initializer"]},
         node("Dense", {"units": 3, "kernel_initializer": {"module": "os", "class_name": "system", "config": {}}}),
         "a value --confirm does not hand to Keras"),
    ]
    for allow, n, why in cases:
        answer = session.run({**base, "nodes": [n], "allow": allow})
        got = answer["nodes"]["7"]
        assert got["status"] == "skipped" and why in got["why"], (n, got)
    ok = session.run({**base, "nodes": [node("Dense", {"units": 3})], "allow": {"Dense": ["units"]}})
    assert ok["nodes"]["7"] == {"status": "ok", "shapes": [[None, 3]], "multi": False}


def test_lambda_and_custom_layers_are_not_rebuilt(session) -> None:
    spy = Spy(session)
    _result, report = confirmed("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 4))
        x = layers.Lambda(lambda t: t * 2)(inputs)
        y = layers.Dense(3, kernel_initializer="glorot_uniform")(inputs)
        model = keras.Model(inputs, [x, y])
    """, spy)
    sent = json.dumps(spy.jobs)
    assert "Lambda" not in json.dumps([[n["spec"] for n in j["nodes"]] + [j["allow"]] for j in spy.jobs])
    assert '"kernel_initializer": "glorot_uniform"' in sent      # an option word is fine
    (m,) = report.models
    assert [r.status for r in m.layers] == ["skipped", "ok"]


# ------------------------------------------------------------------ isolation
def test_the_worker_runs_isolated_with_a_clean_environment(monkeypatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "do-not-leak")
    monkeypatch.setenv("PYTHONPATH", ".")
    cmd = worker_command()
    assert cmd[:2] == [sys.executable, "-I"] and cmd[2].endswith("worker.py")
    env = worker_environment("/tmp/x")
    assert "AWS_SECRET_ACCESS_KEY" not in env and "PYTHONPATH" not in env
    assert env["HOME"] == "/tmp/x" and env["TMPDIR"] == "/tmp/x"


def test_a_keras_py_in_the_repository_or_on_pythonpath_is_never_imported(tmp_path) -> None:
    marker = tmp_path / "SHADOWED"
    repo = tmp_path / "repo"
    repo.mkdir()
    elsewhere = tmp_path / "lib"
    elsewhere.mkdir()
    shadow = f"open({str(marker)!r}, 'a').write(__file__ + '\\n')\n"
    for folder in (repo, elsewhere):
        (folder / "keras.py").write_text(shadow)
        (folder / "tensorflow.py").write_text(shadow)
    (repo / "train.py").write_text(textwrap.dedent("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 4))
        x = layers.LSTM(8)(inputs)
        x = layers.LSTM(8)(x)
        model = keras.Model(inputs, x)
    """))
    # PYTHONPATH=. (common in CI), an empty entry, and another folder
    env = {**ENV, "PYTHONPATH": os.pathsep.join([".", "", str(elsewhere)])}
    # the parent itself must still find lstmlint: run it from its own checkout
    env["PYTHONPATH"] += os.pathsep + str(Path(__file__).resolve().parents[1])
    proc = subprocess.run([sys.executable, "-m", "lstmlint", "--confirm", "--format", "json", "train.py"],
                          capture_output=True, text=True, timeout=300, env=env, cwd=repo)
    # the parent process (our CLI) honours PYTHONPATH like any Python program; the worker must not
    worker_hits = marker.read_text().splitlines() if marker.exists() else []
    items = json.loads(proc.stdout)
    assert proc.returncode == 1, proc.stderr
    summary = [d for d in items if d["code"] == "LST303"]
    assert summary and summary[0]["confirmed"] is True, items
    assert not worker_hits, worker_hits


# ------------------------------------------------------------------ memory
def test_a_memory_hungry_model_is_refused_cleanly_without_allocating(session) -> None:
    spy = Spy(session)
    result, report = confirmed("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(4, 32000))
        model = keras.Model(inputs, layers.Dense(32000)(inputs))
    """, spy)
    (m,) = report.models
    (r,) = m.layers
    assert r.status == "skipped" and "more than 100,000,000 values" in (r.message or "")
    assert not [d for d in result.diagnostics if d.code in ("LST301", "LST302")]
    peak_mb = spy.answers[-1]["peak_rss_kb"] / 1024
    assert peak_mb < 1500, f"worker peak RSS {peak_mb:.0f} MB"
    print(f"worker peak RSS after Dense(32000) on (4, 32000): {peak_mb:.0f} MB")


def test_a_worker_without_enough_memory_fails_cleanly() -> None:
    with pytest.raises(ConfirmUnavailable, match="did not start"):
        Worker(startup_timeout=120, memory_limit=300 * 2**20)


# ------------------------------------------------------------------ no false claims
def test_a_layer_rebuilt_without_an_argument_is_no_disagreement(session) -> None:
    result, _report = confirmed("""
        import keras
        from keras import layers

        def softmax_over_time(x):
            return keras.ops.softmax(x, axis=1)

        inputs = keras.Input(shape=(10, 4))
        x = layers.LSTM(8, return_sequences=True)(inputs)
        x = layers.Activation(softmax_over_time)(x)
        model = keras.Model(inputs, x)
    """, session)
    assert not [d for d in result.diagnostics if d.code in ("LST301", "LST302")], result.diagnostics
    (summary,) = [d for d in result.diagnostics if d.code == "LST303"]
    assert summary.confirmed is None
    assert "not faithful" in summary.message and "left out `activation` of `Activation`" in summary.message
    assert "Keras refuses model" not in summary.message


def test_stand_ins_that_disagree_make_no_claim(session) -> None:
    result, _report = confirmed("""
        import sys
        import keras
        from keras import layers
        n_steps = int(sys.argv[1])
        window = int(sys.argv[2])
        inputs = keras.Input(shape=(n_steps, 4))
        x = layers.Reshape((window, 4))(inputs)
        model = keras.Model(inputs, layers.LSTM(3)(x))
    """, session)
    assert not [d for d in result.diagnostics if d.code in ("LST301", "LST302")], result.diagnostics
    (summary,) = [d for d in result.diagnostics if d.code == "LST303"]
    assert summary.confirmed is None and "stand-in values" in summary.message


def test_a_faithful_refusal_is_still_claimed(session, monkeypatch) -> None:
    """The guard above must not hide real disagreements: all sizes known, all arguments given."""
    from lstmlint.layers import registry
    from lstmlint.shapes.problems import Outcome

    orig = registry.LAYERS["RepeatVector"]
    lenient = dataclasses.replace(orig, infer=lambda cfg, inputs, is_list: Outcome((inputs[0],)))
    monkeypatch.setitem(registry.LAYERS, "RepeatVector", lenient)
    result, _ = confirmed("""
        from keras import layers, Input, Model
        inputs = Input(shape=(5, 2))
        model = Model(inputs, layers.RepeatVector(3)(inputs))
    """, session)
    assert [d.code for d in result.diagnostics if d.code == "LST302"] == ["LST302"]
