"""``ctx.broken`` (the containers whose contents are no longer known) keeps what it marks alive.

It used to hold bare ids: once a marked dict was freed, a new dict could be given its address
and was then taken for unknown, so a real error was missed (tests/corpus/freed_dict_reuse), and
the answer depended on when the cycle collector had run (the language server and the flake8
plugin analyse with it on: a loop's lost names on a real file changed from run to run)."""

from __future__ import annotations

import gc
from pathlib import Path

import libcst as cst

from lstmlint.api import lint_source
from lstmlint.interp.context import Context

BAD = Path(__file__).parent.parent / "corpus" / "freed_dict_reuse" / "bad.py"


def _analysis(source: str) -> tuple[list[str], list[str]]:
    ctx = Context(cst.parse_module(source))
    result = ctx.run()
    marked = dict(ctx.broken)
    assert marked, "the scratch dict's popitem() marks it"
    assert all(id(obj) == key for key, obj in marked.items())  # each marked object is held
    findings = sorted(str(f.problem) for f in result.findings)
    lost = [why for _, why in result.lost]
    return findings, lost


def test_a_dict_made_after_a_marked_one_is_freed_stays_known() -> None:
    source = BAD.read_text(encoding="utf-8")
    codes = [d.code for d in lint_source(source, str(BAD)).diagnostics]
    assert codes == ["LST110"]


def test_the_analysis_does_not_depend_on_the_collector() -> None:
    source = BAD.read_text(encoding="utf-8")
    first = _analysis(source)
    assert any("Add" in f for f in first[0])
    for _ in range(5):
        gc.collect()
        assert _analysis(source) == first
