"""Fixes: libcst edits that cure findings, each safe or unsafe, verified before use.

``fix_source(text, path)`` returns the fixed text and what was applied; ``lstmlint --fix``
and ``--diff`` are built on it (``command.py``), and ``lstmlint.fix.writer`` writes files.
Each rule builds its own fix (``lstmlint.rules``) from the edits in ``lstmlint.fix.edits``;
the package imports its parts lazily, so that rules can use the edits without a cycle.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Fix": "lstmlint.fix.builders",
    "FixPlan": "lstmlint.fix.plan",
    "build_fixes": "lstmlint.fix.builders",
    "FixOutcome": "lstmlint.fix.engine",
    "fix_source": "lstmlint.fix.engine",
    "summary": "lstmlint.fix.engine",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lstmlint.fix' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
