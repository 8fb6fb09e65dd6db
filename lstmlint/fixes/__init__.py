"""Fixes: libcst edits that cure findings, each safe or unsafe, verified before use.

``fix_source(text, path)`` returns the fixed text and what was applied; ``lstmlint --fix``
and ``--diff`` are built on it (``command.py``), and ``lstmlint.writer`` writes files.
"""

from .builders import Fix, build_fixes
from .engine import FixOutcome, fix_source, summary

__all__ = ["Fix", "FixOutcome", "build_fixes", "fix_source", "summary"]
