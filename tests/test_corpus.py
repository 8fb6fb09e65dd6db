"""Precision corpus: realistic Keras programs, each correct one with a buggy twin.

Layout: ``tests/corpus/<name>/good.py`` and ``bad.py`` (or ``good.ipynb`` / ``bad.ipynb``).
The buggy twin marks what lstmlint must report, inline on the reported line (for notebooks:
on the line of the cell source)::

    x = layers.LSTM(8)(x)  # error: LST101
    x = layers.Add()([a, b])  # warning: LST111

``# error: LST???`` marks a real mistake lstmlint has no code for yet: any finding of that
severity on that line counts (the summary then tells which feature is missing).

Two independent checks run on every program:

1. Ground truth with real Keras (the programs are ours, so running them is fine): each
   program is executed once per session, in-process, in a fresh module (tensorflow is
   imported once; ``keras.backend.clear_session()`` between programs). Notebooks run as
   their code cells joined, with ``%``/``!`` magic lines blanked so line numbers map back.
   What the markers mean for Keras:

   * good programs run to the end (they build, and fit when they call ``fit``);
   * ``# error: CODE``: Keras raises, and the innermost frame of the program in the
     traceback lies in the statement of a marked line. A twin may mark several errors when
     the mistake repeats further down (two layers both lack ``return_sequences``): each is a
     real error of the program as written, and Keras confirms the first one it reaches;
   * ``# keras-raises`` on a line: the mistake is one Keras only notices when data flows
     (``initial_state`` widths, attention widths): the program builds, and Keras raises in
     the statement of *this* line (a ``fit`` / ``predict`` / first call). The finding is
     still expected on the ``# error:`` (or ``# warning:``) line, where the mistake is;
   * ``# warning: CODE`` alone: Keras runs the whole program without raising (a silent
     bug such as broadcasting a vector over time).

2. lstmlint (``lstmlint.api.lint_file``) on every program: no error or warning on a good
   program; on a bad twin exactly the marked (line, severity, code) findings. Mismatches
   are reported per program (they are not hidden with xfail): the frontend is still
   growing, and this corpus measures it. ``test_summary`` prints precision and recall.

Run: ``.venv/bin/pytest tests/test_corpus.py -q -rA`` (or ``python tests/test_corpus.py``
for a per-program table without pytest).
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from program_runs import run_program

from lstmlint.api import lint_file
from lstmlint.diagnostics import Severity

CORPUS = Path(__file__).parent / "corpus"
NOT_OURS = {"regressions"}          # tests/corpus/regressions/ belongs to the oracle tests
MIN_PAIRS = 40

MARK = re.compile(r"#\s*(error|warning):\s*(LST[\w?]+(?:\s*,\s*LST[\w?]+)*)")
ANY_CODE = "LST???"                 # a finding of that severity, code not assigned yet
RAISES = re.compile(r"#\s*keras-raises\b")
MAGIC = ("%", "!")


# ----------------------------------------------------------------------------- programs

@dataclass
class Program:
    path: Path
    code: str                                   # Python text that Keras runs (notebooks: joined cells)
    where: dict[int, tuple[int, int] | None]    # code line -> (cell number from 1, line in cell)
    expected: set[tuple[int, str, str]] = field(default_factory=set)   # (code line, severity, code)
    raises_at: int | None = None                # line of `# keras-raises`

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def good(self) -> bool:
        return self.path.stem == "good"

    @property
    def keras_refuses(self) -> bool:
        """The markers say Keras raises on this program (checked by test_keras_ground_truth)."""
        return self.raises_at is not None or any(sev == "error" for _, sev, _ in self.expected)

    @property
    def notebook(self) -> bool:
        return self.path.suffix == ".ipynb"

    def describe(self, line: int) -> str:
        loc = self.where.get(line)
        if loc is None:
            return f"line {line}"
        return f"cell {loc[0]} line {loc[1]}"


def _notebook_code(path: Path) -> tuple[str, dict[int, tuple[int, int] | None]]:
    """Code cells joined in order; magic lines blanked so every line keeps its number."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out: list[str] = []
    where: dict[int, tuple[int, int] | None] = {}
    for index, cell in enumerate(nb["cells"], start=1):   # cells counted from 1, markdown included
        if cell.get("cell_type") != "code":
            continue
        src = cell["source"]
        text = "".join(src) if isinstance(src, list) else src
        for n, line in enumerate(text.splitlines(), start=1):
            out.append("" if line.lstrip().startswith(MAGIC) else line)
            where[len(out)] = (index, n)
        out.append("")          # separator between cells
        where[len(out)] = None
    return "\n".join(out) + "\n", where


def load(path: Path) -> Program:
    if path.suffix == ".ipynb":
        code, where = _notebook_code(path)
    else:
        code = path.read_text(encoding="utf-8")
        where = {}
    prog = Program(path, code, where)
    for lineno, line in enumerate(code.splitlines(), start=1):
        for m in MARK.finditer(line):
            for c in re.split(r"\s*,\s*", m.group(2)):
                prog.expected.add((lineno, m.group(1), c))
        if RAISES.search(line):
            prog.raises_at = lineno
    return prog


def _discover() -> list[Path]:
    found = []
    for d in sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name not in NOT_OURS):
        found += sorted(f for f in d.iterdir() if f.stem in ("good", "bad") and f.suffix in (".py", ".ipynb"))
    return found


PATHS = _discover()
PROGRAMS = {p: load(p) for p in PATHS}
IDS = [PROGRAMS[p].name for p in PATHS]


def test_corpus_layout() -> None:
    pairs = sorted({p.parent for p in PATHS})
    assert len(pairs) >= MIN_PAIRS, f"only {len(pairs)} program pairs"
    notebooks = [d for d in pairs if (d / "good.ipynb").exists()]
    assert len(notebooks) >= 2
    for d in pairs:
        exts = {f.suffix for f in d.iterdir() if f.stem in ("good", "bad")}
        assert len(exts) == 1, f"{d.name}: good and bad must be the same kind of file"
        ext = exts.pop()
        good, bad = PROGRAMS.get(d / f"good{ext}"), PROGRAMS.get(d / f"bad{ext}")
        assert good is not None and bad is not None, f"{d.name}: needs good{ext} and bad{ext}"
        assert not good.expected and good.raises_at is None, f"{d.name}: good twin carries a marker"
        assert bad.expected, f"{d.name}: bad twin marks no expected finding"
        for _, _, code in bad.expected:
            assert re.fullmatch(r"LST\d{3}", code) or code == ANY_CODE, f"{d.name}: bad marker code {code!r}"
        if bad.raises_at is not None:
            assert bad.raises_at not in {line for line, _, _ in bad.expected}, d.name


# ----------------------------------------------------------------------------- Keras side

@dataclass(frozen=True)
class Run:
    raised: bool
    line: int | None = None          # innermost line of the program in the traceback
    error: str = ""


def _statement_span(code: str, line: int) -> tuple[int, int]:
    """First and last line of the innermost statement that contains ``line``."""
    best = (line, line)
    size = None
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno):
            span = (node.end_lineno or node.lineno) - node.lineno
            if size is None or span < size:
                best, size = (node.lineno, node.end_lineno or node.lineno), span
    return best


class KerasRunner:
    """Runs each program once per session with real Keras and remembers the outcome."""

    def __init__(self) -> None:
        import keras
        import tensorflow  # noqa: F401

        self.keras = keras
        self.cache: dict[Path, Run] = {}

    def __call__(self, prog: Program) -> Run:
        if prog.path not in self.cache:
            self.cache[prog.path] = self._run(prog)
        return self.cache[prog.path]

    def _run(self, prog: Program) -> Run:
        # one run per program and session, shared with tests/test_differential_programs.py
        run = run_program(prog.code, str(prog.path.resolve()))
        if not run.raised:
            return Run(False)
        text = run.error_text.strip()
        msg = f"{run.error_type}: {text.splitlines()[0] if text else ''}"
        return Run(True, run.line, msg[:300])


@pytest.fixture(scope="session")
def keras_run() -> KerasRunner:
    return KerasRunner()


def keras_verdict(prog: Program, run: Run) -> str | None:
    """None when Keras behaves as the markers say, else what differs."""
    if prog.good:
        if run.raised:
            where = prog.describe(run.line) if run.line is not None else "outside the program's lines"
            return f"good program raised at {where}: {run.error}"
        return None
    errors = sorted(line for line, sev, _ in prog.expected if sev == "error")
    if prog.raises_at is not None:
        targets = [prog.raises_at]
    elif errors:
        targets = errors
    else:
        return f"a warning-only twin must run to the end, but Keras raised: {run.error}" if run.raised else None
    if not run.raised:
        return f"Keras ran the program without error; expected a raise at {prog.describe(targets[0])}"
    if run.line is None:
        return f"Keras raised outside the program's own lines: {run.error}"
    first, last = _statement_span(prog.code, run.line)
    if not any(first <= t <= last for t in targets):
        return f"Keras raised at {prog.describe(run.line)} ({run.error}); marker at {prog.describe(targets[0])}"
    return None


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_keras_ground_truth(path: Path, keras_run: KerasRunner) -> None:
    prog = PROGRAMS[path]
    problem = keras_verdict(prog, keras_run(prog))
    assert problem is None, f"{prog.name}: {problem}"


def test_keras_verdict_checks_the_line(keras_run: KerasRunner) -> None:
    """The ground-truth check is not vacuous: a marker on another line, or on a program Keras
    runs, is rejected."""
    bad = PROGRAMS[CORPUS / "helper_build_model" / "bad.py"]
    good = PROGRAMS[CORPUS / "helper_build_model" / "good.py"]
    assert keras_verdict(bad, keras_run(bad)) is None
    (line, sev, code), = bad.expected
    moved = Program(bad.path, bad.code, bad.where, {(line + 1, sev, code)})
    assert "marker at line" in (keras_verdict(moved, keras_run(bad)) or "")
    as_bad = Program(CORPUS / "helper_build_model" / "bad.py", good.code, {}, {(line, sev, code)})
    assert "without error" in (keras_verdict(as_bad, keras_run(good)) or "")


def test_notebook_lines_map_back_to_cells() -> None:
    nb = PROGRAMS[CORPUS / "notebook_sine_forecast" / "bad.ipynb"]
    cells = json.loads(nb.path.read_text(encoding="utf-8"))["cells"]
    (line, _, _), = nb.expected
    cell, cell_line = nb.where[line]
    source = "".join(cells[cell - 1]["source"]).splitlines()
    assert "# error: LST101" in source[cell_line - 1]
    magics = [ln for ln in nb.code.splitlines() if ln.lstrip().startswith(MAGIC)]
    assert not magics and "%matplotlib inline" in nb.path.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- lstmlint side

REPORTED = (Severity.ERROR, Severity.WARNING)


def _diag_line(prog: Program, d) -> int:
    """The diagnostic's line in ``prog.code`` numbering (notebooks: map cell positions)."""
    if not prog.notebook:
        return d.line
    cell = d.data.get("cell") if isinstance(d.data, dict) else None
    if cell is not None:
        cell_line = d.data.get("cell_line", d.line)
        for line, loc in prog.where.items():
            if loc == (cell, cell_line):
                return line
    return d.line


@dataclass
class LintOutcome:
    found: set[tuple[int, str, str]]
    internal_error: str | None
    missed: set[tuple[int, str, str]]
    extra: set[tuple[int, str, str]]
    messages: dict[tuple[int, str, str], str]


def lint_outcome(prog: Program) -> LintOutcome:
    result = lint_file(str(prog.path))
    found: set[tuple[int, str, str]] = set()
    messages: dict[tuple[int, str, str], str] = {}
    for d in result.diagnostics:
        if d.severity in REPORTED:
            key = (_diag_line(prog, d), d.severity.value, d.code)
            found.add(key)
            messages[key] = d.message
    exact = prog.expected & found
    missed, extra = prog.expected - exact, found - exact
    for want in sorted(k for k in missed if k[2] == ANY_CODE):
        hit = next((k for k in sorted(extra) if k[:2] == want[:2]), None)
        if hit is not None:            # `LST???`: any code of that severity on that line
            missed.discard(want)
            extra.discard(hit)
    return LintOutcome(found, result.internal_error, missed, extra, messages)


def near_miss(prog: Program, key: tuple[int, str, str], missed: set[tuple[int, str, str]]):
    """The missed marker this extra finding stands for, when both lie in one statement."""
    for want in sorted(missed):
        if want[1] == key[1] and want[2] in (key[2], ANY_CODE):
            first, last = _statement_span(prog.code, want[0])
            if first <= key[0] <= last:
                return want
    return None


def lint_verdict(prog: Program, out: LintOutcome) -> str | None:
    parts = []
    if out.internal_error:
        parts.append(f"lstmlint failed internally: {out.internal_error}")
    missed = set(out.missed)
    for key in sorted(out.extra):
        near = near_miss(prog, key, missed)
        if near is not None:
            missed.discard(near)
            parts.append(
                f"WRONG LINE {key[1]}[{key[2]}] reported at {prog.describe(key[0])}, "
                f"marked at {prog.describe(near[0])} (same statement)"
            )
            continue
        if prog.keras_refuses:
            kind = "UNCONFIRMED (Keras stopped at its first error)"
        else:
            kind = "FALSE ALARM" if key[1] == "error" else "unexpected warning"
        parts.append(f"{kind} {key[1]}[{key[2]}] at {prog.describe(key[0])}: {out.messages.get(key, '')}")
    for line, sev, code in sorted(missed):
        parts.append(f"MISSED {sev}[{code}] at {prog.describe(line)}")
    return "; ".join(parts) or None


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_lstmlint(path: Path) -> None:
    prog = PROGRAMS[path]
    problem = lint_verdict(prog, lint_outcome(prog))
    assert problem is None, f"{prog.name}: {problem}"


# ----------------------------------------------------------------------------- summary

def summarize(outcomes: dict[Path, LintOutcome]) -> dict:
    expected = sum(len(PROGRAMS[p].expected) for p in outcomes)
    tp = sum(len(PROGRAMS[p].expected) - len(o.missed) for p, o in outcomes.items())
    reported = sum(len(o.found) for o in outcomes.values())
    false_alarm_errors = sum(
        1 for p, o in outcomes.items() for k in o.extra if k[1] == "error" and not PROGRAMS[p].keras_refuses
    )
    wrong_line = 0
    for p, o in outcomes.items():
        missed = set(o.missed)
        for key in o.extra:
            near = near_miss(PROGRAMS[p], key, missed)
            if near is not None:
                missed.discard(near)
                wrong_line += 1
    unconfirmed = sum(len(o.extra) for p, o in outcomes.items() if PROGRAMS[p].keras_refuses) - wrong_line
    good = [p for p in outcomes if PROGRAMS[p].good]
    bad = [p for p in outcomes if not PROGRAMS[p].good]
    return {
        "programs": len(outcomes),
        "pairs": len({p.parent for p in outcomes}),
        "expected": expected,
        "true_positives": tp,
        "reported": reported,
        "precision": tp / reported if reported else 1.0,
        "recall": tp / expected if expected else 1.0,
        "false_alarm_errors": false_alarm_errors,
        "unconfirmed_extra": unconfirmed,
        "wrong_line": wrong_line,
        "good_clean": sum(1 for p in good if not outcomes[p].found),
        "good_total": len(good),
        "bad_exact": sum(1 for p in bad if not outcomes[p].missed and not outcomes[p].extra),
        "bad_total": len(bad),
        "internal_errors": sum(1 for o in outcomes.values() if o.internal_error),
    }


def summary_line(s: dict) -> str:
    return (
        f"lstmlint corpus: {s['pairs']} pairs / {s['programs']} programs; "
        f"precision {s['precision']:.2f} ({s['true_positives']}/{s['reported']} findings), "
        f"recall {s['recall']:.2f} ({s['true_positives']}/{s['expected']} marked); "
        f"good twins clean {s['good_clean']}/{s['good_total']}, "
        f"bad twins exact {s['bad_exact']}/{s['bad_total']}, "
        f"false-alarm errors on Keras-clean programs {s['false_alarm_errors']}, "
        f"findings on the marked statement but another line {s['wrong_line']}, "
        f"other extra findings on Keras-refused programs {s['unconfirmed_extra']}, "
        f"internal errors {s['internal_errors']}"
    )


def test_summary(capsys) -> None:
    outcomes = {p: lint_outcome(PROGRAMS[p]) for p in PATHS}
    s = summarize(outcomes)
    assert s["pairs"] >= MIN_PAIRS and s["expected"] >= s["pairs"]
    assert 0.0 <= s["precision"] <= 1.0 and 0.0 <= s["recall"] <= 1.0
    with capsys.disabled():
        print("\n" + summary_line(s))


def main() -> int:
    """Per-program table (lstmlint side, plus Keras with --keras) without pytest."""
    with_keras = "--keras" in sys.argv
    runner = KerasRunner() if with_keras else None
    outcomes = {}
    for p in PATHS:
        prog = PROGRAMS[p]
        out = outcomes[p] = lint_outcome(prog)
        problems = [lint_verdict(prog, out)]
        if runner is not None:
            k = keras_verdict(prog, runner(prog))
            problems.append(f"KERAS: {k}" if k else None)
        text = "; ".join(x for x in problems if x)
        print(f"{'ok  ' if not text else 'FAIL'} {prog.name:55s} {text}")
    print(summary_line(summarize(outcomes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
