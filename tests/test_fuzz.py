"""Fuzzing (issue 14): random programs and mutated corpus programs never crash lstmlint.

Asserted for every input: no traceback, no internal error (exit 2), exit status 0 or 1 only, and
every other file of the run still reported. Fast tier (no TensorFlow), under a minute by default;
``LSTMLINT_FUZZ=N`` multiplies the number of inputs (a nightly-style run: ``LSTMLINT_FUZZ=20``).

* ``hypothesmith`` programs (grammatically valid Python) are linted in process, with a Keras
  import in front so the analysis runs, alone and as a notebook cell;
* corpus programs (``tests/corpus/*/{bad,good}.py``) are mutated with a seeded random generator
  (slices deleted, duplicated or swapped, hostile snippets inserted: deep nesting, NUL, U+2028,
  lone surrogates, IPython magics, odd coding cookies, non-finite and huge numbers), written to
  one folder as ``.py`` files and notebooks with a known-bad sentinel file last, and the real CLI
  checks the folder in one subprocess with ``--jobs 1``, so a native crash would lose the run.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmlint.api import lint_source, lint_text
from lstmlint.codes import Code

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")   # hypothesmith's programs warn when compiled

SCALE = max(1, int(os.environ.get("LSTMLINT_FUZZ", "1") or 1))
CORPUS = Path(__file__).parent / "corpus"
KNOWN = {str(c) for c in Code}
PREFIX = "import keras\nfrom keras import layers\n"
SENTINEL = "from keras import layers, Input\nx = Input((4, 3))\ny = layers.LSTM(4)(layers.Dense(3)(x)[:, 0])\n"


def _notebook(cells: list[str]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
                       "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                  "source": c.splitlines(keepends=True)} for c in cells]})


# ------------------------------------------------------------------ hypothesmith, in process
@pytest.mark.skipif(importlib.util.find_spec("hypothesmith") is None, reason="hypothesmith is not installed")
@settings(max_examples=60 * SCALE, deadline=None, derandomize=SCALE == 1,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(st.deferred(lambda: importlib.import_module("hypothesmith").from_grammar()))
def test_random_valid_programs_never_crash(program: str) -> None:
    result = lint_source(PREFIX + program, "fuzz.py")
    assert result.internal_error is None, result.internal_error
    assert {str(d.code) for d in result.diagnostics} <= KNOWN
    as_cell = lint_text(_notebook([PREFIX, program]), "fuzz.ipynb")
    assert as_cell.internal_error is None, as_cell.internal_error


# ------------------------------------------------------------------ corpus mutations, through the CLI
SNIPPETS = [
    "(", ")", "[", "]", "{", "}", ":", ",", "\n", "    ", "\t", "\\\n", "'''", '"', "#", "=", "*", "**",
    "\x00", "\u2028", "\x0c", "\ud800", "\ufeff", "é", "lambda: ", "yield ", "await ", "async ", "del x\n",
    "float('nan')", "1e999", "-1e999", "9" * 4400, "0", "-3", "None", "True", "'a'", "...",
    "layers.LSTM(", "return_sequences=True", "Input(shape=(", "layers.Dense(4)(", ")(x)",
    "%pip install -q keras\n", "!ls\n", "files = !ls\n", "x.shape??\n", "%%time\n",
    " and ".join(["a"] * 3000), "lambda: " * 3000, "(" * 600, "[0]" * 700, "-" * 600 + "1", ".b" * 900,
    "global x\n", "nonlocal y\n", "return\n", "class C(layers.Layer):\n    pass\n",
    "def f(*a, **k):\n    return f(*a, **k)\n", "for i in range(10**9):\n    pass\n", "while True:\n    pass\n",
]
COOKIES = ["# coding: utf-7\n", "# coding: latin-1\n", "# coding: idna\n", "# coding: unicode_escape\n",
           "# -*- coding: nope -*-\n", "\ufeff"]


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        n = len(text)
        i, j = sorted((rng.randint(0, n), rng.randint(0, n)))
        op = rng.randrange(7)
        if op == 0:
            text = text[:i] + text[j:]                              # delete a slice
        elif op == 1:
            text = text[:j] + text[i:j] + text[j:]                  # duplicate a slice
        elif op == 2:
            text = text[:i] + rng.choice(SNIPPETS) + text[i:]        # insert something hostile
        elif op == 3:
            lines = text.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]                 # swap two lines
            text = "\n".join(lines)
        elif op == 4:
            text = text[:i]                                         # truncate
        elif op == 5:
            text = rng.choice(COOKIES) + text                       # a coding cookie or BOM
        else:
            digits = [k for k, ch in enumerate(text) if ch.isdigit()]
            if digits:                                              # a number becomes a strange one
                k = rng.choice(digits)
                text = text[:k] + rng.choice(["0", "-1", "1e999", "float('nan')", "9" * 4400, "0.5"]) + text[k + 1:]
    return text


@functools.cache
def _corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.py"))]
    assert len(texts) > 50
    return texts


def _write_inputs(folder: Path, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    corpus = _corpus()
    names = []
    for k in range(count):
        text = _mutate(rng.choice(corpus), rng)
        if rng.random() < 0.2:
            cells = text.split("\n\n")
            data = _notebook(cells).encode("utf-8", "surrogatepass")
            name = f"m{k:04d}.ipynb"
        else:
            data = text.encode("utf-8", "surrogatepass")     # a lone surrogate stays as its (invalid) bytes
            name = f"m{k:04d}.py"
        (folder / name).write_bytes(data)
        names.append(name)
    (folder / "zzzz_sentinel.py").write_text(SENTINEL)
    return names


@pytest.mark.parametrize("seed", range(SCALE))
def test_mutated_corpus_programs_never_crash_or_lose_the_run(tmp_path: Path, seed: int) -> None:
    names = _write_inputs(tmp_path, 250, seed)
    out = subprocess.run(
        [sys.executable, "-m", "lstmlint", "--no-cache", "--jobs", "1", "--format", "json", "--quiet", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    assert "internal error" not in out.stderr, out.stderr[-3000:]
    assert out.returncode in (0, 1), (out.returncode, out.stderr[-3000:])
    findings = json.loads(out.stdout)
    assert {f["code"] for f in findings} <= KNOWN
    reported = {f["path"] for f in findings}
    assert "zzzz_sentinel.py" in reported                       # the run reached the last file
    assert any(f["path"] == "zzzz_sentinel.py" and f["code"] == "LST101" for f in findings)
    assert reported <= set(names) | {"zzzz_sentinel.py"}


@given(st.sampled_from(SNIPPETS), st.sampled_from(SNIPPETS), st.integers(0, 10_000))
@settings(max_examples=40 * SCALE, deadline=None, derandomize=SCALE == 1)
def test_hostile_snippets_in_process(a: str, b: str, seed: int) -> None:
    rng = random.Random(seed)
    base = rng.choice(_corpus())
    at = rng.randint(0, len(base))
    text = base[:at] + a + b + base[at:]
    if "\ud800" in text or "\x00" in text:
        text = text.replace("\ud800", "").replace("\x00", "")   # not Python text: the CLI test covers them
    result = lint_source(text, "snippet.py")
    assert result.internal_error is None, result.internal_error

