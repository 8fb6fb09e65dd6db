"""``--statistics``: how many findings of each code, as ``flake8 --statistics`` / ``ruff --statistics``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from lstmlint.api import FileResult


def count_by_code(results: Sequence[FileResult]) -> list[tuple[str, int]]:
    """(code, count) pairs, most frequent first, then by code."""
    counts = Counter(d.code for r in results for d in r.diagnostics)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def render_statistics(results: Sequence[FileResult]) -> str:
    """One line per code: count, code and rule name, in aligned columns."""
    from lstmlint.codes import TABLE, parse_code

    rows = count_by_code(results)
    if not rows:
        return ""
    width = len(str(rows[0][1]))
    lines = []
    for code, n in rows:
        known = parse_code(code)
        name = TABLE[known].name if known is not None else ""
        lines.append(f"{n:>{width}}  {code}  {name}".rstrip())
    return "\n".join(lines) + "\n"
