"""Fixes: libcst edits that cure findings, each safe or unsafe, verified before use.

``fix_source(text, path)`` returns the fixed text and what was applied; ``lstmlint --fix``
and ``--diff`` are built on it (``command.py``), and ``lstmlint.fix.writer`` writes files.
"""

from lstmlint.fix.builders import Fix, build_fixes
from lstmlint.fix.engine import FixOutcome, fix_source, summary

__all__ = ["Fix", "FixOutcome", "build_fixes", "fix_source", "summary"]
