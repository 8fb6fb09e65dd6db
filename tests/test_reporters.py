"""Every reporter, fed the same list of findings (tests/reporter_data.py): snapshots, the SARIF
schema, GitHub's escaping, colour rules and the command line."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from reporter_data import BAD, ODD_PATH, check_snapshot, shared_results

from lstmlint import __version__
from lstmlint.api import lint_source
from lstmlint.cli import main
from lstmlint.diagnostics import Severity
from lstmlint.report import FORMATS, get_reporter, use_color
from lstmlint.report.github import escape_data, escape_property
from lstmlint.report.sarif import FINGERPRINT_KEY, sarif_log
from lstmlint.rules import RULES

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def render(fmt: str, **options) -> str:
    buf = io.StringIO()
    get_reporter(fmt)(list(shared_results()), buf, color=False, **options)
    return buf.getvalue()


def all_diagnostics():
    return [d for r in shared_results() for d in r.diagnostics]


def test_shared_findings_are_real() -> None:
    codes = [(d.path, d.line, d.code) for d in all_diagnostics()]
    assert codes == [
        ("models/seq2seq.py", 8, "LST111"),
        ("models/seq2seq.py", 9, "LST101"),
        ("models/seq2seq.py", 17, "LST106"),
        (ODD_PATH, 2, "LST103"),
    ]


def test_every_format_is_registered() -> None:
    assert set(FORMATS) == {"text", "concise", "json", "sarif", "github", "markdown"}
    for name in FORMATS:
        assert callable(get_reporter(name))


# ------------------------------------------------------------------ snapshots
@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "markdown"])
def test_snapshot(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    check_snapshot(f"report.{fmt}.txt", render(fmt))


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_snapshot_annotated(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    check_snapshot(f"report.{fmt}.annotate.txt", render(fmt, annotate=True))


def sarif_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    text = render("sarif")
    root = tmp_path.resolve().as_uri() + "/"
    assert root in text
    return text.replace(root, "file:///project/").replace(f'"{__version__}"', '"VERSION"')


def test_snapshot_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The results as they are written; the rule metadata (which follows the registry, edited
    with every new rule) and the rule indexes are checked against RULES in the next tests."""
    log = json.loads(sarif_text(tmp_path, monkeypatch))
    driver = log["runs"][0]["tool"]["driver"]
    assert len(driver["rules"]) == len(RULES)
    driver["rules"] = "<one entry per code of lstmlint.rules.RULES>"
    for result in log["runs"][0]["results"]:
        assert result.pop("ruleIndex") >= 0
    check_snapshot("report.sarif.json", json.dumps(log, indent=2, ensure_ascii=False) + "\n")


# ------------------------------------------------------------------ SARIF
def test_sarif_validates_against_the_official_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    log = json.loads(sarif_text(tmp_path, monkeypatch))
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(str(e) for e in errors[:3])
    # and the schema does reject a broken log (the check is real)
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))


def test_sarif_content_for_code_scanning() -> None:
    log = sarif_log(list(shared_results()), root="/project")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lstmlint" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    for r in rules:
        rule = RULES[r["id"]]
        assert r["name"] == rule.name
        assert r["shortDescription"]["text"] == rule.summary
        assert r["fullDescription"]["text"] == rule.what
        assert rule.why in r["help"]["text"] and rule.code in r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[
            rule.severity.value]
    diags = all_diagnostics()
    assert len(run["results"]) == len(diags)
    for res, d in zip(run["results"], diags):
        assert res["ruleId"] == d.code
        assert rules[res["ruleIndex"]]["id"] == d.code
        assert res["level"] == {Severity.ERROR: "error", Severity.WARNING: "warning"}[d.severity]
        assert res["message"]["text"].startswith(d.message)
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert (region["startLine"], region["startColumn"]) == (d.span.line, d.span.column)   # 1-based
        end_column = d.span.end_column
        if d.span.end_line == d.span.line:
            end_column = max(end_column, d.span.column + 1)      # an empty span becomes one character
        assert (region["endLine"], region["endColumn"]) == (d.span.end_line, end_column)
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        secondary = [lb for lb in d.labels if not lb.primary]
        assert [r["message"]["text"] for r in res.get("relatedLocations", [])] == [lb.message for lb in secondary]
        assert re.fullmatch(r"[0-9a-f]{32}:\d+", res["partialFingerprints"][FINGERPRINT_KEY])
    uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in run["results"]]
    assert uris[0] == "models/seq2seq.py"
    assert uris[-1] == "odd%20dir/a%2Cb%3Ac%25.py"       # a valid relative URI reference
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///project/"


def test_sarif_fingerprints_survive_moved_lines() -> None:
    """Code scanning tracks a finding across commits: inserting lines above it changes its
    region but not its fingerprint; changing the flagged line does change it."""
    before = sarif_log([lint_source(BAD, "m.py")], root="/p")["runs"][0]["results"]
    moved = "# a new comment\n\nimport os\n" + BAD
    after = sarif_log([lint_source(moved, "m.py")], root="/p")["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] + 3 for r in before] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    assert len({r["partialFingerprints"][FINGERPRINT_KEY] for r in before}) == len(before)
    edited = BAD.replace("lstm2 = layers.LSTM(units)(lstm1)", "lstm2 = layers.GRU(units)(lstm1)")
    changed = sarif_log([lint_source(edited, "m.py")], root="/p")["runs"][0]["results"]
    assert changed[0]["partialFingerprints"] == before[0]["partialFingerprints"]
    assert changed[1]["partialFingerprints"] != before[1]["partialFingerprints"]


def test_sarif_duplicate_findings_get_distinct_fingerprints() -> None:
    code = textwrap.dedent("""\
        from keras import layers, Input
        x = Input(shape=(5,))
        a = layers.LSTM(2)(x); b = layers.LSTM(2)(x)
    """)
    results = sarif_log([lint_source(code, "d.py")], root="/p")["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert len(prints) == 2 and len(set(prints)) == 2
    assert prints[0].split(":")[0] == prints[1].split(":")[0]


def test_sarif_reports_tool_failures_as_notifications() -> None:
    from lstmlint.api import FileResult

    log = sarif_log([FileResult("x.py", internal_error="RuntimeError: boom")], root="/p")
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "boom" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert log["runs"][0]["results"] == []
    assert not list(jsonschema.Draft4Validator(SCHEMA).iter_errors(log))


def test_sarif_path_outside_root_is_an_absolute_uri(tmp_path: Path) -> None:
    outside = tmp_path / "other" / "m.py"
    res = sarif_log([lint_source(BAD, str(outside))], root=str(tmp_path / "repo"))["runs"][0]["results"][0]
    loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in loc and loc["uri"] == outside.as_uri()


# ------------------------------------------------------------------ GitHub
def unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]], text)


def test_github_escaping_rules() -> None:
    assert escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_annotations_round_trip() -> None:
    lines = render("github").splitlines()
    commands = [ln for ln in lines if ln.startswith("::")]
    diags = all_diagnostics()
    assert len(commands) == len(diags)
    for line, d in zip(commands, diags):
        m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        assert m, line
        assert m[1] == {Severity.ERROR: "error", Severity.WARNING: "warning"}[d.severity]
        props = dict(p.split("=", 1) for p in m[2].split(","))
        props = {k: unescape(v) for k, v in props.items()}
        assert props == {
            "file": d.path, "line": str(d.span.line), "col": str(d.span.column), "endLine": str(d.span.end_line),
            "endColumn": str(d.span.end_column), "title": d.code,
        }
        message = unescape(m[3])
        assert message.startswith(d.message)
        assert "\n" not in m[3] and "\r" not in m[3]
        if d.help:
            assert message.endswith(f"help: {d.help}")
    assert lines[-1].startswith("lstmlint: 3 error(s), 1 warning(s)")


# ------------------------------------------------------------------ Markdown
def test_markdown_has_counts_excerpts_and_help() -> None:
    text = render("markdown")
    assert "| LST101 | `recurrent-input-not-a-sequence` | error | 1 |" in text
    for d in all_diagnostics():
        assert f"`{d.path}:{d.span.line}:{d.span.column}`" in text
        if d.help:
            assert f"**help:** {d.help}" in text
    assert "lstm2 = layers.LSTM(units)(lstm1)" in text            # source excerpt
    assert "(None, 32): `return_sequences` is False" in text       # shapes from the labels
    assert "## Models" not in text


# ------------------------------------------------------------------ colour
class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_color_only_on_a_terminal_and_never_with_no_color() -> None:
    assert use_color(FakeTTY(), environ={}) is True
    assert use_color(io.StringIO(), environ={}) is False
    assert use_color(FakeTTY(), no_color=True, environ={}) is False
    assert use_color(FakeTTY(), environ={"NO_COLOR": "1"}) is False
    assert use_color(FakeTTY(), environ={"NO_COLOR": ""}) is True    # no-color.org: empty does not count


@pytest.mark.parametrize("annotate", [False, True])
def test_text_colour_codes_follow_the_flag(annotate: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    plain, coloured = io.StringIO(), io.StringIO()
    get_reporter("text")(list(shared_results()), plain, color=False, annotate=annotate)
    get_reporter("text")(list(shared_results()), coloured, color=True, annotate=annotate)
    assert "\x1b[" not in plain.getvalue()
    assert "\x1b[" in coloured.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()).count("error[") == plain.getvalue().count("error[")


# ------------------------------------------------------------------ command line
@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.py"
    path.write_text(BAD, encoding="utf-8")
    return path


def run_cli(args: list[str], env: dict | None = None):
    return CliRunner().invoke(main, ["--isolated", *args], env=env or {}, catch_exceptions=False)


def test_cli_sarif_is_valid(bad_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bad_file.parent)
    result = run_cli(["--format", "sarif", "bad.py"])
    assert result.exit_code == 1
    log = json.loads(result.output)
    assert not list(jsonschema.Draft4Validator(SCHEMA).iter_errors(log))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["LST111", "LST101", "LST106"]


def test_cli_github_and_markdown(bad_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bad_file.parent)
    github = run_cli(["--format", "github", "bad.py"])
    assert github.exit_code == 1
    assert github.output.startswith("::warning file=bad.py,line=8,col=10,")
    md = run_cli(["--format", "markdown", "--annotate", "bad.py"])
    assert md.exit_code == 1
    assert "## Models" in md.output and "| `lstm` (LSTM) | (None, 32) | 4,992 |" in md.output


def test_cli_annotate_needs_a_human_format(bad_file: Path) -> None:
    result = CliRunner().invoke(main, ["--isolated", "--format", "sarif", "--annotate", str(bad_file)])
    assert result.exit_code == 2
    assert "--annotate" in result.output


def test_cli_no_color_env_and_flag(bad_file: Path) -> None:
    for args, env in (([], {"NO_COLOR": "1"}), (["--no-color"], {})):
        result = run_cli([*args, "--annotate", str(bad_file)], env=env)
        assert "\x1b[" not in result.output
        assert "Total params: 5,249" in result.output


def _run_on_a_terminal(path: Path, env_extra: dict[str, str], *args: str) -> str:
    """Run the real command with its stdout on a pseudo-terminal; return what it printed."""
    import os
    import subprocess
    import sys

    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "120", **env_extra})
    proc = subprocess.Popen([sys.executable, "-m", "lstmlint", "--isolated", *args, str(path)],
                            stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:        # the terminal closed: the command is done
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
def test_real_terminal_gets_colour_unless_told_not_to(bad_file: Path) -> None:
    assert "\x1b[" in _run_on_a_terminal(bad_file, {})
    assert "\x1b[" not in _run_on_a_terminal(bad_file, {"NO_COLOR": "1"})
    plain = _run_on_a_terminal(bad_file, {}, "--no-color")
    assert "\x1b[" not in plain and "error[LST101]" in plain
