"""The command line: options -> api -> reporter -> exit status. No analysis here."""

from __future__ import annotations

import sys

import click

from lstmlint import __version__
from lstmlint.api import FileResult, Options, lint_paths
from lstmlint.settings import ConfigError
from lstmlint.report import ANNOTATABLE, FORMATS, get_reporter, use_color

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def _codes(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(c.strip().upper() for c in value.split(",") if c.strip())


def _check_codes(codes: frozenset[str] | None, option: str) -> None:
    from lstmlint.rules import RULES

    for code in codes or ():
        if not any(known.startswith(code) for known in RULES):
            raise click.BadParameter(f"unknown code or prefix {code!r}", param_hint=option)


def _patterns(value: str | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(p.strip() for p in value.split(",") if p.strip())


def _explain(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from lstmlint.docs import UnknownCode, explain

    try:
        click.echo(explain(value), nl=False)
    except UnknownCode as e:
        click.echo(f"lstmlint: error: {e}", err=True)
        ctx.exit(EXIT_FAILURE)
    ctx.exit(EXIT_CLEAN)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--select", help="Comma-separated codes or prefixes to report (default: all).")
@click.option("--ignore", help="Comma-separated codes or prefixes not to report.")
@click.option("--no-color", is_flag=True, help="Never use colour (NO_COLOR is respected too).")
@click.option("--annotate", is_flag=True,
              help="Also show each model's source annotated with inferred shapes and a summary table "
                   "(layers, output shapes, parameter counts); with --format text or markdown.")
@click.option("--exclude", help="Comma-separated glob patterns to skip, replacing the configured/default ones.")
@click.option("--extend-exclude", help="Comma-separated glob patterns to skip as well.")
@click.option("--warnings-as-errors/--no-warnings-as-errors", default=None,
              help="Let warnings make the exit status 1 (default: from [tool.lstmlint], else off).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Read [tool.lstmlint] from this file for every checked file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--statistics", is_flag=True, help="Print the number of findings of each code after the report.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also say, on stderr, for each model where the analysis lost track of shapes and why.")
@click.option("--explain", metavar="CODE", callback=_explain, expose_value=False, is_eager=True,
              help="Print the documentation of a code (e.g. LST101) and exit.")
@click.option("--confirm", is_flag=True,
              help="Rebuild each model's extracted layer graph in real Keras (never your file) and mark "
                   "findings confirmed or not. Needs TensorFlow: pip install \"lstmlint[confirm]\".")
@click.option("--confirm-timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds Keras may take to rebuild one model with --confirm.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes, each verified by a fresh analysis, then report what remains.")
@click.option("--diff", is_flag=True, help="Show every verified fix (unsafe ones too) as a unified diff; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also apply fixes that change the architecture.")
@click.version_option(__version__, prog_name="lstmlint")
def main(paths: tuple[str, ...], fmt: str, select: str | None, ignore: str | None, no_color: bool,
         exclude: str | None, extend_exclude: str | None, warnings_as_errors: bool | None,
         config_path: str | None, isolated: bool, statistics: bool, confirm: bool = False,
         confirm_timeout: float = 60.0, annotate: bool = False, fix: bool = False, diff: bool = False,
         unsafe_fixes: bool = False, verbose: bool = False) -> None:
    """Check Keras models in PATHS (files or folders, default: .) for shape errors, without running them."""
    selected, ignored = _codes(select), _codes(ignore)
    _check_codes(selected, "--select")
    _check_codes(ignored, "--ignore")
    if annotate and fmt not in ANNOTATABLE:
        raise click.UsageError(f"--annotate works with --format {' or '.join(sorted(ANNOTATABLE))}, not {fmt}")
    options = Options(select=selected, ignore=ignored, warnings_as_errors=warnings_as_errors,
                      exclude=_patterns(exclude), extend_exclude=_patterns(extend_exclude) or (),
                      config=config_path, isolated=isolated)
    if fix or diff:  # verified libcst rewrites: lstmlint/fix/command.py
        from lstmlint.fix.command import run as run_fixes

        try:
            sys.exit(run_fixes(paths or (".",), options, fmt=fmt, color=use_color(sys.stdout, no_color),
                               write=fix, show_diff=diff, unsafe=unsafe_fixes, out=sys.stdout, err=sys.stderr))
        except ConfigError as e:
            click.echo(f"lstmlint: error: {e}", err=True)
            sys.exit(EXIT_FAILURE)
    try:
        results: list[FileResult] = list(lint_paths(paths or (".",), options))
    except ConfigError as e:
        click.echo(f"lstmlint: error: {e}", err=True)
        sys.exit(EXIT_FAILURE)
    if confirm:  # rebuild the extracted graphs in Keras, in a subprocess (lstmlint/confirm.py)
        from lstmlint.confirm.session import ConfirmUnavailable, confirm_results

        try:
            confirm_results(results, options, timeout=confirm_timeout)
        except ConfirmUnavailable as e:
            click.echo(str(e), err=True)
            sys.exit(EXIT_FAILURE)
    color = use_color(sys.stdout, no_color)
    get_reporter(fmt)(results, sys.stdout, color=color, **({"annotate": True} if annotate else {}))
    if statistics:  # after the report; on stderr when stdout carries a machine-readable format
        from lstmlint.report.stats import render_statistics

        (sys.stdout if fmt == "text" else sys.stderr).write(render_statistics(results))
    if verbose:  # where each model's analysis lost track (lstmlint/interp/explain.py)
        from lstmlint.interp.explain import explain_results

        sys.stderr.write(explain_results(results))
    failed = [r for r in results if r.internal_error]
    for r in failed:
        click.echo(f"lstmlint: internal error while checking {r.path}: {r.internal_error} "
                   "(this is a bug in lstmlint; please report it)", err=True)
    if failed:
        sys.exit(EXIT_FAILURE)
    sys.exit(EXIT_FINDINGS if any(r.fails for r in results) else EXIT_CLEAN)
