"""Our own example programs (``fixtures/``, ``tests/corpus/``) run once per session in real Keras.

``tests/test_corpus.py`` (ground truth of the corpus markers) and
``tests/test_differential_programs.py`` (lstmlint's first error against Keras) both need what
Keras does with the same programs; building each one costs seconds, so the outcome is kept
here, per (file, code), for the whole session. ``tests/test_summary_corpus_params.py`` reads the
``count_params()`` of the models each run leaves bound, so it needs no run of its own.

A program runs as a script would (as ``runpy.run_path(..., run_name="__main__")`` runs one):
in a fresh module called ``__main__``, temporarily installed as ``sys.modules["__main__"]`` (so
that dataclasses, pickling and ``if __name__ == "__main__":`` behave as in a script), with
``sys.argv`` set to the file, its output swallowed, after ``keras.backend.clear_session()``,
and with a fresh temporary directory as the working directory (removed afterwards), so that a
file a program writes by a relative name lands neither in the repository nor where a program
running at the same time in another test process (pytest-xdist) writes.
The programs are ours (test inputs), never a user's file.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import traceback
import types
import warnings
from dataclasses import dataclass
from typing import Any

from tiers import needs_keras

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@dataclass(frozen=True)
class ProgramRun:
    """What happened when Keras ran a program."""

    error_type: str | None = None  # the exception's class name; None: the program ran to the end
    error_text: str = ""  # str() of the exception
    lines: tuple[int, ...] = ()  # the program's own lines in the traceback, outermost first
    # every built Keras 3 ``keras.Model`` bound at module level when the program ended (ran to the
    # end or raised) -> its ``count_params()``; a model Keras builds only when data arrives counts
    # once the program has fed it data
    params: tuple[tuple[str, int], ...] = ()
    params_errors: tuple[str, ...] = ()  # "name: error" where count_params() itself raised

    @property
    def raised(self) -> bool:
        return self.error_type is not None

    @property
    def line(self) -> int | None:
        """The innermost line of the program in the traceback (None: raised outside it)."""
        return self.lines[-1] if self.lines else None

    @property
    def models(self) -> dict[str, int]:
        """Module-level name -> ``count_params()`` of each built Keras 3 model."""
        return dict(self.params)


_RUNS: dict[tuple[str, str], ProgramRun] = {}


@needs_keras
def run_program(code: str, filename: str) -> ProgramRun:
    """Run ``code`` (the text of our program ``filename``, an absolute path) once per session."""
    key = (filename, code)
    if key not in _RUNS:
        _RUNS[key] = _run(code, filename)
    return _RUNS[key]


def _run(code: str, filename: str) -> ProgramRun:
    import keras

    keras.backend.clear_session()
    module = types.ModuleType("__main__")
    module.__file__ = filename
    namespace: dict[str, Any] = module.__dict__
    saved_main, saved_argv = sys.modules.get("__main__"), sys.argv
    sys.modules["__main__"] = module
    sys.argv = [filename]
    sink = io.StringIO()
    try:
        try:
            with (
                tempfile.TemporaryDirectory(prefix="lstmlint-program-", ignore_cleanup_errors=True) as scratch,
                contextlib.chdir(scratch),
                warnings.catch_warnings(),
                contextlib.redirect_stdout(sink),
                contextlib.redirect_stderr(sink),
            ):
                warnings.simplefilter("ignore")
                exec(compile(code, filename, "exec"), namespace)  # noqa: S102 - our own fixture/corpus program
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 - SystemExit included: a program must not exit
            lines = tuple(f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == filename)
            params, errors = _count_params(keras, namespace)
            return ProgramRun(type(e).__name__, str(e), tuple(n for n in lines if n is not None), params, errors)
        params, errors = _count_params(keras, namespace)
        return ProgramRun(params=params, params_errors=errors)
    finally:
        sys.argv = saved_argv
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
        namespace.clear()


def _count_params(keras: Any, namespace: dict[str, Any]) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]]:
    """(name, count_params()) of every built ``keras.Model`` in the namespace, and the failures."""
    params: list[tuple[str, int]] = []
    errors: list[str] = []
    for name, value in namespace.items():
        if isinstance(value, keras.Model) and value.built:
            try:
                params.append((name, int(value.count_params())))
            except Exception as e:  # noqa: BLE001 - reported to the test that reads the counts
                errors.append(f"{name}: {type(e).__name__}: {e}")
    return tuple(sorted(params)), tuple(errors)
