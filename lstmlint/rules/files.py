"""Findings about files the analysis could not read at all."""

from __future__ import annotations

from lstmlint.rules.base import Rule, register


@register
class UnreadableFile(Rule):
    code = "LST001"
    name = "unreadable-file"
    summary = "A file could not be read: missing, not text in its declared encoding, or too large"
    what = "Reports a Python file lstmlint could not read, so it was not checked."
    why = "An unchecked file is a blind spot; the message says why it was skipped."
    example = "a file saved as Latin-1 without an encoding declaration"
    use_instead = "save it as UTF-8, or declare its encoding (`# -*- coding: latin-1 -*-`)"
    fix_safety = "No fix."


@register
class SyntaxErrorInFile(Rule):
    code = "LST002"
    name = "syntax-error"
    summary = "A file is not valid Python, so it was not checked"
    what = "Reports a file libcst cannot parse, with the position of the error."
    why = "Nothing in it can be checked until it parses."
    example = "model.add(LSTM(32)"
    use_instead = "model.add(LSTM(32))"
    fix_safety = "No fix."
