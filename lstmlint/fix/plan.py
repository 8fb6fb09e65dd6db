"""What a rule's fix returns: its edits and what they do, before safety is decided.

A leaf module (it imports no rule and no planner), so that rules can build plans and the
planner (``lstmlint.fix.builders``) can run the rules without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from lstmlint.findings import Finding
from lstmlint.fix.edits import Edit


@dataclass
class FixPlan:
    """What a rule's fix for one finding does, before the planner decides its safety."""

    finding: Finding
    edits: list[Edit]
    parts: list[str]  # what each step does, for the user ("set ... at line 6")
    sequence_layers: list[cst.Call] = field(default_factory=list)  # layers whose output rank changes
    flag: bool | None = None  # the value their return_sequences flips to
    unsafe: str = ""  # why, if unsafe regardless of the graph
