"""Files analysed in a process pool (lstmlint/run.py): the same output as one process, in the
same order, and a worker that dies costs its file only. Fast tier: no TensorFlow."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import lstmlint.run as run
from lstmlint.api import FileResult
from lstmlint.cli import main
from lstmlint.settings import Options

HEAD = "import keras\nfrom keras import layers\ninputs = keras.Input(shape=(10, {f}))\n"
BAD = "x = layers.LSTM(8)(inputs)\ny = layers.LSTM(8)(x)\nmodel = keras.Model(inputs, y)\n"
GOOD = ("x = layers.LSTM(8, return_sequences=True)(inputs)\ny = layers.LSTM(8)(x)\nz = layers.Dense(1)(y)\n"
        "model = keras.Model(inputs, z)\n")


def make_tree(root: Path, n: int = 24) -> Path:
    for k in range(n):
        folder = root / f"pkg{k % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        body = BAD if k % 4 == 1 else GOOD
        (folder / f"m{k:02d}.py").write_text(HEAD.format(f=3 + k % 5) + body)
    (root / "plain.py").write_text("def f(x):\n    return x\n")
    return root


def test_jobs_2_gives_the_output_of_jobs_1(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    runner = CliRunner()
    for fmt in ("json", "concise"):
        one = runner.invoke(main, [str(tree), "--format", fmt, "--jobs", "1", "--no-cache", "--isolated",
                                   "--statistics"])
        two = runner.invoke(main, [str(tree), "--format", fmt, "--jobs", "2", "--no-cache", "--isolated",
                                   "--statistics"])
        assert one.exit_code == two.exit_code == 1, one.output
        assert one.stdout == two.stdout
        assert one.stderr == two.stderr
        if fmt == "json":
            assert [d["code"] for d in json.loads(one.stdout)] == ["LST101"] * 6


def test_results_come_in_discovery_order(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    serial = [r.path for r in run.run_paths([str(tree)], Options(isolated=True), jobs=1)]
    parallel = [r.path for r in run.run_paths([str(tree)], Options(isolated=True), jobs=2)]
    assert serial == parallel and len(serial) == 25


def crash_on_m05(task: run.Task) -> FileResult:
    """A worker that dies (no exception, no clean-up: as a segfault would) on one file."""
    if task.path.endswith("m05.py"):
        os._exit(3)
    return run.analyse(task)


def test_a_dying_worker_costs_one_file(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", n=12)
    files = sorted(str(p) for p in tree.rglob("m*.py"))
    tasks = [run.Task(p, Options(isolated=True)) for p in files]
    results = list(run.in_pool(tasks, 2, work=crash_on_m05))
    assert [r.path for r in results] == files
    dead = [r for r in results if r.internal_error]
    assert [Path(r.path).name for r in dead] == ["m05.py"]
    assert "worker process" in (dead[0].internal_error or "")
    expected = [run.analyse(t) for t in tasks]
    for got, want in zip(results, expected):
        if not got.path.endswith("m05.py"):
            assert got.diagnostics == want.diagnostics


def test_ready_results_pass_through_the_pool_in_order(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", n=6)
    files = sorted(str(p) for p in tree.rglob("m*.py"))
    items: list[run.Task | FileResult] = []
    for k, p in enumerate(files):
        items.append(FileResult(p) if k % 2 else run.Task(p, Options(isolated=True)))
    assert [r.path for r in run.in_pool(items, 2)] == files


def test_default_jobs_needs_enough_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "available_cpus", lambda: 2)
    assert run.default_jobs(1) == 1
    assert run.default_jobs(run.MIN_FILES_PER_JOB * 2) == 2
    assert run.default_jobs(10_000) == 2


def test_results_are_slim_unless_the_analysis_is_needed(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", n=4)
    slim = list(run.run_paths([str(tree)], Options(isolated=True), jobs=1))
    assert all(r.analysis is None and r.module is None for r in slim)
    assert all(r.source is None for r in slim if not r.diagnostics)
    assert all(r.source for r in slim if r.diagnostics)          # the reporters quote it
    assert sum(r.coverage.models for r in slim if r.coverage) == 4
    assert sum(r.coverage.layers for r in slim if r.coverage) == 2 + 3 * 3
    full = list(run.run_paths([str(tree)], Options(isolated=True), need_analysis=True))
    assert all(r.analysis is not None for r in full if r.path.endswith(".py") and "plain" not in r.path)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_only_after_a_while() -> None:
    pipe = io.StringIO()
    bar = run.Progress(100, pipe, enabled=True, after=0.0)
    for _ in range(50):
        bar.advance()
    bar.close()
    assert pipe.getvalue() == ""                                   # not a terminal: nothing
    quiet = Tty()
    bar = run.Progress(100, quiet, enabled=False, after=0.0)       # --quiet
    for _ in range(50):
        bar.advance()
    bar.close()
    assert quiet.getvalue() == ""
    slow = Tty()
    bar = run.Progress(100, slow, enabled=True, after=3600.0)      # a run shorter than the delay
    for _ in range(50):
        bar.advance()
    bar.close()
    assert slow.getvalue() == ""
    term = Tty()
    bar = run.Progress(100, term, enabled=True, after=0.0)
    for _ in range(50):
        bar.advance()
    bar.close()
    assert "checking" in term.getvalue()


def test_spawned_workers_give_the_same_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where forking is unsafe (threads alive, TensorFlow loaded) workers are spawned instead."""
    import multiprocessing
    import threading

    tree = make_tree(tmp_path / "tree", n=4)
    serial = [(r.path, r.diagnostics) for r in run.run_paths([str(tree)], Options(isolated=True), jobs=1)]
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert run._context().get_start_method() == "spawn"
    finally:
        stop.set()
        worker.join()
    monkeypatch.setattr(run, "_context", lambda: multiprocessing.get_context("spawn"))
    spawned = [(r.path, r.diagnostics) for r in run.run_paths([str(tree)], Options(isolated=True), jobs=2)]
    assert spawned == serial


def raise_on_m02(task: run.Task) -> FileResult:
    if task.path.endswith("m02.py"):
        raise RuntimeError("boom")
    return run.analyse(task)


def test_a_worker_exception_costs_one_file(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", n=5)
    files = sorted(str(p) for p in tree.rglob("m*.py"))
    results = list(run.in_pool([run.Task(p, Options(isolated=True)) for p in files], 2, work=raise_on_m02))
    assert [r.path for r in results] == files
    assert [(Path(r.path).name, r.internal_error) for r in results if r.internal_error] == [
        ("m02.py", "RuntimeError: boom")]


def test_a_failure_outside_the_analysis_is_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "m.py").write_text(HEAD.format(f=3) + GOOD)

    def broken(analysis: object) -> object:
        raise ValueError("coverage")

    monkeypatch.setattr(run, "file_coverage", broken)
    [result] = run.run_paths([str(tmp_path / "m.py")], Options(isolated=True), jobs=1)
    assert result.internal_error == "ValueError: coverage"


def frozen_in_worker(task: run.Task) -> FileResult:
    """How many objects the worker's collector holds frozen (carried in ``internal_error``)."""
    import gc

    return FileResult(task.path, internal_error=str(gc.get_freeze_count()))


def test_workers_thaw_what_the_fork_froze(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``_submit_first`` freezes the parent's objects while it forks the workers; a worker that
    kept them frozen would keep ``gc_pause.parsed`` from moving its parse trees out of the young
    collections, and walk the frozen objects on every file (``run.worker_start``)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: a spawned worker inherits nothing frozen")
    monkeypatch.setattr(run, "_context", lambda: multiprocessing.get_context("fork"))  # it inherits the freeze
    tree = make_tree(tmp_path / "tree", n=4)
    files = sorted(str(p) for p in tree.rglob("m*.py"))
    results = list(run.in_pool([run.Task(p, Options(isolated=True)) for p in files], 2, work=frozen_in_worker))
    assert [r.internal_error for r in results] == ["0"] * len(files)
