"""Rule documentation from one source: the code table (``lstmlint.codes``) and the Rule classes.

``lstmlint --explain LST101`` prints a rule's page; ``docs/rules/LST101.md`` holds the same
page; README.md's table of codes sits between ``<!-- codes:start -->`` and
``<!-- codes:end -->``. Regenerate the files with ``python -m lstmlint.docs --write``;
``--check`` (and ``tests/test_explain.py``) fail when they drift from the registry.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from lstmlint.codes import TABLE, Code, parse_code
from lstmlint.rules import RULES, Rule

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- codes:start -->", "<!-- codes:end -->"
SECTIONS = (
    ("What it does", "what"),
    ("Why is this bad?", "why"),
    ("Example", "example"),
    ("Use instead", "use_instead"),
    ("Fix", "fix_safety"),  # what `--fix` does, and whether it is safe
)


class UnknownCode(LookupError):
    """``--explain`` was given something that is neither a code nor a rule name."""


def lookup(code_or_name: str) -> Rule:
    """The rule for a code (``LST101``, any case) or a rule name (``recurrent-input-not-a-sequence``)."""
    key = code_or_name.strip()
    code = parse_code(key) or next((c for c, info in TABLE.items() if info.name == key.lower()), None)
    rule = RULES.get(code) if code is not None else None
    if rule is None:
        raise UnknownCode(f"unknown code {code_or_name!r}; known codes: {', '.join(Code)}")
    return rule


def _is_code(text: str) -> bool:
    """Is an example field Python (shown in a code block) or a sentence?"""
    if "`" in text:
        return False
    try:
        compile(text, "<example>", "exec")
        return True
    except SyntaxError:
        return any(c in text for c in "(=\n")


def _block(text: str) -> str:
    text = text.strip("\n")
    return f"```python\n{text}\n```" if _is_code(text) else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def rule_page(rule: Rule) -> str:
    """The Markdown page of one rule: the text of ``--explain`` and of docs/rules/<code>.md."""
    out = [f"# {rule.code}: {rule.name}", "", f"Severity: {rule.severity.value}", "", _sentence(rule.summary)]
    for title, attr in SECTIONS:
        value = getattr(rule, attr, None) or ""
        body = _block(value) if attr in ("example", "use_instead") else value.strip()
        out += ["", f"## {title}", "", body]
    return "\n".join(out).rstrip() + "\n"


def explain(code_or_name: str) -> str:
    return rule_page(lookup(code_or_name))


def codes_table(link_prefix: str = "docs/rules/") -> str:
    """The README's table of codes (Markdown)."""
    rows = ["| Code | Name | Severity | What it reports |", "|---|---|---|---|"]
    for code, info in sorted(TABLE.items()):
        summary = info.summary.replace("|", "\\|")
        rows.append(f"| [{code}]({link_prefix}{code}.md) | `{info.name}` | {info.severity.value} | {summary} |")
    return "\n".join(rows) + "\n"


def _with_table(readme: str) -> str | None:
    """README text with the table between the markers replaced; None if the markers are missing."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme):
        return None
    return pattern.sub(lambda _: f"{START}\n{codes_table()}{END}", readme, count=1)


def expected_pages() -> dict[str, str]:
    return {f"{code}.md": rule_page(rule) for code, rule in sorted(RULES.items())}


def check(root: Path = ROOT) -> list[str]:
    """What is out of date (empty when README's table and docs/rules/ match the registry)."""
    problems: list[str] = []
    rules_dir = root / "docs" / "rules"
    want = expected_pages()
    have = {p.name for p in rules_dir.glob("LST*.md")} if rules_dir.is_dir() else set()
    for name, text in want.items():
        path = rules_dir / name
        if not path.is_file():
            problems.append(f"docs/rules/{name} is missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"docs/rules/{name} is out of date")
    for name in sorted(have - set(want)):
        problems.append(f"docs/rules/{name} documents a code that is not registered")
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        new = _with_table(text)
        if new is None:
            problems.append(f"README.md has no {START} ... {END} markers for the table of codes")
        elif new != text:
            problems.append("README.md's table of codes is out of date")
    else:
        problems.append("README.md is missing")
    return problems


def write(root: Path = ROOT) -> list[str]:
    """Regenerate docs/rules/ and README's table; returns what could not be written."""
    problems: list[str] = []
    rules_dir = root / "docs" / "rules"
    rules_dir.mkdir(parents=True, exist_ok=True)
    want = expected_pages()
    for name, text in want.items():
        path = rules_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for stale in rules_dir.glob("LST*.md"):
        if stale.name not in want:
            stale.unlink()
    readme = root / "README.md"
    if not readme.is_file():
        problems.append("README.md is missing: table of codes not written")
        return problems
    text = readme.read_text(encoding="utf-8")
    new = _with_table(text)
    if new is None:
        problems.append(f"README.md has no {START} ... {END} markers: table of codes not written")
    elif new != text:
        readme.write_text(new, encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lstmlint.docs", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help="regenerate docs/rules/*.md and README's table")
    group.add_argument("--check", action="store_true", help="exit 1 if they are out of date")
    group.add_argument("--table", action="store_true", help="print the table of codes")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    args = parser.parse_args(argv)
    if args.table:
        sys.stdout.write(codes_table())
        return 0
    problems = write(args.root) if args.write else check(args.root)
    for p in problems:
        print(f"lstmlint.docs: {p}", file=sys.stderr)
    if args.check and problems:
        print("lstmlint.docs: run `python -m lstmlint.docs --write`", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
