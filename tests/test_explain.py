"""`lstmlint --explain`, docs/rules/*.md and README's table of codes, all from the Rule classes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint import docs
from lstmlint.cli import main
from lstmlint.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
HEADINGS = ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix"]


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert re.fullmatch(r"LST\d{3}", rule.code) and rule.code == code
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
    for attr in ("summary", "what", "why", "example", "use_instead", "fix_safety"):
        assert getattr(rule, attr, "").strip(), f"{code} has no {attr}"
    names = [r.name for r in RULES.values()]
    assert names.count(rule.name) == 1


def test_explain_prints_the_fixed_sections_in_order() -> None:
    r = CliRunner().invoke(main, ["--explain", "LST101"])
    assert r.exit_code == 0
    out = r.stdout
    assert out.startswith("# LST101: recurrent-input-not-a-sequence\n")
    positions = [out.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert RULES["LST101"].summary in out
    example = out[out.index("## Example") : out.index("## Use instead")]
    assert example.count("```python\n") == 1 and "\nx = layers.LSTM(64)(inputs)" in example  # a code block
    assert out == docs.explain("LST101") == (ROOT / "docs" / "rules" / "LST101.md").read_text()


def test_explain_accepts_lowercase_codes_and_rule_names() -> None:
    by_name = CliRunner().invoke(main, ["--explain", "unused-suppression"])
    by_code = CliRunner().invoke(main, ["--explain", "lst901"])
    assert by_name.exit_code == by_code.exit_code == 0
    assert by_name.stdout == by_code.stdout and by_code.stdout.startswith("# LST901: unused-suppression")


def test_explain_does_not_lint(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, [str(tmp_path), "--explain", "LST002"])
    assert r.exit_code == 0 and "No shape problems" not in r.output


@pytest.mark.parametrize("code", ["LST999", "E501", "nonsense"])
def test_explain_unknown_code_is_a_clear_error(code: str) -> None:
    r = CliRunner().invoke(main, ["--explain", code])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"lstmlint: error: unknown code {code!r}; known codes: LST001, ")


def test_docs_pages_match_the_registry() -> None:
    problems = [p for p in docs.check(ROOT) if p.startswith("docs/")]
    assert problems == [], "run `python -m lstmlint.docs --write`: " + "; ".join(problems)


def test_readme_table_of_codes_matches_the_registry() -> None:
    problems = [p for p in docs.check(ROOT) if p.startswith("README")]
    assert problems == [], "run `python -m lstmlint.docs --write`: " + "; ".join(problems)


def test_table_lists_every_code_with_a_link() -> None:
    table = docs.codes_table()
    for code, rule in RULES.items():
        assert f"| [{code}](docs/rules/{code}.md) | `{rule.name}` | {rule.severity.value} |" in table


def test_write_then_check_round_trip(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# x\n\n<!-- codes:start -->\nold\n<!-- codes:end -->\n\nafter\n")
    stale = tmp_path / "docs" / "rules" / "LST000.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("gone")
    assert docs.check(tmp_path)  # everything is out of date
    assert docs.write(tmp_path) == []
    assert docs.check(tmp_path) == []
    assert not stale.exists()
    readme = (tmp_path / "README.md").read_text()
    assert readme.startswith("# x\n\n<!-- codes:start -->\n| Code |") and readme.endswith(
        "<!-- codes:end -->\n\nafter\n"
    )
    page = tmp_path / "docs" / "rules" / "LST101.md"
    page.write_text(page.read_text() + "edited\n")
    assert docs.check(tmp_path) == ["docs/rules/LST101.md is out of date"]
    # the module entry point, as a contributor runs it
    cmd = [sys.executable, "-m", "lstmlint.docs", "--check", "--root", str(tmp_path)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 1 and "LST101.md is out of date" in r.stderr
    r = subprocess.run([*cmd[:3], "--write", "--root", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert (r.returncode, r.stderr) == (0, "")


def test_write_without_markers_says_so(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# no markers\n")
    problems = docs.write(tmp_path)
    assert problems and "no <!-- codes:start -->" in problems[0]
    assert (tmp_path / "README.md").read_text() == "# no markers\n"
