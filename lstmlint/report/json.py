"""``--format json``: one JSON array of findings on stdout."""

from __future__ import annotations

import json
from typing import IO, Sequence

from lstmlint.api import FileResult


def report(results: Sequence[FileResult], out: IO[str], *, color: bool = False) -> None:
    items = [d.to_json() for r in results for d in r.diagnostics]
    json.dump(items, out, indent=2)
    out.write("\n")
