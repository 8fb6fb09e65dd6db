"""One module per diagnostic family; ``render`` turns proven problems into diagnostics."""

from __future__ import annotations

from lstmlint.diagnostics import Diagnostic, Severity
from lstmlint.graph.model import Analysis
from lstmlint.rules import (  # noqa: F401  (importing a rule module registers its rules)
    confirm,
    files,
    keras3_ops,
    layers,
    merge,
    meta,
    recurrent,
    states,
    versions,
)
from lstmlint.rules.base import RULES, Context, Rule, context_notes


def render(analysis: Analysis, ctx: Context) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[str, int]] = set()
    for finding in analysis.findings:
        code = finding.problem.code
        key = (code, id(finding.node))
        if key in seen:
            continue
        seen.add(key)
        rule = RULES[code]
        rendered = rule.render(finding, ctx)
        severity = Severity(finding.severity) if finding.severity != "error" else rule.severity_of(finding)
        out.append(
            Diagnostic(
                path=ctx.path,
                span=ctx.span(finding.node),
                code=code,
                severity=severity,
                message=rendered.message,
                labels=tuple(rendered.labels),
                notes=tuple(rendered.notes) + context_notes(finding, analysis, ctx),
                help=rendered.help,
            )
        )
    return out


__all__ = ["RULES", "Context", "Rule", "render"]
