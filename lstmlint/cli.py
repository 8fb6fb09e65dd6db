"""The command line: options -> api -> reporter -> exit status. No analysis here."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .api import FileResult, Options, lint_paths
from .reporters import FORMATS, get_reporter

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def _codes(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(c.strip().upper() for c in value.split(",") if c.strip())


def _check_codes(codes: frozenset[str] | None, option: str) -> None:
    from .rules import RULES

    for code in codes or ():
        if not any(known.startswith(code) for known in RULES):
            raise click.BadParameter(f"unknown code or prefix {code!r}", param_hint=option)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--select", help="Comma-separated codes or prefixes to report (default: all).")
@click.option("--ignore", help="Comma-separated codes or prefixes not to report.")
@click.option("--no-color", is_flag=True, help="Never use colour (NO_COLOR is respected too).")
@click.version_option(__version__, prog_name="lstmlint")
def main(paths: tuple[str, ...], fmt: str, select: str | None, ignore: str | None, no_color: bool) -> None:
    """Check Keras models in PATHS (files or folders, default: .) for shape errors, without running them."""
    selected, ignored = _codes(select), _codes(ignore)
    _check_codes(selected, "--select")
    _check_codes(ignored, "--ignore")
    options = Options(select=selected, ignore=ignored or frozenset())
    results: list[FileResult] = list(lint_paths(paths or (".",), options))
    color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    get_reporter(fmt)(results, sys.stdout, color=color)
    failed = [r for r in results if r.internal_error]
    for r in failed:
        click.echo(f"lstmlint: internal error while checking {r.path}: {r.internal_error} "
                   "(this is a bug in lstmlint; please report it)", err=True)
    if failed:
        sys.exit(EXIT_FAILURE)
    sys.exit(EXIT_FINDINGS if any(r.has_errors for r in results) else EXIT_CLEAN)
