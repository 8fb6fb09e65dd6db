"""Running lstmlint over a tree: the result cache, all cores, and progress. Never prints results.

``run_paths`` yields one ``FileResult`` per file in discovery order, exactly what
``api.lint_paths`` gives, but:

* with ``need_analysis=False`` (the diagnostics path) each result is *slim*: the libcst module,
  the analysis and the locator are dropped once the shape coverage is counted (and the source
  text too when there is nothing to quote), so memory does not grow with the number of files;
* with a cache folder, an unchanged file is answered from ``lstmlint.cache`` without parsing;
* with ``jobs > 1`` the files the cache cannot answer are analysed in a process pool; results
  still come out in discovery order, and a worker process that dies costs its file only (an
  internal error on that file), never the run.

``need_analysis=True`` (``--fix``, ``--confirm``, ``--annotate``, ``--verbose``) analyses every
file in this process with no cache, as ``lint_paths`` does.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from lstmlint.api import FileResult, keras_target, lint_file, lint_paths
from lstmlint.cache import DEFAULT_DIR, Cache, Entry, cache_key
from lstmlint.report.coverage import file_coverage
from lstmlint.settings import Options, Resolver
from lstmlint.source import files as files_module
from lstmlint.source.files import ReadError, discover, read_bytes
from lstmlint.source.gitignore import GitIgnore
from lstmlint.source.notebooks import MAX_FILE_BYTES as NOTEBOOK_MAX_BYTES
from lstmlint.source.parsing import claim  # a worker is lstmlint's process

if TYPE_CHECKING:  # the pool's modules are imported when a pool starts (--jobs 1 needs none)
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = [
    "Progress",
    "RunSettings",
    "Task",
    "analyse",
    "cache_key",
    "clean",
    "default_jobs",
    "died",
    "failed",
    "in_pool",
    "lint_file",
    "lint_for_cli",
    "run_paths",
    "run_settings",
    "slim",
]

MIN_FILES_PER_JOB = 4  # below this many files per extra process a pool is not worth its start
# tasks in flight per process: results come out in the order given, so one slow file holds back
# what finished after it; with a deep window the other processes keep working meanwhile (the
# results waiting are slim). 32 per process keeps two cores within 1 % of an ideal share on the
# real-code corpus, where 4 lost 8 %.
WINDOW_PER_JOB = 32
PROGRESS_AFTER = 1.0  # seconds before a progress bar appears
NO_CACHE_ENV = "LSTMLINT_NO_CACHE"  # set (not empty, not 0): as --no-cache


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs(n_files: int) -> int:
    """One process per core, when there are enough files to share out."""
    return max(1, min(available_cpus(), n_files // MIN_FILES_PER_JOB))


@dataclass(frozen=True)
class Task:
    path: str
    options: Options
    key: str | None = None  # where to store the result in the cache
    cache_root: str | None = None
    stamp: tuple[int, int] | None = None  # (size, mtime_ns) when the key was computed


def slim(result: FileResult) -> FileResult:
    """Keep what reporters of diagnostics need; count the coverage before dropping the analysis."""
    coverage = file_coverage(result.analysis)
    return FileResult(
        result.path,
        list(result.diagnostics),
        source=result.source if result.diagnostics else None,
        internal_error=result.internal_error,
        warnings_as_errors=result.warnings_as_errors,
        coverage=coverage,
        target=result.target,
        followed=result.followed,
    )


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def analyse(task: Task) -> FileResult:
    """Lint one file into a slim result, and store it in the cache when asked (runs in workers)."""
    try:
        result = slim(lint_file(task.path, task.options))
    except Exception as e:  # noqa: BLE001 - the tool failed on this file, not the run
        return failed(task, f"{type(e).__name__}: {e}")
    if task.key is not None and task.cache_root is not None and result.internal_error is None:
        if task.stamp is not None and _stamp(task.path) == task.stamp:  # unchanged while we read it
            assert result.coverage is not None
            entry = Entry(tuple(result.diagnostics), result.coverage, None, result.source, result.followed)
            Cache(task.cache_root).put(task.key, entry)
    return result


def failed(task: Task, message: str) -> FileResult:
    return FileResult(task.path, internal_error=message, warnings_as_errors=bool(task.options.warnings_as_errors))


def died(task: Task) -> FileResult:
    return failed(task, "the worker process analysing this file died")


def _context() -> Any:
    """``fork`` (workers start at once, nothing re-imported) when this process is plain
    lstmlint; ``spawn`` when forking is unsafe: other threads alive, or TensorFlow loaded (an
    embedding program, the Keras test tier), whose locks a forked child could inherit held."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    risky = threading.active_count() > 1 or "tensorflow" in sys.modules or "torch" in sys.modules
    return multiprocessing.get_context("fork" if "fork" in methods and not risky else "spawn")


def worker_start() -> None:
    """A pool worker's initializer: the process is lstmlint's (``claim``: its parses build light
    nodes), and what the parent froze while forking it (``_submit_first``) is thawed into the
    oldest generation. While anything is frozen, ``gc_pause.parsed`` stands aside (every file's
    parse tree then goes through the young collections) and its ``gc.get_freeze_count()``
    walks every frozen object (~39,000 here, 1-2 ms a file). A pool of one worker analysed the
    385 library files in 11.8-12.6 s of CPU that way, 10.4-11.3 s thawed, as in the main process
    (10.7-10.9 s). The thawed objects are traversed again only by a full collection, which the
    pauses between files hardly ever make."""
    claim()
    gc.unfreeze()


def _submit_first(
    jobs: int, work: Callable[[Task], FileResult], task: Task
) -> tuple[ProcessPoolExecutor, Future[FileResult]]:
    """A pool of ``jobs`` processes and the first task submitted to it. Forked workers share the
    parent's memory until they write to it, and the cycle collector writes to every object it
    visits: the objects that exist at the fork (lstmlint's modules and tables) are frozen out of
    the collections (``gc.freeze``) while the first submit forks every worker, then thawed here."""
    from concurrent.futures import ProcessPoolExecutor

    context = _context()
    fork = context.get_start_method() == "fork"
    if fork:
        gc.freeze()
    try:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=worker_start)
        return pool, pool.submit(work, task)
    finally:
        if fork:
            gc.unfreeze()


def _alone(task: Task, work: Callable[[Task], FileResult]) -> FileResult:
    """Run one task in a process of its own: the file that kills its worker is found this way."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=worker_start) as pool:
        try:
            return pool.submit(work, task).result()
        except BrokenProcessPool:
            return died(task)


def in_pool(
    tasks: Iterable[Task | FileResult], jobs: int, work: Callable[[Task], FileResult] = analyse
) -> Iterator[FileResult]:
    """``work(task)`` for each task in ``jobs`` processes (ready results pass straight through),
    yielded in the order given. At most ``WINDOW_PER_JOB`` tasks per process are in flight at once."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    window = max(2, jobs * WINDOW_PER_JOB)
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[Task | FileResult, Future[FileResult] | None]] = deque()
    source = iter(tasks)
    exhausted = False

    def submit(item: Task | FileResult) -> tuple[Task | FileResult, Future[FileResult] | None]:
        nonlocal pool
        if isinstance(item, FileResult):
            return item, None
        try:
            if pool is None:
                pool, first = _submit_first(jobs, work, item)
                return item, first
            return item, pool.submit(work, item)
        except BrokenProcessPool as e:  # a worker died since the last submit: handled when its turn comes
            lost: Future[FileResult] = Future()
            lost.set_exception(e)
            return item, lost

    def refill() -> None:
        nonlocal exhausted
        while not exhausted and sum(1 for _, f in pending if f is not None) < window:
            item = next(source, None)
            if item is None:
                exhausted = True
                return
            pending.append(submit(item))

    try:
        refill()
        while pending:
            item, future = pending.popleft()
            if future is None:
                assert isinstance(item, FileResult)
                result = item
            else:
                assert isinstance(item, Task)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    # a worker died: every task still in that pool is lost. Run this one alone
                    # (if it is the culprit it dies again and is reported), then resubmit the rest.
                    result = _alone(item, work)
                    assert pool is not None
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
                    again = [i for i, _ in pending]
                    pending.clear()
                    pending.extend(submit(i) for i in again)
                except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be pickled: this file only
                    result = failed(item, f"{type(e).__name__}: {e}")
            yield result
            refill()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class Progress:
    """A rich progress bar on stderr, shown only on a terminal once the run has lasted a while."""

    def __init__(
        self, total: int, stream: IO[str] | None = None, enabled: bool = True, after: float = PROGRESS_AFTER
    ) -> None:
        self.total, self.stream, self.after = total, stream or sys.stderr, after
        self.enabled = enabled and total > 1 and _isatty(self.stream)
        self.start = time.monotonic()
        self.done = 0
        self._bar: Any = None
        self._task: Any = None

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self.start >= self.after and self.done < self.total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("checking"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("lint", total=self.total, completed=self.done)
        elif self._bar is not None:
            self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _isatty(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def run_paths(
    paths: Iterable[str],
    options: Options | None = None,
    *,
    jobs: int | None = None,
    cache_dir: str | None = None,
    need_analysis: bool = False,
    progress: bool = False,
    progress_stream: IO[str] | None = None,
) -> Iterator[FileResult]:
    """Lint files and folders (see the module docstring). ``jobs=None``: one process per core when
    there are enough files; ``cache_dir=None``: no cache. Raises ``settings.ConfigError``."""
    options = options or Options()
    if need_analysis:
        yield from lint_paths(paths, options)
        return
    resolver = Resolver(options)
    ignored = GitIgnore() if resolver.overrides.respect_gitignore else None
    files = list(discover(list(paths), skip=resolver.excluded, ignored=ignored))
    n_jobs = default_jobs(len(files)) if jobs is None else max(1, jobs)
    cache = Cache(cache_dir) if cache_dir is not None else None
    bar = Progress(len(files), progress_stream, enabled=progress)

    def tasks() -> Iterator[Task | FileResult]:
        for path in files:
            file_options = resolver.options_for(path)
            if cache is None:
                yield Task(path, file_options)
                continue
            stamp = _stamp(path)
            if stamp is None or stamp[0] > files_module.MAX_BYTES:
                yield Task(path, file_options)  # lint_file says why it is not checked
                continue
            try:
                content = read_bytes(path, NOTEBOOK_MAX_BYTES)  # regular files only, bounded (never a FIFO)
            except ReadError:
                yield Task(path, file_options)  # lint_file reports why it cannot be read
                continue
            target = keras_target(content.decode("utf-8", "replace"), path, file_options)
            key = cache_key(path, content, file_options, keras_target=str(target.version))
            entry = cache.get(key)
            if entry is not None:
                yield FileResult(
                    path,
                    list(entry.diagnostics),
                    source=entry.source,
                    internal_error=entry.internal_error,
                    warnings_as_errors=bool(file_options.warnings_as_errors),
                    coverage=entry.coverage,
                )
            else:
                yield Task(path, file_options, key, str(cache.root), stamp)

    try:
        if n_jobs <= 1:
            for item in tasks():
                yield item if isinstance(item, FileResult) else analyse(item)
                bar.advance()
        else:
            for result in in_pool(tasks(), n_jobs):
                yield result
                bar.advance()
    finally:
        bar.close()


@dataclass(frozen=True)
class RunSettings:
    """How to run (not what to report): from the command line, else the current folder's config."""

    jobs: int | None = None  # None: one process per core when there are enough files
    cache_dir: str | None = None  # None: no cache


def run_settings(
    options: Options,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_dir: str | None = None,
    cwd: str | None = None,
) -> RunSettings:
    """``--jobs``/``--cache-dir``/``--no-cache`` over ``jobs``/``cache-dir`` in ``[tool.lstmlint]``
    (of ``--config``, or of the current folder's ``pyproject.toml``); the cache defaults to
    ``.lstmlint_cache`` in the current folder; ``LSTMLINT_NO_CACHE=1`` is ``--no-cache``.
    Raises ``settings.ConfigError``."""
    cwd = cwd or os.getcwd()
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        use_cache = False
    cfg = Resolver(options).config_for(cwd)
    if jobs is None and cfg is not None:
        jobs = cfg.jobs
    folder: str | None = None
    if use_cache:
        folder = cache_dir or (cfg.cache_dir if cfg is not None else None) or os.path.join(cwd, DEFAULT_DIR)
    return RunSettings(jobs, folder)


def lint_for_cli(
    paths: Iterable[str],
    options: Options,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_dir: str | None = None,
    clear_cache: bool = False,
    need_analysis: bool = False,
    quiet: bool = False,
) -> Iterator[FileResult]:
    """What ``lstmlint check`` runs: the settings above, ``--clear-cache`` first, a progress bar on
    a terminal's stderr unless ``--quiet``."""
    settings = run_settings(options, jobs=jobs, use_cache=use_cache or clear_cache, cache_dir=cache_dir)
    if clear_cache and settings.cache_dir is not None:
        Cache(settings.cache_dir).clear()
    folder = settings.cache_dir if use_cache else None
    yield from run_paths(
        paths, options, jobs=settings.jobs, cache_dir=folder, need_analysis=need_analysis, progress=not quiet
    )


def clean(options: Options, cache_dir: str | None = None) -> str | None:
    """``lstmlint clean``: remove the cache folder; the folder removed, or None when there was none."""
    folder = run_settings(options, cache_dir=cache_dir).cache_dir
    if folder is None or not os.path.isdir(folder):
        return None
    Cache(folder).clear()
    return folder
