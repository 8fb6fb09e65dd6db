"""The collector paused for the span of one file (``lstmlint/gc_pause.py``)."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from lstmlint import gc_pause
from lstmlint.api import lint_file, lint_text

BAD = """\
from tensorflow import keras
inputs = keras.Input(shape=(10, 8))
x = keras.layers.LSTM(4)(inputs)
y = keras.layers.LSTM(4)(x)
"""


def test_off_inside_and_back_on_after_nested_pauses() -> None:
    assert gc.isenabled()
    with gc_pause.paused():
        assert not gc.isenabled()
        with gc_pause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still runs
    assert gc.isenabled()


def test_a_host_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    try:
        with gc_pause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_back_on_after_an_exception() -> None:
    try:
        with gc_pause.paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_overlapping_pauses_in_threads_leave_it_on() -> None:
    inside = threading.Barrier(2)
    leave_first = threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gc_pause.paused():
            inside.wait()
            leave_first.wait()
        seen.append(gc.isenabled())  # the second thread is still inside: still off

    def second() -> None:
        with gc_pause.paused():
            inside.wait()
            leave_first.set()
            t1.join()
            seen.append(gc.isenabled())

    t1 = threading.Thread(target=first)
    t2 = threading.Thread(target=second)
    t1.start()
    t2.start()
    t2.join()
    assert seen == [False, False]
    assert gc.isenabled()


def test_cyclic_garbage_of_a_file_is_freed_when_the_pause_ends() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    gc.collect()
    with gc_pause.paused():
        for _ in range(1000):
            Node()
        assert sum(isinstance(o, Node) for o in gc.get_objects(0)) == 1000
    assert not any(isinstance(o, Node) for o in gc.get_objects())


def test_a_result_dropped_between_files_is_freed_when_the_next_pause_begins() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    gc.collect()
    with gc_pause.paused():
        kept = [Node() for _ in range(100)]  # the file's result, still in use when the pause ends
    assert sum(isinstance(o, Node) for o in gc.get_objects(1)) == 100  # survived, one generation older
    del kept
    with gc_pause.paused():
        assert not any(isinstance(o, Node) for o in gc.get_objects())


def test_lint_file_and_lint_text_pause_and_restore(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(BAD, encoding="utf-8")
    assert [d.code for d in lint_file(str(path)).diagnostics] == ["LST101"]
    assert gc.isenabled()
    assert [d.code for d in lint_text(BAD, str(path)).diagnostics] == ["LST101"]
    assert gc.isenabled()
