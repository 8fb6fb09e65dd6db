"""The command line: options -> api -> reporter -> exit status. No analysis here.

``lstmlint PATH...`` lints; a registered subcommand (``lstmlint server``) runs itself. ``main``
is a click group whose first argument decides: when it names a subcommand, that subcommand
runs; anything else (a path, ``-``, an option, nothing) goes to the ``check`` command, so
``lstmlint``, ``lstmlint src/`` and ``lstmlint --format json x.py`` work as a linter's command
line should. A folder or file literally named like a subcommand is checked with
``lstmlint ./server`` (or ``lstmlint check server``). Subcommands are added with
``@main.command("name")`` and are listed under ``Commands`` in ``lstmlint --help``.

Exit status: 0 clean (or ``--exit-zero``), 1 findings that fail the run, 2 a usage error, a
bad configuration or a failure of lstmlint itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import click

from lstmlint import __version__
from lstmlint.report import ANNOTATABLE, FORMATS, get_reporter, use_color
from lstmlint.report.safe import one_line, printable
from lstmlint.report.safe import path as safe_path
from lstmlint.settings import ConfigError, Options
from lstmlint.source.files import ReadError, decode

if TYPE_CHECKING:  # the analysis is imported when a command needs it: `--version` and `--help` do not
    from lstmlint.api import FileResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # as a shell shows a program stopped by SIGPIPE (128 + 13)
STDIN = "-"
STDIN_NAME = "<stdin>"


def _codes(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(c.strip().upper() for c in value.split(",") if c.strip())


def _check_codes(codes: frozenset[str] | None, option: str) -> None:
    from lstmlint.codes import known

    for code in codes or ():
        if not known(code):
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


def _fail(message: str) -> None:
    click.echo(f"lstmlint: error: {one_line(message)}", err=True)
    sys.exit(EXIT_FAILURE)


# ------------------------------------------------------------------ the group
class _LintByDefault(click.Group):
    """A group whose default command is ``check``: ``lstmlint PATH...`` needs no subcommand name."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """A failure of lstmlint itself is exit status 2 with "internal error", never a traceback
        and exit 1 (``LSTMLINT_DEBUG=1`` shows the traceback)."""
        from lstmlint.source.parsing import owned

        try:
            with owned():  # this process is lstmlint's while a command runs (source/parsing.py)
                return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`lstmlint src | head -1`): stop quietly
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())  # nothing more reaches the closed pipe
            ctx.exit(EXIT_BROKEN_PIPE)
        except Exception as e:
            if os.environ.get("LSTMLINT_DEBUG"):
                raise
            click.echo(
                f"lstmlint: internal error: {type(e).__name__}: {one_line(str(e))} "
                "(this is a bug in lstmlint; please report it)",
                err=True,
            )
            ctx.exit(EXIT_FAILURE)


class _CheckCommand(click.Command):
    """``check``, shown as the program itself: ``Usage: lstmlint [OPTIONS] [PATHS]...``."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        prog = ctx.parent.info_name if ctx.parent is not None and ctx.parent.info_name else "lstmlint"
        formatter.write_usage(prog, " ".join(self.collect_usage_pieces(ctx)))

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        group = ctx.parent.command if ctx.parent is not None else None
        others = sorted((name, cmd) for name, cmd in getattr(group, "commands", {}).items() if name != self.name)
        if others:
            with formatter.section("Commands"):
                formatter.write_dl([(f"lstmlint {name}", cmd.get_short_help_str(60)) for name, cmd in others])


@click.group(
    "lstmlint",
    cls=_LintByDefault,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=False,
)
def main() -> None:
    """lstmlint: a static shape checker for Keras models."""


# ------------------------------------------------------------------ check (the default)
@main.command(
    "check",
    cls=_CheckCommand,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Documentation: README.md and docs/usage.md; each code: lstmlint --explain CODE.",
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="Output format: text (with source excerpts), concise (one line per finding: "
    "path:line:col: CODE message), json, sarif, github (workflow annotations), markdown.",
)
@click.option("--select", help="Comma-separated codes or prefixes to report (default: all).")
@click.option("--ignore", help="Comma-separated codes or prefixes not to report.")
@click.option(
    "--output-file",
    "-o",
    "output_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit with status 0 even when findings fail the run (a failure of lstmlint itself is still 2).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="Print the findings only: no summary line (text, concise and github formats)."
)
@click.option(
    "--show-fixes",
    is_flag=True,
    help="Show the title of the fix lstmlint has for each finding, and whether it is safe "
    "(read-only: --diff shows the edits, --fix applies them).",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="The file name to report (and to find [tool.lstmlint] for) when reading source from "
    "standard input, given as the path - (or as the only input).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=True,
    show_default=True,
    help="Skip what git ignores when walking folders (.gitignore, nested ones, .git/info/exclude, "
    "core.excludesFile). Named files are always checked.",
)
@click.option("--no-color", is_flag=True, help="Never use colour (NO_COLOR is respected too).")
@click.option(
    "--annotate",
    is_flag=True,
    help="Also show each model's source annotated with inferred shapes and a summary table "
    "(layers, output shapes, parameter counts); with --format text or markdown. With --format json: "
    "one object with the diagnostics and each model's layers and shapes.",
)
@click.option("--exclude", help="Comma-separated glob patterns to skip, replacing the configured/default ones.")
@click.option("--extend-exclude", help="Comma-separated glob patterns to skip as well.")
@click.option(
    "--warnings-as-errors/--no-warnings-as-errors",
    default=None,
    help="Let warnings make the exit status 1 (default: from [tool.lstmlint], else off).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Read [tool.lstmlint] from this file for every checked file.",
)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option(
    "--keras-version",
    "keras_version",
    type=click.Choice(["auto", "2", "3"]),
    default=None,
    help="The Keras the files run on: 2 (tf_keras, TensorFlow <= 2.15), 3, or auto: decide per file "
    "from its imports and the project's pins (default: `keras-version` in [tool.lstmlint], else "
    "auto; --verbose says why). Under 3, Keras 2 code gets migration findings (LST108, LST4xx).",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings of each code after the report.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also say, on stderr, for each model where the analysis lost track of shapes and why.",
)
@click.option(
    "--explain",
    metavar="CODE",
    callback=_explain,
    expose_value=False,
    is_eager=True,
    help="Print the documentation of a code (e.g. LST101) and exit.",
)
@click.option(
    "--confirm",
    is_flag=True,
    help="Rebuild each model's extracted layer graph in real Keras (never your file) and mark "
    'findings confirmed or not. Needs TensorFlow: pip install ".[confirm]" from a clone.',
)
@click.option(
    "--confirm-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds Keras may take to rebuild one model with --confirm.",
)
@click.option(
    "--fix", is_flag=True, help="Apply the safe fixes, each verified by a fresh analysis, then report what remains."
)
@click.option(
    "--diff", is_flag=True, help="Show every verified fix (unsafe ones too) as a unified diff; write nothing."
)
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also apply fixes that change the architecture.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to analyse files in (default: `jobs` in [tool.lstmlint], else one per core "
    "when there are enough files); 1 for none.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Keep the result cache here (default: `cache-dir` in [tool.lstmlint], else .lstmlint_cache).",
)
@click.option("--clear-cache", is_flag=True, help="Empty the result cache before checking.")
@click.version_option(__version__, prog_name="lstmlint")
def check(
    paths: tuple[str, ...],
    fmt: str,
    select: str | None,
    ignore: str | None,
    no_color: bool,
    exclude: str | None,
    extend_exclude: str | None,
    warnings_as_errors: bool | None,
    config_path: str | None,
    isolated: bool,
    statistics: bool,
    confirm: bool = False,
    confirm_timeout: float = 60.0,
    annotate: bool = False,
    fix: bool = False,
    diff: bool = False,
    unsafe_fixes: bool = False,
    verbose: bool = False,
    output_file: str | None = None,
    exit_zero: bool = False,
    quiet: bool = False,
    show_fixes: bool = False,
    stdin_filename: str | None = None,
    respect_gitignore: bool = True,
    jobs: int | None = None,
    no_cache: bool = False,
    cache_dir: str | None = None,
    clear_cache: bool = False,
    keras_version: str | None = None,
) -> None:
    """Check Keras models in PATHS (files or folders, default: .; - reads standard input) for
    shape errors, without running them."""
    _tolerate_unencodable()
    selected, ignored = _codes(select), _codes(ignore)
    _check_codes(selected, "--select")
    _check_codes(ignored, "--ignore")
    if annotate and fmt not in ANNOTATABLE:
        raise click.UsageError(f"--annotate works with --format {' or '.join(sorted(ANNOTATABLE))}, not {fmt}")
    stdin = STDIN in paths or (stdin_filename is not None and not paths)
    if stdin_filename is not None and paths and STDIN not in paths:
        raise click.UsageError("--stdin-filename names standard input: give the path - (or no path at all)")
    if paths.count(STDIN) > 1:
        raise click.UsageError("standard input (-) can be read only once")
    if stdin and (fix or diff):
        raise click.UsageError("--fix and --diff edit files: they do not read standard input")
    files = tuple(p for p in paths if p != STDIN)
    options = Options(
        select=selected,
        ignore=ignored,
        warnings_as_errors=warnings_as_errors,
        exclude=_patterns(exclude),
        extend_exclude=_patterns(extend_exclude) or (),
        config=config_path,
        isolated=isolated,
        respect_gitignore=respect_gitignore,
        keras_version=keras_version,
    )
    if fix or diff:  # verified libcst rewrites: lstmlint/fix/command.py
        from lstmlint.fix.command import run as run_fixes

        with _output(output_file) as out:
            try:
                status = run_fixes(
                    files or (".",),
                    options,
                    fmt=fmt,
                    color=use_color(out, no_color),
                    write=fix,
                    show_diff=diff,
                    unsafe=unsafe_fixes,
                    out=out,
                    err=sys.stderr,
                )
            except ConfigError as e:
                _fail(str(e))
        sys.exit(EXIT_CLEAN if exit_zero and status == EXIT_FINDINGS else status)
    try:
        targets = files or (() if stdin else (".",))
        from lstmlint.run import lint_for_cli  # cache, process pool, progress (lstmlint/run.py)

        keep = annotate or confirm or show_fixes  # reporters that read every file's analysis
        streamed = lint_for_cli(
            targets,
            options,
            jobs=jobs,
            use_cache=not no_cache,
            cache_dir=cache_dir,
            clear_cache=clear_cache,
            need_analysis=keep or verbose,
            quiet=quiet,
        )
        if verbose and not keep:
            streamed = _explained(streamed)  # memory stays flat: each analysis is dropped once explained
        results: list[FileResult] = list(streamed) if targets else []
        if stdin:
            results.append(_lint_stdin(stdin_filename, options))
    except ConfigError as e:
        _fail(str(e))
    if confirm:  # rebuild the extracted graphs in Keras, in a subprocess (lstmlint/confirm/)
        from lstmlint.confirm.session import ConfirmUnavailable, confirm_results

        try:
            confirm_results(results, options, timeout=confirm_timeout)
        except ConfirmUnavailable as e:
            click.echo(str(e), err=True)
            sys.exit(EXIT_FAILURE)
    extra: dict[str, Any] = {"annotate": annotate, "quiet": quiet}
    if show_fixes:
        from lstmlint.report.fixes import fix_titles

        extra["fixes"] = fix_titles(results)
    with _output(output_file) as out:
        get_reporter(fmt)(results, out, color=use_color(out, no_color), **extra)
        if statistics:  # after the report; on stderr when the report is machine-readable
            from lstmlint.report.coverage import render_coverage
            from lstmlint.report.stats import render_statistics

            (out if fmt in ("text", "concise") else sys.stderr).write(
                render_statistics(results) + render_coverage(results)
            )
    _finish(results, verbose=verbose, exit_zero=exit_zero)


def _tolerate_unencodable() -> None:
    """A report is never lost to the terminal's encoding (``PYTHONIOENCODING=ascii``, a file name
    that is not UTF-8): what stdout/stderr cannot encode is written as a backslash escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def _lint_stdin(stdin_filename: str | None, options: Options) -> FileResult:
    """Standard input, decoded as a file would be (coding cookie, BOM), reported as ``stdin_filename``."""
    from lstmlint.settings import Resolver

    name = stdin_filename or STDIN_NAME
    file_options = Resolver(options).options_for(stdin_filename) if stdin_filename else options
    from lstmlint.source import files as source_files

    limit = source_files.MAX_BYTES
    data = sys.stdin.buffer.read(limit + 1)  # bounded, as a file is
    try:
        if len(data) > limit:
            raise ReadError(f"standard input is too large to check (more than {limit / 1048576:.0f} MiB)")
        text = decode(data)
    except ReadError as e:
        from lstmlint.api import FileResult as Result
        from lstmlint.codes import Code
        from lstmlint.diagnostics import Diagnostic, Severity, Span

        diags = [Diagnostic(name, Span(1, 1, 1, 1), Code.UNREADABLE_FILE, Severity.ERROR, e.message)]
        return Result(
            name,
            diags if file_options.wants(Code.UNREADABLE_FILE) else [],
            warnings_as_errors=bool(file_options.warnings_as_errors),
        )
    from lstmlint.api import lint_text

    return lint_text(text, name, file_options)


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """Standard output, or ``--output-file`` (UTF-8, written whole when the report is done)."""
    if path is None:
        yield sys.stdout
        return
    try:
        fh = open(path, "w", encoding="utf-8", errors="backslashreplace", newline="")  # closed by the with below
    except OSError as e:
        _fail(f"cannot write {path}: {e.strerror or e}")
        raise  # unreachable: _fail exits
    with fh:
        yield fh


def _explained(results: Iterator[FileResult]) -> Iterator[FileResult]:
    """``--verbose`` alone: each file's explanation is written down as its result arrives and the
    analysis is dropped, so memory does not grow with the number of files."""
    from dataclasses import replace

    from lstmlint.interp.explain import explain_analysis
    from lstmlint.run import slim

    for r in results:
        lines = explain_analysis(safe_path(r.path), r.analysis, r.locate) if r.analysis is not None else []
        yield replace(slim(r), explanation=tuple(lines))


def _finish(results: Sequence[FileResult], *, verbose: bool, exit_zero: bool) -> None:
    if verbose:  # where each model's analysis lost track (lstmlint/interp/explain.py)
        from dataclasses import replace

        from lstmlint.interp.explain import explain_results

        # file names are the user's: no line break of theirs may start a line on stderr, and
        # no control character quoted from their source may reach the terminal
        text = "".join(
            f"{safe_path(r.path)}: judged by Keras {r.target.version}: {r.target.reason}\n"
            for r in results
            if r.target is not None
        )
        text += explain_results([replace(r, path=safe_path(r.path)) for r in results])
        sys.stderr.write("\n".join(printable(line) for line in text.split("\n")))
    failed = [r for r in results if r.internal_error]
    for r in failed:
        click.echo(
            f"lstmlint: internal error while checking {safe_path(r.path)}: {one_line(r.internal_error or '')} "
            "(this is a bug in lstmlint; please report it)",
            err=True,
        )
    if failed:
        sys.exit(EXIT_FAILURE)
    if exit_zero:
        sys.exit(EXIT_CLEAN)
    sys.exit(EXIT_FINDINGS if any(r.fails for r in results) else EXIT_CLEAN)


# ------------------------------------------------------------------ clean
@main.command("clean", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="The cache to empty (default: `cache-dir` in [tool.lstmlint], else .lstmlint_cache).",
)
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Read [tool.lstmlint] from this file."
)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def clean(cache_dir: str | None, config_path: str | None, isolated: bool) -> None:
    """Remove lstmlint's result cache."""
    from lstmlint.run import clean as clean_cache

    try:
        removed = clean_cache(Options(config=config_path, isolated=isolated), cache_dir)
    except ConfigError as e:
        _fail(str(e))
        return
    click.echo(f"removed {removed}" if removed else "no cache to remove")


# ------------------------------------------------------------------ server (lstmlint/server/)
@main.command("server", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--stdio", is_flag=True, help="Speak LSP on standard input/output (the default, and the only transport).")
def server(stdio: bool) -> None:
    """Start the language server for editors (LSP on stdio).

    Needs pygls: pip install 'lstmlint[lsp]'. Editor setup: docs/editors.md.
    """
    from lstmlint.server import main as serve

    sys.exit(serve([]))
