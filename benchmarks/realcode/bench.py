"""lstmlint's speed on real code, as ratios to libcst's own parse of the same files.

    python benchmarks/realcode/fetch.py              # once: the corpus (see fetch.py)
    python benchmarks/realcode/bench.py [--repeat 5] [--cache DIR] [--profile]

Every measurement is a whole process (interpreter start and imports included), and the
variants run in one session, alternating round by round, so that a busy machine slows them
all alike; the figures are medians. Measured on the corpus folder:

* parse:      one process that reads and ``libcst.parse_module``-s every file;
* cold:       ``lstmlint --format json --jobs 1`` with an empty cache (analysis + cache writes);
* warm:       the same again, nothing changed (every file answered from the cache);
* cold -j2:   ``--jobs 2`` with an empty cache (both cores);
* no-cache:   ``--jobs 1 --no-cache`` on all files and on the first half, for peak memory;
* startup:    ``lstmlint --version``.

Peak memory is the child's maximum resident set (``wait4``). ``--profile`` adds a cProfile
of the analysis of every file in this process, top functions by own time and cumulative time.
The targets (issue 13): cold <= 1.5x parse, warm <= 0.3x parse, -j2 >= 40 % less wall than -j1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from fetch import default_cache  # noqa: E402

PARSE = """
import sys, libcst
for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        libcst.parse_module(data)
    except Exception:
        pass
"""
LSTMLINT = [sys.executable, "-m", "lstmlint"]


def snapshot(work: Path) -> dict[str, str]:
    """Copy lstmlint's code once, and run that copy: every round measures the same code (the cache
    key includes a fingerprint of lstmlint's files, which a checkout being edited keeps changing)."""
    dest = work / "src" / "lstmlint"
    shutil.copytree(ROOT / "lstmlint", dest, ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(work / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds (user + system, its reaped workers included), peak RSS in MiB,
    exit status) of one whole process. Status 2 with internal
    errors on some files is measured all the same (and said in the output)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1, 2) or (proc.returncode == 2 and "internal error" not in err):
        raise SystemExit(f"{' '.join(cmd[:6])}... failed ({proc.returncode}): {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, proc.returncode


def profile(files: list[Path], top: int) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from lstmlint.api import lint_file
    from lstmlint.settings import Options

    options = Options(isolated=True)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for p in files:
        lint_file(str(p), options)
    prof.disable()
    print(f"\nprofile: {len(files)} files in {time.perf_counter() - t0:.2f} s (in process, under cProfile)")
    stats = pstats.Stats(prof)
    for key in ("tottime", "cumulative"):
        print(f"\ntop {top} by {key}:")
        stats.sort_stats(key).print_stats(top)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=default_cache(), help="the corpus cache (fetch.py)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    corpus = args.cache / "files"
    manifest = args.cache / "manifest.json"
    if not manifest.is_file():
        raise SystemExit(f"no corpus at {args.cache}: run benchmarks/realcode/fetch.py first")
    rows = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    files = [corpus / r["file"] for r in rows]
    lines = sum(len(p.read_bytes().splitlines()) for p in files)
    half = sorted(files)[: len(files) // 2]
    work = Path(tempfile.mkdtemp(prefix="lstmlint-bench-"))
    half_dir = work / "half"
    for p in half:
        dest = half_dir / p.relative_to(corpus)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, dest)
    flags = ["--format", "json", "--isolated"]
    env = snapshot(work)
    warm_cache = work / "warm-cache"
    subprocess.run([*LSTMLINT, str(corpus), *flags, "--jobs", "1", "--cache-dir", str(warm_cache)],
                   cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    def cold(jobs: int) -> list[str]:
        fresh = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
        return [*LSTMLINT, str(corpus), *flags, "--jobs", str(jobs), "--cache-dir", str(fresh / "c")]

    variants = {
        "parse": lambda: [sys.executable, "-c", PARSE, *map(str, files)],
        "cold": lambda: cold(1),
        "warm": lambda: [*LSTMLINT, str(corpus), *flags, "--jobs", "1", "--cache-dir", str(warm_cache)],
        "cold -j2": lambda: cold(2),
        "no-cache all": lambda: [*LSTMLINT, str(corpus), *flags, "--jobs", "1", "--no-cache"],
        "no-cache half": lambda: [*LSTMLINT, str(half_dir), *flags, "--jobs", "1", "--no-cache"],
        "startup": lambda: [*LSTMLINT, "--version"],
    }
    walls: dict[str, list[float]] = {k: [] for k in variants}
    cpus: dict[str, list[float]] = {k: [] for k in variants}
    peaks: dict[str, int] = {k: 0 for k in variants}
    statuses: dict[str, set[int]] = {k: set() for k in variants}
    for _ in range(args.repeat):
        for name, make in variants.items():
            wall, cpu, peak, status = timed(make(), work, env)
            cpus[name].append(cpu)
            statuses[name].add(status)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    med = {k: statistics.median(v) for k, v in walls.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpus.items()}
    parse = med["parse"]
    print(f"real-code corpus: {len(files)} files, {lines} lines; {args.repeat} alternating rounds, medians, "
          f"whole processes; {os.cpu_count()} cpus")
    print(f"{'':16}{'median wall':>12}{'x parse':>9}{'median CPU':>12}{'x parse':>9}{'peak RSS':>10}")
    for name in variants:
        print(f"{name:16}{med[name]:>11.2f}s{med[name] / parse:>8.2f}x{cpu_med[name]:>11.2f}s"
              f"{cpu_med[name] / cpu_med['parse']:>8.2f}x{peaks[name]:>7} MiB")
    for name, seen in statuses.items():
        if 2 in seen:
            print(f"note: {name}: lstmlint reported internal errors on some files (exit status 2)")
    saving = 1 - med["cold -j2"] / med["cold"]
    print(f"targets: cold {med['cold'] / parse:.2f}x parse (<= 1.5), warm {med['warm'] / parse:.2f}x (<= 0.3), "
          f"-j2 saves {100 * saving:.0f} % of -j1 wall (>= 40 %), peak memory {peaks['no-cache half']} MiB on "
          f"{len(half)} files vs {peaks['no-cache all']} MiB on {len(files)}")
    if args.json:
        figures = {"files": len(files), "lines": lines, "median": med, "peak_mib": peaks, "walls": walls,
                   "cpu_median": cpu_med, "cpus": cpus}
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    if args.profile:
        profile(files, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
