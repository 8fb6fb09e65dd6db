"""Apply fixes in rounds, verifying each against a fresh analysis before keeping it.

A round takes every fix the current analysis offers (safe ones, plus unsafe ones when asked),
applies them together and analyses the result again. The round is kept only if the result
parses, every targeted finding is gone and no new finding appears; otherwise the fixes are
tried one by one and only those that pass are kept. A new finding is accepted only when a fix
of its own (safe, or unsafe when asked) removes it in the same step and the whole verifies: a
Keras 2 import moved to Keras 3 brings in each `K.mean` that Keras 3 lacks, fixed together.
Rounds repeat until nothing more applies (at most ``MAX_ROUNDS``), so that a fix made possible
by another is found too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from lstmlint.api import FileResult, lint_source
from lstmlint.codes import META_CODES
from lstmlint.diagnostics import Diagnostic, Severity
from lstmlint.fix.builders import Fix, build_fixes
from lstmlint.fix.edits import EditConflict, apply_edits
from lstmlint.settings import Options

MAX_ROUNDS = 10


@dataclass
class Applied:
    description: str
    safe: bool
    code: str
    line: int  # of the finding, in the original file (as are the lines its description names)


@dataclass
class FixOutcome:
    path: str
    original: str
    fixed: str
    result: FileResult  # analysis of ``fixed``; diagnostics carry fix notes
    applied: list[Applied] = field(default_factory=list)
    unsafe_available: int = 0  # remaining findings an unsafe fix would cure
    not_applied: int = 0  # remaining findings whose fix failed verification

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def _line_map(old: str, new: str) -> dict[int, range]:
    """For each 1-based line of ``old``, the lines of ``new`` it may have become."""
    a, b = old.splitlines(), new.splitlines()
    out: dict[int, range] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for i in range(i1, i2):
            if tag == "equal":
                out[i + 1] = range(j1 + (i - i1) + 1, j1 + (i - i1) + 2)
            else:
                out[i + 1] = range(j1 + 1, max(j2, j1 + 1) + 1)
    return out


def _follow(old: str, new: str) -> dict[int, int]:
    """Each 1-based line of ``old`` to the most similar line of ``new`` it may have become."""
    a, b = old.splitlines(), new.splitlines()
    out: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for i in range(i1, i2):
            if tag == "equal":
                out[i + 1] = j1 + (i - i1) + 1
            elif j2 > j1:
                best = max(range(j1, j2), key=lambda j: difflib.SequenceMatcher(None, a[i], b[j]).ratio())
                out[i + 1] = best + 1
            else:
                out[i + 1] = j1 + 1
    return out


def _back(old: str, new: str, origin: dict[int, int]) -> dict[int, int]:
    """Each 1-based line of ``new`` to the line of the original file it came from, given
    ``origin`` (the same for ``old``). Inserted lines take the original line they sit at."""
    out: dict[int, int] = {}
    for o, n in _follow(old, new).items():
        out.setdefault(n, origin.get(o, o))
    last = 0
    for n in range(1, len(new.splitlines()) + 1):
        if n in out:
            last = out[n]
        else:
            out[n] = last or 1
    return out


def _original(description: str, origin: dict[int, int]) -> str:
    """``description`` with its "line N" (of the file in that round) given as original lines."""
    return re.sub(r"line (\d+)", lambda m: f"line {origin.get(int(m.group(1)), int(m.group(1)))}", description)


def _reportable(d: Diagnostic) -> bool:
    """Shape findings; meta findings (LST9xx, e.g. a suppression a fix made unused) do not count."""
    return d.severity in (Severity.ERROR, Severity.WARNING) and d.code not in META_CODES


def compare(before: FileResult, after: FileResult) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(findings of ``before`` gone in ``after``, findings of ``after`` that are new)."""
    lines = _line_map(before.source or "", after.source or "")
    left = [d for d in after.diagnostics if _reportable(d)]
    gone: list[Diagnostic] = []
    for d in before.diagnostics:
        if not _reportable(d):
            continue
        where = lines.get(d.line, range(d.line, d.line + 1))
        match = next((x for x in left if x.code == d.code and x.line in where), None)
        if match is None:
            gone.append(d)
        else:
            left.remove(match)
    return gone, left


def _fixes_for(result: FileResult) -> list[Fix]:
    """The fixes on offer; a fix that cannot even be built is simply not offered."""
    try:
        return build_fixes(result)
    except Exception:  # noqa: BLE001 - never let a fix take the lint down
        return []


def _masked_lines(result: FileResult) -> set[int]:
    """Lines of layer applications not checked because an error upstream poisoned their input."""
    if result.analysis is None or result.locate is None:
        return set()
    return {result.locate(a.node).line for a in result.analysis.applications if any(t.poisoned for t in a.inputs)}


@dataclass
class Trial:
    ok: bool
    result: FileResult | None
    reason: str = ""
    follow_ups: list[Fix] = field(default_factory=list)  # fixes of findings the fixes brought in
    middle: FileResult | None = None  # the file before the follow-ups (their lines are there)


class Fixer:
    """Fixes the findings ``options`` selects; verification looks at every code, so that a fix
    for a selected finding cannot bring in one the user did not ask to see."""

    def __init__(self, path: str, options: Options | None = None, unsafe: bool = False) -> None:
        self.path = path
        self.options = options or Options()
        self.check = replace(self.options, select=None, ignore=None)
        self.unsafe = unsafe

    def lint(self, text: str) -> FileResult:
        return lint_source(text, self.path, self.check)

    def view(self, full: FileResult) -> FileResult:
        """``full`` with only the findings the user selected (the very same objects)."""
        return replace(full, diagnostics=[d for d in full.diagnostics if self.options.wants(d.code)])

    def follow_ups(self, after: FileResult, new: list[Diagnostic]) -> list[Fix]:
        """A fix for each finding in ``new`` (all codes, not only the selected ones: the file
        must stay clean), or nothing when one of them has none."""
        wanted = {id(d) for d in new}
        found = [f for f in _fixes_for(after) if id(f.target) in wanted and (f.safe or self.unsafe)]
        covered = {id(f.target) for f in found}
        return found if covered == wanted else []

    def trial(self, current: FileResult, fixes: Sequence[Fix], follow: bool = True) -> Trial:
        assert current.module is not None
        try:
            module = apply_edits(current.module, [e for f in fixes for e in f.edits])
            text = module.code
        except (EditConflict, Exception) as e:  # noqa: BLE001 - a fix that cannot be made is not made
            return Trial(False, None, f"it could not be applied ({type(e).__name__})")
        if text == current.source:
            return Trial(False, None, "it would not change the file")
        after = self.lint(text)
        if after.module is None:
            return Trial(False, after, "the result would not parse")
        if after.internal_error is not None:
            return Trial(False, after, "the result could not be checked")
        gone, new = compare(current, after)
        masked = _masked_lines(current)
        if masked:  # findings an earlier error hid (their input was unknown) are revealed, not new
            lines = _line_map(current.source or "", text)
            shown = {n for line in masked for n in lines.get(line, ())}
            new = [d for d in new if d.line not in shown]
        extra: list[Fix] = []
        middle: FileResult | None = None
        if new and follow:
            extra = self.follow_ups(after, new)
            second = self.trial(after, extra, follow=False) if extra else None
            if second is not None and second.ok and second.result is not None:
                middle, after = after, second.result
                gone, new = compare(current, after)
                if masked:
                    lines = _line_map(current.source or "", after.source or "")
                    shown = {n for line in masked for n in lines.get(line, ())}
                    new = [d for d in new if d.line not in shown]
            else:
                extra = []
        if new:
            d = new[0]
            return Trial(False, after, f"it would introduce {d.code} at line {d.line}")
        gone_ids = {id(d) for d in gone}
        for f in fixes:
            if id(f.target) not in gone_ids:
                return Trial(False, after, f"{f.target.code} would remain")
        return Trial(True, after, follow_ups=extra, middle=middle)

    def run(self, text: str) -> FixOutcome:
        current = self.lint(text)
        outcome = FixOutcome(self.path, text, text, self.view(current))
        if current.module is None or current.internal_error is not None:
            return outcome
        origin = {n: n for n in range(1, len(text.splitlines()) + 2)}  # line now -> line in ``text``
        for _ in range(MAX_ROUNDS):
            candidates = _fixes_for(self.view(current))
            chosen = [f for f in candidates if f.safe or self.unsafe]
            if not chosen:
                break
            kept: list[Fix] = []
            trial = self.trial(current, chosen)
            if trial.ok:
                kept, best = chosen, trial
            else:
                best = None
                for f in chosen:
                    t = self.trial(current, kept + [f])
                    if t.ok:
                        kept.append(f)
                        best = t
            if not kept or best is None or best.result is None:
                break
            outcome.applied += [
                Applied(_original(f.title, origin), f.safe, f.target.code, origin.get(f.target.line, f.target.line))
                for f in kept
            ]
            if best.follow_ups and best.middle is not None:
                between = _back(current.source or "", best.middle.source or "", origin)
                outcome.applied += [
                    Applied(
                        _original(f.title, between), f.safe, f.target.code, between.get(f.target.line, f.target.line)
                    )
                    for f in best.follow_ups
                ]
            origin = _back(current.source or "", best.result.source or "", origin)
            current = best.result
        outcome.fixed = current.source or text
        outcome.result = self.view(current)
        self.annotate(outcome, current)
        return outcome

    def annotate(self, outcome: FixOutcome, current: FileResult) -> None:
        """Say, on each remaining finding, what became of its fix."""
        if current.module is None:
            return
        notes: dict[int, str] = {}
        for f in _fixes_for(outcome.result):
            t = self.trial(current, [f])
            if not t.ok:
                notes[id(f.target)] = f"fix not applied: {t.reason} ({f.description})"
                outcome.not_applied += 1
            elif not f.safe and not self.unsafe:
                notes[id(f.target)] = f"unsafe fix available with --unsafe-fixes ({f.why_unsafe}): {f.description}"
                outcome.unsafe_available += 1
            else:
                notes[id(f.target)] = f"fix available: {f.description}"
        if notes:
            outcome.result.diagnostics = [
                replace(d, notes=d.notes + (notes[id(d)],)) if id(d) in notes else d for d in outcome.result.diagnostics
            ]


def fix_source(text: str, path: str = "<string>", options: Options | None = None, unsafe: bool = False) -> FixOutcome:
    """Fix ``text`` as far as verified fixes go; nothing is written."""
    return Fixer(path, options, unsafe).run(text)


def remaining(results: Sequence[FileResult]) -> int:
    """Findings left, counted as the report's "Found N errors and M warnings" line counts them."""
    return sum(1 for r in results for d in r.diagnostics if d.severity in (Severity.ERROR, Severity.WARNING))


def summary(
    outcomes: Sequence[FixOutcome], *, dry_run: bool = False, results: Sequence[FileResult] | None = None
) -> str:
    """``Fixed 3 problems; 1 remains.`` ``results``: every file checked (notebooks and unreadable
    files are checked, not fixed), so that what remains agrees with the report; by default the
    fixed files' own results."""
    applied = sum(len(o.applied) for o in outcomes)
    left = remaining(results if results is not None else [o.result for o in outcomes])
    unsafe = sum(o.unsafe_available for o in outcomes)
    failed = sum(o.not_applied for o in outcomes)

    def problems(n: int) -> str:
        return f"{n} problem{'' if n == 1 else 's'}"

    head = f"Would fix {problems(applied)}" if dry_run else f"Fixed {problems(applied)}"
    if not left:
        return f"{head}; none remain."
    extra = []
    if unsafe:
        extra.append(f"{unsafe} fixable with --unsafe-fixes")
    if failed:
        extra.append(f"{failed} with a fix that failed verification")
    tail = f" ({', '.join(extra)})" if extra else ""
    return f"{head}; {left} remain{'s' if left == 1 else ''}{tail}."
