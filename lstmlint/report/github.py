"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=model.py,line=9,col=9,endLine=9,endColumn=34,title=LST101::message`` puts the
finding on the line of the pull request diff. Errors become ``::error``, warnings
``::warning``, infos ``::notice``. Property values and the message are escaped as the
runner expects (``%`` ``\\r`` ``\\n`` everywhere, ``:`` and ``,`` in properties too), so a
multi-line message (the help line) stays one annotation.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Any

from lstmlint.api import FileResult
from lstmlint.diagnostics import Diagnostic, Severity
from lstmlint.source.notebooks import file_span

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _path(path: str) -> str:
    """Workflow annotations want a path relative to the repository root, with forward slashes."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return path.replace(os.sep, "/")
        if not rel.startswith(".."):
            path = rel
    return path.replace(os.sep, "/")


def annotation(diag: Diagnostic) -> str:
    span = file_span(diag)  # a notebook's finding: the line of the .ipynb file that holds the code
    props = [
        ("file", _path(diag.path)),
        ("line", str(span.line)),
        ("col", str(span.column)),
        ("endLine", str(max(span.end_line, span.line))),
        ("endColumn", str(span.end_column)),
        ("title", diag.code),
    ]
    message = diag.message
    for label in diag.labels:
        if not label.primary and label.message:
            message += f"\n  line {label.span.line}: {label.message}"
    for note in diag.notes:
        message += f"\nnote: {note}"
    if diag.help:
        message += f"\nhelp: {diag.help}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[diag.severity]} {head}::{escape_data(message)}"


def report(results: Sequence[FileResult], out: IO[str], *, color: bool = False, quiet: bool = False, **_: Any) -> None:
    counts = {s: 0 for s in Severity}
    for result in results:
        for diag in result.diagnostics:
            out.write(annotation(diag) + "\n")
            counts[diag.severity] += 1
        if result.internal_error:
            props = f"file={escape_property(_path(result.path))},title={escape_property('lstmlint internal error')}"
            out.write(f"::error {props}::{escape_data(result.internal_error)}\n")
    if quiet:
        return
    out.write(
        f"lstmlint: {counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s) "
        f"in {len(results)} file(s) checked\n"
    )
