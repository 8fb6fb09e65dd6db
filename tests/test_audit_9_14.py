"""Audit of issues 9 and 14: the requirements that had no test of their own (fast tier).

* issue 14, "Injection": terminal control characters from source comments never reach the
  output of ``--annotate`` in Markdown either (the annotated source block quoted them raw);
* issue 14, "Done when": the README's Security section says what ``--confirm`` runs and what it
  never does, and the page it links to names each hostile case of the issue;
* issue 9, "Done when": the layer-name gate, counted independently of ``tests/unit/test_gates.py``
  and over every family a recurrent, convolution, merge or attention layer belongs to
  (``ConvLSTM2D`` is both a convolution and a recurrent layer);
* issue 14, "Crashes": Keras 1 argument names that Keras 3 refuses are lstmlint's own findings.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmlint.api import lint_source
from lstmlint.cli import main
from lstmlint.layers import spec as layer_spec
from lstmlint.report.annotate import annotated_lines, file_summaries, markdown, source_block

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = (
    "import keras\n"
    "from keras import layers\n"
    "i = keras.Input((10, 4))\n"
    "x = layers.LSTM(8)(i)  # \x1b]0;pwned\x07\x1b[2J\u202e\n"
    "y = layers.LSTM(8)(x)\n"
    "m = keras.Model(i, y)\n"
)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def test_annotated_source_escapes_control_characters_in_every_format() -> None:
    result = lint_source(HOSTILE, "m.py")
    [summary] = file_summaries(result)
    block = "\n".join(source_block(annotated_lines(result, summary)))
    assert not CONTROL.search(block), block
    assert "# \\x1b]0;pwned\\x07\\x1b[2J\\u202e" in block
    assert not CONTROL.search(markdown([result]))


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_annotate_output_has_no_control_characters_from_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.py").write_text(HOSTILE, encoding="utf-8")
    out = CliRunner().invoke(main, ["--no-cache", "--no-color", "--annotate", "--format", fmt, "m.py"])
    assert out.exit_code == 1, out.output
    assert "LST101" in out.output
    assert not CONTROL.search(out.output.replace("\n", "")), repr(CONTROL.search(out.output.replace("\n", "")))
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in out.output


def _section(text: str, heading: str) -> str:
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert m, f"README has no '## {heading}' section"
    return m.group(1)


def test_readme_security_section_says_what_confirm_runs_and_never_does() -> None:
    security = _section((ROOT / "README.md").read_text(encoding="utf-8"), "Security")
    assert "`--confirm`" in security
    assert "never" in security and "imported or run" in security  # what it never does
    assert "allow-listed layers" in security and "python -I" in security  # what it runs, and how
    assert "docs/confirm.md" in security
    page = (ROOT / "docs" / "confirm.md").read_text(encoding="utf-8")
    for case in ("TFSMLayer", "vocabulary", "PYTHONPATH", "RLIMIT_AS", "Dense(32000)", "Lambda"):
        assert case in page, case


GATED = frozenset({"recurrent", "cell", "wrapper", "conv", "conv_recurrent", "merge", "attention"})


def test_every_recurrent_convolution_merge_and_attention_name_is_in_at_most_two_modules() -> None:
    names = {
        n
        for s in layer_spec.all_specs()
        if s.traits.family in GATED or s.traits.recurrent or s.traits.merge
        for n in (s.name, *s.aliases)
    }
    assert {"LSTM", "ConvLSTM2D", "Conv2D", "Bidirectional", "Concatenate", "MultiHeadAttention"} <= names
    where: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "lstmlint").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # docstrings included: stricter than the gate, which leaves documentation out
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                where[node.value].add(str(path.relative_to(ROOT)))
    spread = {n: sorted(m) for n, m in where.items() if len(m) > 2}
    assert not spread, spread


def test_keras1_argument_names_are_lstmlint_findings_under_keras3() -> None:
    result = lint_source(
        "import keras\nfrom keras import layers\ninp = keras.Input(shape=(10, 3))\n"
        "b = layers.Conv1D(nb_filter=8, filter_length=3)(inp)\nc = layers.Dense(output_dim=4)(inp)\n",
        "k1.py",
    )
    assert result.internal_error is None
    assert [(str(d.code), d.line) for d in result.diagnostics] == [("LST402", 4), ("LST402", 4), ("LST402", 5)]


# ------------------------------------------------------------------ issue 14: valid Python that libcst
# cannot parse is "not checked", never a false syntax error
def _strings(n: int, sep: str = " ") -> str:
    return "import keras\nx = (" + sep.join(['"a"'] * n) + ")\n"


@pytest.mark.parametrize("n, sep", [(1_000, " "), (10_000, " "), (5_000, "\n    "), (2_000, " \\\n  # c\n  ")])
def test_long_implicit_string_concatenation_is_not_checked_never_a_syntax_error(n: int, sep: str) -> None:
    text = _strings(n, sep)
    if "#" not in sep:
        compile(text, "s.py", "exec")  # valid Python: CPython compiles it
    result = lint_source(text, "s.py")
    assert result.internal_error is None
    [finding] = result.diagnostics
    assert (str(finding.code), finding.message) == (
        "LST003",
        "file not checked: more than 500 string literals concatenated in one expression",
    )


def test_string_runs_up_to_the_bound_are_checked_and_the_cheap_pass_agrees() -> None:
    from lstmlint.source import guard

    assert guard.check(_strings(guard.MAX_STRINGS)) is None
    assert lint_source(_strings(guard.MAX_STRINGS) + "y = keras.layers.LSTM(4)(keras.Input((3,)))\n").diagnostics
    many_separate = "import keras\n" + "".join(f'x{i} = "a" "b"  # "c"\n' for i in range(2_000))
    assert guard.check(many_separate) is None  # many strings, but no long run
    assert not guard._may_have_string_run(many_separate, guard.MAX_STRINGS)
    runs_of_500 = "x = [" + ", ".join(["(" + " ".join(['"a"'] * 500) + ")"] * 50) + "]\n"
    assert not guard._may_have_string_run(runs_of_500, guard.MAX_STRINGS)  # each run stays within the bound
    assert guard.check(runs_of_500) is None
    for text in (_strings(501), _strings(501, "\n"), _strings(501, ' rb"x" '), _strings(501, "  # c\n")):
        assert guard._may_have_string_run(text, guard.MAX_STRINGS)  # the cheap pass never misses a run
        assert guard._scan(text, guard.MAX_DEPTH) is not None


# ------------------------------------------------------------------ issue 14: --confirm makes no false
# claim on Keras 2 files whose positional arguments Keras 3 names differently
def test_keras2_rebuild_never_hands_a_keras3_positional_name() -> None:
    from lstmlint.confirm.spec import NotRebuildable, StandIns, layer_spec
    from lstmlint.layers import LayerConfig

    cfg = LayerConfig("LeakyReLU", {"negative_slope": 0.2})  # `LeakyReLU(0.2)`: Keras 2 calls it `alpha`
    assert layer_spec(cfg, StandIns())["params"] == {"negative_slope": 0.2}
    with pytest.raises(NotRebuildable, match="not a Keras 2 argument name"):
        layer_spec(cfg, StandIns(), keras="2")
    wrapped = LayerConfig("TimeDistributed", {"layer": cfg})
    with pytest.raises(NotRebuildable, match="not a Keras 2 argument name"):
        layer_spec(wrapped, StandIns(), keras="2")
    dense = LayerConfig("Dense", {"units": 3, "activation": "relu"})  # names both Kerases share
    assert layer_spec(dense, StandIns(), keras="2")["params"] == {"units": 3, "activation": "relu"}


def test_a_reader_that_closes_the_pipe_early_is_no_internal_error() -> None:
    """``lstmlint src --format json | head -c 10``: the reader goes away while lstmlint writes.
    That is a quiet stop with the shell's SIGPIPE status, not "internal error" (exit 2)."""
    import subprocess
    import sys

    paths = [str(ROOT / "tests" / "corpus"), str(ROOT / "fixtures")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "lstmlint", *paths, "--format", "json", "--isolated"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10)  # some output came
    proc.stdout.close()  # and then nobody reads any more
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=300)
    assert "internal error" not in err and "Traceback" not in err, err
    assert code in (1, 141)  # 1 when everything fit in the pipe before it closed


def test_verbose_alone_keeps_no_analysis_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14, "memory": with ``--verbose`` the explanation of each file is written down as its
    result arrives and its tree and analysis are dropped; what is printed is unchanged (the same
    lines as when ``--annotate`` keeps every analysis)."""
    import lstmlint.cli as cli

    kept: list[object] = []
    finish = cli._finish

    def spy(results, **kw):  # type: ignore[no-untyped-def]
        kept.extend(results)
        return finish(results, **kw)

    monkeypatch.setattr(cli, "_finish", spy)
    fixtures = str(ROOT / "fixtures")
    alone = CliRunner().invoke(main, [fixtures, "--verbose", "--isolated", "--no-cache"])
    streamed = list(kept)
    kept.clear()
    both = CliRunner().invoke(main, [fixtures, "--verbose", "--annotate", "--isolated", "--no-cache"])
    assert streamed and all(r.analysis is None and r.module is None for r in streamed)  # type: ignore[attr-defined]
    assert any(r.analysis is not None for r in kept)  # type: ignore[attr-defined]
    said = [line for line in alone.stderr.splitlines() if "model" in line]
    assert said and said == [line for line in both.stderr.splitlines() if "model" in line]
