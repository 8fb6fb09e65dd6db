"""``--format sarif``: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.

* ``tool.driver`` describes lstmlint and every rule of the registry (``lstmlint.rules.RULES``):
  id, name, short and full description, help (text and Markdown) and default level.
* each finding is a ``result`` with a 1-based region, its secondary labels as
  ``relatedLocations``, and a ``partialFingerprints`` entry that does not depend on line
  numbers, so code scanning keeps tracking a finding when code above it moves.
* paths are relative to the directory lstmlint ran in (``uriBaseId: %SRCROOT%``, which
  ``originalUriBaseIds`` maps to that directory); paths outside it become absolute file URIs.
* a file lstmlint itself failed on is reported as a tool notification, not as a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import quote

from lstmlint import REPOSITORY_URL, __version__, rule_url
from lstmlint.api import FileResult
from lstmlint.diagnostics import Diagnostic, Severity, Span
from lstmlint.rules import RULES, Rule
from lstmlint.source.files import source_lines
from lstmlint.source.notebooks import file_span

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = REPOSITORY_URL  # a placeholder until the project is published (lstmlint/__init__.py)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "lstmlint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


# ------------------------------------------------------------------ rules
def _help_text(rule: Rule) -> str:
    parts = [f"{rule.summary}.", "", rule.what, "", f"Why is this bad? {rule.why}"]
    if rule.example:
        parts += ["", "Example:", rule.example]
    if rule.use_instead:
        parts += ["", "Use instead:", rule.use_instead]
    if rule.fix_safety:
        parts += ["", f"Fix safety: {rule.fix_safety}"]
    return "\n".join(parts)


def _help_markdown(rule: Rule) -> str:
    try:
        from lstmlint.docs import rule_page
    except ImportError:  # pragma: no cover - docs module not present
        return _help_text(rule)
    return rule_page(rule)


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["keras", "shapes", "correctness"],
            "precision": "very-high",
            "problem.severity": rule.severity.value if rule.severity is not Severity.INFO else "recommendation",
        },
    }


# ------------------------------------------------------------------ locations
def artifact_location(path: str, root: Path) -> dict[str, Any]:
    """A relative URI under %SRCROOT% when ``path`` lies under ``root``, else an absolute file URI."""
    p = Path(path)
    absolute = p if p.is_absolute() else (root / p)
    absolute = Path(os.path.normpath(absolute))
    try:
        rel = absolute.relative_to(root)
    except ValueError:  # the file name's own bytes, percent-encoded (a name need not be UTF-8)
        return {"uri": "file://" + quote(os.fsencode(absolute.as_posix()), safe="/")}
    return {"uri": quote(os.fsencode(PurePosixPath(*rel.parts).as_posix()), safe="/"), "uriBaseId": SRCROOT}


def region(span: Span, snippet: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "startLine": max(span.line, 1),
        "startColumn": max(span.column, 1),
        "endLine": max(span.end_line, span.line, 1),
        "endColumn": max(span.end_column, 1),
    }
    if out["endLine"] == out["startLine"] and out["endColumn"] <= out["startColumn"]:
        out["endColumn"] = out["startColumn"] + 1  # SARIF regions are never empty here
    if snippet is not None:
        out["snippet"] = {"text": snippet}
    return out


def _line_text(lines: list[str] | None, line: int) -> str:
    if lines is None or not 1 <= line <= len(lines):
        return ""
    return lines[line - 1]


_LINE_REFS = re.compile(r"\bline \d+\b|\blines \d+(?:\s*(?:-|to|and)\s*\d+)?\b")


def fingerprint_basis(uri: str, diag: Diagnostic, line_text: str) -> str:
    """What identifies a finding across commits: the file's URI, the code, the flagged line's
    text with its whitespace normalised, and the message without line numbers. No line numbers."""
    message = _LINE_REFS.sub("line N", diag.message)
    return "\0".join((uri, diag.code, " ".join(line_text.split()), message))


def fingerprints(uri: str, diags: list[tuple[Diagnostic, str]]) -> list[str]:
    """One fingerprint per diagnostic of a file; identical ones get an occurrence number (``:2``)."""
    seen: dict[str, int] = {}
    out = []
    for diag, text in diags:
        digest = hashlib.sha256(fingerprint_basis(uri, diag, text).encode("utf-8")).hexdigest()[:32]
        n = seen.get(digest, 0) + 1
        seen[digest] = n
        out.append(f"{digest}:{n}")
    return out


# ------------------------------------------------------------------ results
def result_object(
    diag: Diagnostic, rule_index: dict[str, int], root: Path, lines: list[str] | None, fingerprint: str
) -> dict[str, Any]:
    location = artifact_location(diag.path, root)
    text = diag.message + (f"\nhelp: {diag.help}" if diag.help else "")
    for note in diag.notes:
        text += f"\nnote: {note}"
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "level": LEVELS[diag.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": region(file_span(diag), _line_text(lines, diag.span.line) or None),
                },
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if diag.code in rule_index:
        result["ruleIndex"] = rule_index[diag.code]
    related: list[dict[str, Any]] = []
    notebook = "file_line" in diag.data  # labels hold program lines, not lines of the .ipynb file
    for label in diag.labels:
        if label.primary or notebook:
            continue
        related.append(
            {
                "id": len(related) + 1,
                "physicalLocation": {"artifactLocation": dict(location), "region": region(label.span)},
                "message": {"text": label.message or "related"},
            }
        )
    if related:
        result["relatedLocations"] = related
    if diag.help:
        result["properties"] = {"help": diag.help}
    if notebook:
        result.setdefault("properties", {}).update(
            {"cell": diag.data.get("cell"), "cellLine": diag.data.get("cell_line"), "programLine": diag.span.line}
        )
    return result


def sarif_log(results: Sequence[FileResult], root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    base = Path(os.path.abspath(root if root is not None else os.getcwd()))
    rules = [RULES[code] for code in sorted(RULES)]
    rule_index = {str(rule.code): i for i, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    for file_result in results:
        lines = source_lines(file_result.source) if file_result.source is not None else None
        pairs = [(d, _line_text(lines, d.span.line)) for d in file_result.diagnostics]
        uri = artifact_location(file_result.path, base)["uri"]
        for (diag, _), fp in zip(pairs, fingerprints(uri, pairs)):
            sarif_results.append(result_object(diag, rule_index, base, lines, fp))
    failed = [r for r in results if r.internal_error]
    invocation: dict[str, Any] = {"executionSuccessful": not failed}
    if failed:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": f"internal error while checking {r.path}: {r.internal_error}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(r.path, base)}}],
            }
            for r in failed
        ]
    base_uri = base.as_uri()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lstmlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(rule) for rule in rules],
                    },
                },
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": base_uri if base_uri.endswith("/") else base_uri + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def report(results: Sequence[FileResult], out: IO[str], *, color: bool = False, **_: Any) -> None:
    json.dump(sarif_log(results), out, indent=2, ensure_ascii=False)
    out.write("\n")
