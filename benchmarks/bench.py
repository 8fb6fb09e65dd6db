"""Measure lstmlint's cost against libcst.parse_module alone, and the CLI's startup time.

    python benchmarks/bench.py [--files 700] [--repeat 3]

It writes a synthetic corpus of Keras programs (copies of fixtures/ with varied names, plus
larger generated models and files that never mention Keras) to a temporary folder, then
reports, for the same files: reading + parsing only; the full lint (analysis and reporting of
every finding, positions included); and the wall time of `lstmlint --version` and of
`lstmlint` on one file in a fresh process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import libcst as cst  # noqa: E402

from lstmlint.api import lint_file  # noqa: E402


def generated_model(k: int) -> str:
    """A larger functional model with residual LSTM blocks; every 7th has a width bug."""
    lines = ["import tensorflow as tf", "from tensorflow.keras import layers", f"T, F = {10 + k % 5}, {3 + k % 4}",
             "inputs = tf.keras.Input(shape=(T, F))", "x = layers.LSTM(32, return_sequences=True)(inputs)"]
    for b in range(12):
        width = 32 if (k % 7 or b != 5) else 48
        lines += [
            f"h{b} = layers.LSTM({width}, return_sequences=True)(x)",
            f"h{b} = layers.Dropout(0.1)(h{b})",
            f"x = layers.Add()([x, h{b}])",
            "x = layers.LayerNormalization()(x)",
        ]
    lines += ["x = layers.LSTM(16)(x)", "out = layers.Dense(1)(x)", "model = tf.keras.Model(inputs, out)"]
    lines += [f"def helper_{i}(a, b):\n    return a * b + {i}\n" for i in range(20)]
    return "\n".join(lines) + "\n"


def plain_module(k: int) -> str:
    return "\n".join(f"def f{i}(x):\n    return [y * {i} for y in range(x)]\n" for i in range(40 + k % 10))


def build_corpus(folder: Path, n: int) -> list[Path]:
    fixtures = sorted((ROOT / "fixtures").rglob("*.py"))
    paths = []
    for k in range(n):
        if k % 5 == 4:
            text = plain_module(k)
        elif k % 5 == 3:
            text = generated_model(k)
        else:
            text = fixtures[k % len(fixtures)].read_text(encoding="utf-8")
        p = folder / f"m{k:04d}.py"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def timed(fn, repeat: int) -> float:
    best = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best.append(time.perf_counter() - t0)
    return min(best)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=700)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_corpus(Path(tmp), args.files)

        def parse_all() -> None:
            for p in paths:
                cst.parse_module(p.read_text(encoding="utf-8"))

        findings = 0

        def lint_all() -> None:
            nonlocal findings
            findings = sum(len(lint_file(str(p)).diagnostics) for p in paths)

        t_parse = timed(parse_all, args.repeat)
        t_lint = timed(lint_all, args.repeat)
        exe = [sys.executable, "-m", "lstmlint"]
        t_version = statistics.median(
            timed(lambda: subprocess.run(exe + ["--version"], capture_output=True, check=True), 1) for _ in range(5)
        )
        one = str(ROOT / "fixtures" / "bad" / "seed000_skip_concat.py")
        t_one = statistics.median(
            timed(lambda: subprocess.run(exe + [one], capture_output=True), 1) for _ in range(5)
        )
    print(f"files: {args.files} ({findings} findings)")
    print(f"parse only (libcst.parse_module, all files): {t_parse:.2f} s  ({1000 * t_parse / args.files:.2f} ms/file)")
    print(f"lstmlint (read, parse, analyse, report):     {t_lint:.2f} s  ({1000 * t_lint / args.files:.2f} ms/file)")
    print(f"ratio lint / parse: {t_lint / t_parse:.2f}")
    print(f"startup `lstmlint --version`: {1000 * t_version:.0f} ms; one file end to end: {1000 * t_one:.0f} ms")


if __name__ == "__main__":
    main()
