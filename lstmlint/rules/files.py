"""Findings about files the analysis could not read at all."""

from __future__ import annotations

from lstmlint.codes import Code
from lstmlint.rules.base import Rule, register


@register
class UnreadableFile(Rule):
    code = Code.UNREADABLE_FILE
    what = "Reports a Python file lstmlint could not read, so it was not checked."
    why = "An unchecked file is a blind spot; the message says why it was skipped."
    example = "a file saved as Latin-1 without an encoding declaration"
    use_instead = "save it as UTF-8, or declare its encoding (`# -*- coding: latin-1 -*-`)"
    fix_safety = "No fix."
    runnable = False  # the examples describe files, they are not programs


@register
class SyntaxErrorInFile(Rule):
    code = Code.SYNTAX_ERROR
    what = "Reports a file libcst cannot parse, with the position of the error."
    why = "Nothing in it can be checked until it parses."
    example = (
        "from keras import Sequential\nfrom keras.layers import LSTM\n\nmodel = Sequential()\nmodel.add(LSTM(32)\n"
    )
    use_instead = (
        "from keras import Sequential\nfrom keras.layers import LSTM\n\nmodel = Sequential()\nmodel.add(LSTM(32))\n"
    )
    fix_safety = "No fix."


@register
class FileTooComplex(Rule):
    code = Code.FILE_TOO_COMPLEX
    what = (
        "Reports a file lstmlint refused to check because checking it could cost the whole run: more "
        "than 30,000 lines, an expression nested more than 200 levels deep (brackets, and operators "
        "such as `a and b and ...`, `x.a.b...`), or an integer literal too long for CPython to compile."
    )
    why = (
        "Such a file is almost always generated, not written; parsing it could crash the parser "
        "or take gigabytes, so lstmlint reports it unchecked instead and goes on with the other files."
    )
    example = "a generated file with `x = a and a and a and ...` repeated 8,000 times on one line"
    use_instead = "split the expression (or the file), or exclude generated files with `extend-exclude`"
    fix_safety = "No fix."
    runnable = False  # the examples describe files far too large to print here
