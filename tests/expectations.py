"""Inline expectations in test programs: `# error: LST101` / `# warning: LST111, LST110`."""

from __future__ import annotations

import re
from pathlib import Path

MARK = re.compile(r"#\s*(error|warning|info):\s*(LST\d{3}(?:\s*,\s*LST\d{3})*)")


def expected_findings(path: Path) -> set[tuple[int, str, str]]:
    """{(line, severity, code)} marked in ``path``."""
    found: set[tuple[int, str, str]] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for m in MARK.finditer(line):
            for code in re.split(r"\s*,\s*", m.group(2)):
                found.add((lineno, m.group(1), code))
    return found
