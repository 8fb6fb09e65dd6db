"""The README's quick start is what CI runs: exactly two commands, the second one in .ci/run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "lstmlint fixtures/" in commands[0]
    assert '".[test]"' in commands[1] and commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in [line.strip() for line in ci.splitlines()]


def test_readme_is_the_first_screens_and_links_resolve() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text) < 12_000, "README.md is for the first screens; put the rest in docs/"
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings[:6] == ["What a finding looks like", "Install", "Quick start", "Usage", "Integrations",
                            "Documentation"]
    for page in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]:
        body = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", body):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links to missing {target}"


def test_new_cli_options_are_in_help_and_readme() -> None:
    from click.testing import CliRunner

    from lstmlint.cli import main

    help_text = CliRunner().invoke(main, ["--help"]).output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    for option in ("concise", "--output-file", "--quiet", "--exit-zero", "--show-fixes", "--stdin-filename",
                   "--no-respect-gitignore"):
        assert option in help_text and option in readme and option in usage, option
    assert "# lstmlint: skip-file" in readme and "# lstmlint: skip-file" in usage
