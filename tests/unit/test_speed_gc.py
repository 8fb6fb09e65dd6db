"""``gc_pause.parsed()``: inside the outermost pause, what is alive is moved to the oldest
generation without a collection; elsewhere, when objects are frozen, or in another thread, it
does nothing; and the cycles made after it are still collected when the pause ends."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from lstmlint import gc_pause


class _Node:
    def __init__(self) -> None:
        self.children: list[_Node] = []


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_parsed_moves_the_live_objects_to_the_oldest_generation() -> None:
    with gc_pause.paused():
        tree = _Node()
        tree.children.append(_Node())
        assert _in_generation(tree, 0)
        collections = gc.get_stats()
        gc_pause.parsed()
        assert gc.get_stats() == collections  # no collection was made
        assert _in_generation(tree, 2) and not _in_generation(tree, 0)
        assert gc.get_freeze_count() == 0 and not gc.isenabled()
    assert gc.isenabled()


def test_cycles_made_after_it_are_collected_when_the_pause_ends() -> None:
    with gc_pause.paused():
        gc_pause.parsed()
        a, b = _Node(), _Node()
        a.children.append(b)
        b.children.append(a)  # a reference cycle: only the collector frees it
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None
    assert gone() is None  # the young collection at the pause's end


def test_parsed_outside_a_pause_does_nothing() -> None:
    gc.collect()
    obj = _Node()
    gc_pause.parsed()
    assert _in_generation(obj, 0)


def test_parsed_leaves_frozen_objects_frozen() -> None:
    sentinel = _Node()
    gc.freeze()  # as run.py does while its pool forks
    try:
        frozen = gc.get_freeze_count()
        with gc_pause.paused():
            obj = _Node()
            gc_pause.parsed()
            # nothing was thawed (``unfreeze`` empties the permanent generation) and nothing new
            # frozen; the count itself may fall a little, when another thread of the test process
            # (xdist's) frees an object that was alive at the freeze
            assert not any(_in_generation(sentinel, g) for g in range(3))
            assert 0 < gc.get_freeze_count() <= frozen
            assert _in_generation(obj, 0)
    finally:
        gc.unfreeze()


def test_parsed_from_another_thread_does_nothing() -> None:
    with gc_pause.paused():
        obj = _Node()
        worker = threading.Thread(target=gc_pause.parsed)
        worker.start()
        worker.join()
        assert _in_generation(obj, 0)


def test_a_host_that_disabled_the_collector_is_left_alone() -> None:
    gc.disable()
    try:
        with gc_pause.paused():
            obj = _Node()
            gc_pause.parsed()
            assert _in_generation(obj, 0)
        assert not gc.isenabled()
    finally:
        gc.enable()
