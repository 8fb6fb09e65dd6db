"""Inline suppressions: ``# lstmlint: ignore[LST101]`` and flake8's ``# noqa: LST101``.

A comment suppresses a finding when it sits on the finding's first line or on the last line
of its span (so ``)(x)  # noqa: LST101`` after a call spread over several lines works too).
Codes may be prefixes, as in flake8 (``# noqa: LST1``); ``noqa`` is matched with flake8's own
pattern, case-insensitively, and a bare ``# noqa`` or ``# lstmlint: ignore`` suppresses all.

A suppression that suppresses nothing is reported as LST901 ``unused-suppression`` -- but only
for what is lstmlint's to judge: ``lstmlint: ignore`` comments and the ``LST`` codes of a
``noqa`` list, for codes that are enabled. A plain ``# noqa`` and other tools' codes
(``# noqa: E501``) are never reported.

Comments are read with ``tokenize`` (so ``# noqa`` inside a string is not a comment), and only
in files that have findings or mention ``lstmlint`` / ``noqa: LST``: the hot path stays cheap.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lstmlint.codes import PREFIX, Code, codes_under, known
from lstmlint.diagnostics import Diagnostic, Span

if TYPE_CHECKING:
    from lstmlint.settings import Options

UNUSED = Code.UNUSED_SUPPRESSION
# flake8's own pattern (flake8/defaults.py NOQA_INLINE_REGEXP), so both tools agree on a comment
NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
IGNORE = re.compile(r"#\s*lstmlint\s*:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
CHEAP_CHECK = re.compile(r"lstmlint|noqa\s*:[^\n]*lst", re.IGNORECASE)
CODE = re.compile(r"[A-Z]+[0-9]*")


def may_mention(text: str, words: tuple[str, ...]) -> bool:
    """False when ``text`` surely holds none of ``words`` (ASCII, lower case) in any case; True
    when it may. A case-insensitive regex is slow to scan a whole file (sre compares it character
    by character); on ASCII text its matches are exactly the ASCII case-insensitive ones, which a
    substring search of the lowered text finds about 30 times faster. Other text is left to the
    regex (Unicode case folding matches more: the long s, U+017F, is an ``s``)."""
    if not text.isascii():
        return True
    lowered = text.lower()
    for word in words:
        if word in lowered:
            return True
    return False


@dataclass
class Suppression:
    kind: str  # "lstmlint" or "noqa"
    span: Span  # of the directive inside the comment
    codes: tuple[str, ...] | None  # None: suppresses everything
    text: str  # the directive as written
    used: set[str] = field(default_factory=set)  # entries of ``codes`` that matched ("*" if bare)

    def covers(self, code: str) -> bool:
        if self.codes is None:
            self.used.add("*")
            return True
        hit = [c for c in self.codes if code.startswith(c)]
        self.used.update(hit)
        return bool(hit)


def _split(codes: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.upper() for c in re.split(r"[,\s]+", codes) if c))


def parse_comment(comment: str, line: int, column: int) -> list[Suppression]:
    """The suppressions in one comment token starting at (line, 0-based column)."""
    out: list[Suppression] = []
    for m in IGNORE.finditer(comment):
        codes = None if m.group("codes") is None else _split(m.group("codes"))
        span = Span(line, column + m.start() + 1, line, column + m.end() + 1)
        out.append(Suppression("lstmlint", span, codes, m.group(0)))
    noqa = NOQA.search(comment)
    if noqa is not None:
        codes = None if noqa.group("codes") is None else _split(noqa.group("codes"))
        span = Span(line, column + noqa.start() + 1, line, column + noqa.end() + 1)
        out.append(Suppression("noqa", span, codes, noqa.group(0).strip()))
    return out


SKIP_FILE = re.compile(r"^[ \t]*#[ \t]*lstmlint[ \t]*:[ \t]*skip-file[ \t]*$", re.IGNORECASE | re.MULTILINE)


def skips_file(text: str) -> bool:
    """Does the file opt out as a whole, with ``# lstmlint: skip-file`` on a line of its own?

    The comment may stand anywhere in the file (as ``# isort: skip_file`` and ``# ruff: noqa``
    do); a line inside a string literal does not count.
    """
    # every match holds ``lstmlint``: most files do not, and are settled without the regex
    match = SKIP_FILE.search(text) if may_mention(text, ("lstmlint",)) else None
    if match is None:
        return False
    lines = {text.count("\n", 0, m.start()) + 1 for m in SKIP_FILE.finditer(text)}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and tok.start[0] in lines:
                return True
    except (tokenize.TokenError, SyntaxError):
        return False
    return False


def find_suppressions(text: str) -> dict[int, list[Suppression]] | None:
    """Suppressions by line, from the file's comments; None if the file does not tokenize."""
    by_line: dict[int, list[Suppression]] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                for s in parse_comment(tok.string, *tok.start):
                    by_line.setdefault(tok.start[0], []).append(s)
    except (tokenize.TokenError, SyntaxError):
        return None
    return by_line


def _enabled(code: str, options: Options) -> bool:
    return any(options.wants(known) for known in codes_under(code))


def _known(code: str) -> bool:
    return known(code)


def _unused(s: Suppression, path: str, options: Options) -> Diagnostic | None:
    """LST901 for ``s`` if some of it suppressed nothing and it is lstmlint's to judge."""
    if s.codes is None:
        if s.kind == "noqa" or s.used:
            return None  # a plain `# noqa` may serve other tools
        return Diagnostic(
            path,
            s.span,
            UNUSED,
            UNUSED.info.severity,
            "unused suppression: no finding on this line",
            help=f"remove `{s.text}`",
        )
    unknown = [c for c in s.codes if c.startswith(PREFIX) and not _known(c)]
    if s.kind == "lstmlint":
        unknown += [c for c in s.codes if not c.startswith(PREFIX)]
    unused = [
        c
        for c in s.codes
        if c not in s.used and c not in unknown and c.startswith(PREFIX) and c != UNUSED and _enabled(c, options)
    ]
    if not unknown and not unused:
        return None
    parts = []
    if unused:
        parts.append(f"no {', '.join(f'`{c}`' for c in unused)} finding on this line")
    if unknown:
        parts.append(f"unknown code{'s' if len(unknown) > 1 else ''} {', '.join(f'`{c}`' for c in unknown)}")
    stale = unused + unknown
    if len(stale) == len(s.codes):
        fix = f"remove `{s.text}`"
    else:
        fix = f"remove {', '.join(f'`{c}`' for c in stale)} from the comment"
    return Diagnostic(path, s.span, UNUSED, UNUSED.info.severity, "unused suppression: " + "; ".join(parts), help=fix)


def apply_suppressions(text: str, path: str, diagnostics: list[Diagnostic], options: Options) -> list[Diagnostic]:
    """``diagnostics`` minus the suppressed ones, plus LST901 for suppressions that matched nothing."""
    # every match of ``CHEAP_CHECK`` holds ``lstmlint`` or ``noqa``: most files have neither
    if not diagnostics and not (may_mention(text, ("lstmlint", "noqa")) and CHEAP_CHECK.search(text)):
        return diagnostics
    by_line = find_suppressions(text)
    if not by_line:
        return diagnostics
    if not options.noqa:
        by_line = {n: [s for s in ss if s.kind != "noqa"] for n, ss in by_line.items()}
    kept: list[Diagnostic] = []
    for d in diagnostics:
        if not _suppressed(d.code, (d.span.line, d.span.end_line), by_line):
            kept.append(d)
    if options.wants(UNUSED):
        for line in sorted(by_line):
            for s in by_line[line]:
                diag = _unused(s, path, options)
                if diag is not None and not _suppressed(UNUSED, (line,), by_line, explicit=True):
                    kept.append(diag)
        kept.sort(key=Diagnostic.sort_key)
    return kept


def _suppressed(code: str, lines: Iterable[int], by_line: dict[int, list[Suppression]], explicit: bool = False) -> bool:
    hit = False
    for line in dict.fromkeys(lines):
        for s in by_line.get(line, ()):
            if explicit and s.codes is None:
                continue
            if s.covers(code):
                hit = True
    return hit
