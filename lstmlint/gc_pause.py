"""The cyclic garbage collector paused while one file is parsed and analysed.

Parsing a file allocates hundreds of thousands of libcst nodes, and the analysis as many values;
none of them is garbage while the file is being worked on, yet CPython's collector, triggered
by the count of allocations, traverses them again and again (about a tenth of a cold run on
real code: ~2,900 young and ~25 full collections over the 385 files of the real-code corpus).
``paused()`` turns the collector off for the span of one file. When the outermost pause ends,
the youngest generation (everything the file allocated) is collected once, which moves what
is still in use (the file's result) to the middle generation; when the next pause begins, the
middle generation is collected: the previous file's result is garbage by then if its caller
dropped it, and its reference cycles (layers and tensors refer to each other) are freed there.
Peak memory is then bounded by the two largest files' analyses, not by the number of files
(the full collections that would otherwise free those cycles hardly ever run).

``parsed()``, called right after a file's parse (``api.lint_source``), moves what is alive at that
moment (the parse tree, mostly: hundreds of thousands of nodes) to the oldest generation without
traversing it (``gc.freeze()`` then ``gc.unfreeze()``, two list splices). A libcst tree has no
reference cycles (nodes refer to their children only), so it is freed by reference counting when
dropped and needs no collection; the young collection at the end of the pause then traverses the
analysis only. Nothing else is alive to move there but what the file's work allocated since the
pause began (the collection made then moved everything older). It is done only in the outermost
pause of a single thread, and never when some objects are frozen (``run.py`` freezes the startup
objects while its pool forks, and each worker thaws them as it starts: ``run.worker_start``; a
host may freeze its own): ``unfreeze`` would thaw them.

Thread-safe and re-entrant: the collector is re-enabled only when the last pause ends, and only
if it was enabled when the first one began (a host that disabled it keeps it disabled, and no
collection is made for it).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses in progress, in every thread
_reenable = False  # the collector was on when the first pause began
_owner = 0  # the thread of the outermost pause in progress (``parsed``)


@contextmanager
def paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off (see the module's docstring)."""
    global _depth, _reenable, _owner
    with _lock:
        if _depth == 0:
            _owner = threading.get_ident()
            _reenable = gc.isenabled()
            if _reenable:
                gc.collect(1)  # the previous file's result, if dropped since (see above)
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        collect = False
        with _lock:
            _depth -= 1
            if _depth == 0 and _reenable:
                gc.enable()
                collect = True
        if collect:
            gc.collect(0)


def parsed() -> None:
    """Right after a file's parse, inside ``paused()``: what is alive now is moved to the oldest
    generation untraversed (see the module's docstring); elsewhere, nothing."""
    with _lock:
        if _depth != 1 or _owner != threading.get_ident() or not _reenable or gc.get_freeze_count():
            return
        gc.freeze()
        gc.unfreeze()
