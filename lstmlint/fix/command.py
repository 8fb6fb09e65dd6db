"""``lstmlint --fix`` / ``--diff``: fix files, write or show the result, report what remains."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from lstmlint.api import FileResult, lint_file, lint_source
from lstmlint.fix.engine import FixOutcome, fix_source, summary
from lstmlint.fix.writer import WriteError, write_atomic
from lstmlint.settings import Options
from lstmlint.source.files import ReadError, discover, read_source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff that ``patch -p0`` applies; line endings are kept as they are."""
    a, b = before.splitlines(True), after.splitlines(True)
    out: list[str] = []
    for line in difflib.unified_diff(a, b, fromfile=path, tofile=path):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


@dataclass
class Run:
    outcomes: list[FixOutcome]
    results: list[FileResult]
    messages: list[str]
    exit_code: int


def fix_paths(paths: Iterable[str], options: Options, *, write: bool, unsafe: bool) -> Run:
    """Fix every file under ``paths``; write the changed ones when ``write``."""
    from lstmlint.settings import Resolver

    resolver = Resolver(options)
    outcomes: list[FixOutcome] = []
    results: list[FileResult] = []
    messages: list[str] = []
    for path in discover(list(paths), skip=resolver.excluded):
        opts = resolver.options_for(path)
        if not path.endswith(".py"):  # notebooks are checked, not rewritten
            results.append(lint_file(path, opts))
            continue
        try:
            text, data = read_source(path)
        except ReadError:
            results.append(lint_file(path, opts))
            continue
        outcome = fix_source(text, path, opts, unsafe)
        if write and outcome.changed:
            try:
                write_atomic(path, outcome.fixed, data)
            except (WriteError, OSError) as e:
                messages.append(f"lstmlint: {getattr(e, 'message', None) or e}")
                outcome = FixOutcome(path, text, text, lint_source(text, path, opts))
        outcomes.append(outcome)
        results.append(outcome.result)
    failed = any(r.internal_error for r in results)
    code = (
        EXIT_FAILURE
        if failed or messages
        else (EXIT_FINDINGS if any(getattr(r, "fails", r.has_errors) for r in results) else EXIT_CLEAN)
    )
    return Run(outcomes, results, messages, code)


def describe(outcomes: Sequence[FixOutcome], verb: str) -> list[str]:
    """One line per fix: ``path:9: LST101 fixed (safe): set `return_sequences=True` ...``."""
    return [
        f"{o.path}:{a.line}: {a.code} {verb} ({'safe' if a.safe else 'unsafe'}): {a.description}"
        for o in outcomes
        for a in o.applied
    ]


def run(
    paths: Sequence[str],
    options: Options,
    *,
    fmt: str,
    color: bool,
    write: bool,
    show_diff: bool,
    unsafe: bool,
    out: IO[str],
    err: IO[str],
) -> int:
    """The whole of ``--fix``/``--diff``; returns the exit status.

    ``--diff`` writes nothing and shows every verified fix, unsafe ones included, as a patch
    on stdout (the list of fixes and the summary go to stderr, so the patch stays clean).
    ``--fix`` writes the safe fixes (and unsafe ones with ``--unsafe-fixes``), then reports
    what remains with the chosen format.
    """
    from lstmlint.report import get_reporter

    if show_diff:
        ran = fix_paths(paths, options, write=False, unsafe=True)
        for o in ran.outcomes:
            if o.changed:
                out.write(unified_diff(o.path, o.original, o.fixed))
        for line in describe(ran.outcomes, "would fix"):
            err.write(line + "\n")
        applied = [a for o in ran.outcomes for a in o.applied]
        unsafe_n = sum(1 for a in applied if not a.safe)
        note = f" ({unsafe_n} unsafe: applied only with --fix --unsafe-fixes)" if unsafe_n else ""
        err.write(summary(ran.outcomes, dry_run=True, results=ran.results).replace(";", note + ";", 1) + "\n")
        for m in ran.messages:
            err.write(m + "\n")
        if any(r.internal_error for r in ran.results):
            return EXIT_FAILURE
        return EXIT_FINDINGS if applied or ran.exit_code == EXIT_FINDINGS else EXIT_CLEAN
    ran = fix_paths(paths, options, write=write, unsafe=unsafe)
    get_reporter(fmt)(ran.results, out, color=color)
    stream = out if fmt == "text" else err
    for line in describe(ran.outcomes, "fixed"):
        err.write(line + "\n")
    stream.write(summary(ran.outcomes, results=ran.results) + "\n")
    for m in ran.messages:
        err.write(m + "\n")
    for r in ran.results:
        if r.internal_error:
            err.write(
                f"lstmlint: internal error while checking {r.path}: {r.internal_error} "
                "(this is a bug in lstmlint; please report it)\n"
            )
    return ran.exit_code
