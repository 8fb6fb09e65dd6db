"""``lstmlint --fix`` / ``--diff``: fix files, write or show the result, report what remains."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from lstmlint.api import FileResult, lint_file, lint_source
from lstmlint.fix.engine import FixOutcome, fix_source, summary
from lstmlint.fix.writer import WriteError, write_atomic
from lstmlint.report.safe import one_line, printable
from lstmlint.report.safe import path as safe_path
from lstmlint.settings import Options
from lstmlint.source.files import ReadError, discover, read_source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _lines(text: str) -> list[str]:
    """``text`` cut at its newlines only, each line keeping its ending (``\\n`` or ``\\r\\n``), as
    ``patch`` counts lines (``str.splitlines`` would also cut at form feeds and other controls)."""
    return _LINE.findall(text)


def _shown(line: str) -> tuple[str, bool]:
    """A diff line with its control characters made visible (``\\x1b``), its ending kept:
    (the line, whether anything was escaped)."""
    body = line.rstrip("\n")
    end = line[len(body) :]
    if body.endswith("\r") and end:
        body, end = body[:-1], "\r" + end
    shown = printable(body)
    return shown + end, shown != body


def diff_text(path: str, before: str, after: str) -> tuple[str, int]:
    """A unified diff that ``patch -p0`` applies, and how many of its lines show text escaped.

    Line endings are kept as they are. Text from the file that could act on a terminal (escape
    sequences, a lone carriage return, bidirectional controls) is shown escaped, as the text
    report shows it (``report/safe.py``); a hunk with such a line is for reading only, since
    ``patch`` would not find the escaped text in the file."""
    name = safe_path(path)
    out: list[str] = []
    escaped = 0
    for i, line in enumerate(difflib.unified_diff(_lines(before), _lines(after), fromfile=name, tofile=name)):
        if i < 2 or line[:1] not in " +-":  # the two headers (names already escaped), the hunk heads
            out.append(line)
            continue
        shown, changed = _shown(line)
        escaped += changed
        out.append(shown if shown.endswith("\n") else shown + "\n\\ No newline at end of file\n")
    return "".join(out), escaped


def unified_diff(path: str, before: str, after: str) -> str:
    """The diff of ``diff_text``, alone."""
    return diff_text(path, before, after)[0]


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
                messages.append(f"lstmlint: {one_line(str(getattr(e, 'message', None) or e))}")
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
        f"{safe_path(o.path)}:{a.line}: {a.code} {verb} ({'safe' if a.safe else 'unsafe'}): {one_line(a.description)}"
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
                text, escaped = diff_text(o.path, o.original, o.fixed)
                out.write(text)
                if escaped:
                    ran.messages.append(
                        f"lstmlint: {safe_path(o.path)}: {escaped} line{'s' if escaped != 1 else ''} of the diff "
                        "hold control characters, shown escaped (`\\x1b`); apply this diff with --fix, not patch"
                    )
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
                f"lstmlint: internal error while checking {safe_path(r.path)}: {one_line(str(r.internal_error))} "
                "(this is a bug in lstmlint; please report it)\n"
            )
    return ran.exit_code
