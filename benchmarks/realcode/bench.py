"""lstmlint's speed on real code, as ratios to libcst's own parse of the same files.

    python benchmarks/realcode/fetch.py              # once: the corpus (see fetch.py)
    python benchmarks/realcode/bench.py [--repeat 5] [--cache DIR] [--only GROUPS] [--profile]
    python benchmarks/realcode/bench.py --only jobs --repeat 5   # the --jobs 2 vs --jobs 1 comparison alone
    python benchmarks/realcode/bench.py --cache ~/.cache/lstmlint-scripts --all-files   # a whole tree

Every measurement is a whole process (interpreter start and imports included), and the
variants run in one session, alternating round by round, so that a busy machine slows them
all alike; the figures are medians. Measured on the manifest's files (``--all-files``: on every
``.py`` file of the corpus folder, as a user's whole tree):

* parse:      one process that reads and ``libcst.parse_module``-s every file;
* parse read: the same over every file the lint reads: the linted files plus the project modules
  their analysis follows (the ``followed`` lists of the warm-up run's cache entries). The analysis
  parses those modules too, so no lint of these files can take less than this (with libcst as
  its parser); the script corpus' files import about 2.6 MB of package code against their own
  1.6 MB;
* cold:       ``lstmlint --format json --jobs 1`` with an empty cache (analysis + cache writes);
* warm:       the same again, nothing changed (every file answered from the cache);
* cold -j2:   ``--jobs 2`` with an empty cache (both cores);
* no-cache:   ``--jobs 1 --no-cache`` on all files and on the first half, for peak memory;
* startup:    ``lstmlint --version``;
* cold baseline: with ``--baseline DIR``, the cold run of another copy of lstmlint (``DIR/lstmlint``,
  e.g. the tree before a change), in the same rounds: a before/after comparison on one machine
  state; with ``startup`` among the variants, that copy's ``--version`` too (startup baseline).

Peak memory is the child's maximum resident set (``wait4``). The lstmlint runs go through a
small wrapper that also records the CPU of the main process and of its worker processes apart
(``getrusage``), so a ``--jobs`` run shows what the pool cost and what an idle machine would
give: with W workers, wall >= max(main CPU, (main + workers CPU) / cores). The load average
before and after is printed: on a shared machine, compare CPU columns, and rerun ``--only jobs``
when ``uptime`` shows the machine idle.

``--only`` takes variant names or groups, comma-separated: ``jobs`` (cold, cold -j2), ``ratio``
(parse, parse read, cold, warm), ``memory`` (no-cache all, no-cache half). ``--profile`` adds a cProfile of
the analysis of every file in this process, top functions by own time and cumulative time.
The targets (issue 13): cold <= 1.5x parse, warm <= 0.3x parse, -j2 >= 40 % less wall than -j1.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
# lstmlint's CLI, recording (main CPU, workers CPU) in the file named by LSTMLINT_BENCH_RUSAGE
ACCOUNTED = """
import json, os, resource, sys
from lstmlint.cli import main
try:
    main(sys.argv[1:], prog_name="lstmlint")
finally:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.environ["LSTMLINT_BENCH_RUSAGE"], "w") as fh:
        json.dump([own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime], fh)
"""
LSTMLINT = [sys.executable, "-c", ACCOUNTED]
GROUPS = {
    "jobs": ("cold", "cold -j2"),
    "ratio": ("parse", "parse read", "cold", "warm"),
    "memory": ("no-cache all", "no-cache half"),
}


def snapshot(work: Path, package: Path = ROOT / "lstmlint", folder: str = "src") -> dict[str, str]:
    """Copy lstmlint's code (``package``) once, and run that copy: every round measures the same code
    (the cache key includes a fingerprint of lstmlint's files, which a checkout being edited keeps
    changing)."""
    dest = work / folder / "lstmlint"
    shutil.copytree(package, dest, ignore=shutil.ignore_patterns("__pycache__"))
    # its bytecode, as an installed lstmlint has it (pip compiles a package it installs): without
    # it, a machine with PYTHONDONTWRITEBYTECODE set compiles ~100 modules in every process
    # (0.27 s each time, measured), which libcst's installed modules in the parse-only run never do
    compileall.compile_dir(str(dest), quiet=1)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(work / folder) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, int, tuple[float, float] | None]:
    """(wall seconds, CPU seconds (user + system, its reaped workers included), peak RSS in MiB,
    exit status, (main process CPU, workers CPU) when the command is lstmlint) of one whole
    process. Status 2 with internal errors on some files is measured all the same (and said in
    the output)."""
    rusage_file = Path(env.get("LSTMLINT_BENCH_RUSAGE_DIR", str(cwd))) / "rusage.json"
    env = {**env, "LSTMLINT_BENCH_RUSAGE": str(rusage_file)}
    rusage_file.unlink(missing_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1, 2) or (proc.returncode == 2 and "internal error" not in err):
        raise SystemExit(f"{' '.join(cmd[:6])}... failed ({proc.returncode}): {err[-2000:]}")
    split: tuple[float, float] | None = None
    if rusage_file.is_file():
        main_cpu, workers_cpu = json.loads(rusage_file.read_text(encoding="utf-8"))
        split = (float(main_cpu), float(workers_cpu))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, proc.returncode, split


def followed_modules(cache: Path, linted: set[str]) -> list[str]:
    """The project modules the analysis of the linted files followed and read, from the ``followed``
    lists of the cache entries of a run (``lstmlint/cache.py``; a digest of "" is a path it looked for
    in vain), without the linted files themselves, sorted."""
    found: set[str] = set()
    for entry in cache.rglob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        for path, digest in data.get("followed", []):
            if digest and os.path.realpath(path) not in linted:
                found.add(os.path.realpath(path))
    return sorted(found)


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
    ap.add_argument(
        "--all-files",
        action="store_true",
        help="every .py file of the corpus folder instead of the manifest's: the folder as a user's whole "
        "tree (with --cache ~/.cache/lstmlint-scripts: the packages, their examples and tests, 2,767 files)",
    )
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--only", help="comma-separated variants or groups (jobs, ratio, memory) to run")
    ap.add_argument(
        "--baseline",
        type=Path,
        help="a folder holding another lstmlint package (DIR/lstmlint): "
        "its cold run is measured too, alternating with the others",
    )
    args = ap.parse_args()
    corpus = args.cache / "files"
    manifest = args.cache / "manifest.json"
    if not manifest.is_file():
        raise SystemExit(f"no corpus at {args.cache}: run benchmarks/realcode/fetch.py first")
    rows = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    files = sorted(corpus.rglob("*.py")) if args.all_files else [corpus / r["file"] for r in rows]
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
    envs: dict[str, dict[str, str]] = {}
    if args.baseline is not None:
        if not (args.baseline / "lstmlint" / "__init__.py").is_file():
            raise SystemExit(f"--baseline: no lstmlint package in {args.baseline}")
        envs["cold baseline"] = snapshot(work, args.baseline / "lstmlint", "baseline-src")
        envs["startup baseline"] = envs["cold baseline"]
    warm_cache = work / "warm-cache"
    # the manifest's files, not the folder: a script corpus also holds the packages' own modules
    # (fetch.py "support" rows), which the analysis follows but nobody lints on their own
    targets = [str(p) for p in files]
    subprocess.run(
        [*LSTMLINT, *targets, *flags, "--jobs", "1", "--cache-dir", str(warm_cache)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )

    followed = followed_modules(warm_cache, {os.path.realpath(t) for t in targets})
    read_bytes = sum(os.path.getsize(p) for p in followed)

    def cold(jobs: int) -> list[str]:
        fresh = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
        return [*LSTMLINT, *targets, *flags, "--jobs", str(jobs), "--cache-dir", str(fresh / "c")]

    all_variants: dict[str, Callable[[], list[str]]] = {
        "parse": lambda: [sys.executable, "-c", PARSE, *map(str, files)],
        "parse read": lambda: [sys.executable, "-c", PARSE, *map(str, files), *followed],
        "cold": lambda: cold(1),
        "warm": lambda: [*LSTMLINT, *targets, *flags, "--jobs", "1", "--cache-dir", str(warm_cache)],
        "cold -j2": lambda: cold(2),
        "no-cache all": lambda: [*LSTMLINT, *targets, *flags, "--jobs", "1", "--no-cache"],
        "no-cache half": lambda: [*LSTMLINT, str(half_dir), *flags, "--jobs", "1", "--no-cache"],
        "startup": lambda: [*LSTMLINT, "--version"],
        "cold baseline": lambda: cold(1),
        "startup baseline": lambda: [*LSTMLINT, "--version"],
    }
    wanted: list[str] = []
    for part in (args.only or ",".join(all_variants)).split(","):
        names = GROUPS.get(part.strip(), (part.strip(),))
        unknown = [n for n in names if n not in all_variants]
        if unknown:
            raise SystemExit(
                f"--only: unknown variant {unknown[0]!r} (variants: {', '.join(all_variants)}; "
                f"groups: {', '.join(GROUPS)})"
            )
        wanted += [n for n in names if n not in wanted]
    if args.baseline is not None and "cold baseline" not in wanted:
        wanted.append("cold baseline")
    if args.baseline is not None and "startup" in wanted and "startup baseline" not in wanted:
        wanted.append("startup baseline")
    elif args.baseline is None and ("cold baseline" in wanted or "startup baseline" in wanted):
        raise SystemExit("--only: the variants 'cold baseline' and 'startup baseline' need --baseline DIR")
    variants = {name: all_variants[name] for name in all_variants if name in wanted}
    load_before = os.getloadavg()
    splits: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
    walls: dict[str, list[float]] = {k: [] for k in variants}
    cpus: dict[str, list[float]] = {k: [] for k in variants}
    peaks: dict[str, int] = {k: 0 for k in variants}
    statuses: dict[str, set[int]] = {k: set() for k in variants}
    for _ in range(args.repeat):
        for name, make in variants.items():
            wall, cpu, peak, status, split = timed(make(), work, envs.get(name, env))
            if split is not None:
                splits[name].append(split)
            cpus[name].append(cpu)
            statuses[name].add(status)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    load_after = os.getloadavg()
    med = {k: statistics.median(v) for k, v in walls.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpus.items()}
    base = "parse" if "parse" in med else None
    print(
        f"real-code corpus: {len(files)} files, {lines} lines; {args.repeat} alternating rounds, medians, "
        f"whole processes; {os.cpu_count()} cpus; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after"
    )
    if "parse read" in variants:
        print(
            f"parse read: the {len(files)} files and the {len(followed)} project modules their analysis "
            f"follows ({read_bytes / 1e6:.2f} MB of modules on top of the files' "
            f"{sum(p.stat().st_size for p in files) / 1e6:.2f} MB)"
        )
    print(
        f"{'':16}{'median wall':>12}{'x parse':>9}{'median CPU':>12}{'x parse':>9}{'peak RSS':>10}"
        f"{'main CPU':>10}{'workers CPU':>13}"
    )
    for name in variants:
        ratio = f"{med[name] / med[base]:>8.2f}x" if base else f"{'':>9}"
        cpu_ratio = f"{cpu_med[name] / cpu_med[base]:>8.2f}x" if base else f"{'':>9}"
        columns = (
            (
                f"{statistics.median(s[0] for s in splits[name]):>9.2f}s"
                f"{statistics.median(s[1] for s in splits[name]):>12.2f}s"
            )
            if splits[name]
            else ""
        )
        print(f"{name:16}{med[name]:>11.2f}s{ratio}{cpu_med[name]:>11.2f}s{cpu_ratio}{peaks[name]:>7} MiB{columns}")
    for name, seen in statuses.items():
        if 2 in seen:
            print(f"note: {name}: lstmlint reported internal errors on some files (exit status 2)")
    targets = []
    if base and "cold" in med:
        cold_cpu = cpu_med["cold"] / cpu_med[base]
        targets.append(f"cold {med['cold'] / med[base]:.2f}x parse wall, {cold_cpu:.2f}x CPU (<= 1.5)")
    if "parse read" in med and "cold" in med:
        targets.append(
            f"cold {med['cold'] / med['parse read']:.2f}x wall, {cpu_med['cold'] / cpu_med['parse read']:.2f}x CPU "
            f"the parse of every file it reads (parse read {med['parse read'] / med[base]:.2f}x parse)"
            if base
            else f"cold {med['cold'] / med['parse read']:.2f}x the parse of every file it reads"
        )
    if base and "warm" in med:
        targets.append(f"warm {med['warm'] / med[base]:.2f}x (<= 0.3)")
    if "cold" in med and "cold -j2" in med:
        saving = 1 - med["cold -j2"] / med["cold"]
        targets.append(f"-j2 saves {100 * saving:.0f} % of -j1 wall (>= 40 %)")
        if splits["cold -j2"] and splits["cold"]:
            main2 = statistics.median(s[0] for s in splits["cold -j2"])
            total2 = statistics.median(s[0] + s[1] for s in splits["cold -j2"])
            total1 = statistics.median(s[0] + s[1] for s in splits["cold"])
            idle = max(main2, total2 / 2)
            targets.append(
                f"-j2 CPU {total2:.2f}s (main {main2:.2f}s) vs -j1 {total1:.2f}s: on two idle cores "
                f"-j2 takes >= {idle:.2f}s wall, {100 * (1 - idle / total1):.0f} % less than -j1's CPU"
            )
    if base and "cold baseline" in med and "cold" in med:
        targets.append(
            f"cold baseline {med['cold baseline'] / med[base]:.2f}x parse wall, "
            f"{cpu_med['cold baseline'] / cpu_med[base]:.2f}x CPU -> this tree {med['cold'] / med[base]:.2f}x, "
            f"{cpu_med['cold'] / cpu_med[base]:.2f}x CPU"
        )
    if "no-cache half" in peaks and "no-cache all" in peaks:
        targets.append(
            f"peak memory {peaks['no-cache half']} MiB on {len(half)} files vs {peaks['no-cache all']} MiB "
            f"on {len(files)}"
        )
    print("targets: " + "; ".join(targets))
    if args.json:
        figures = {
            "files": len(files),
            "lines": lines,
            "median": med,
            "peak_mib": peaks,
            "walls": walls,
            "cpu_median": cpu_med,
            "cpus": cpus,
            "main_and_workers_cpu": splits,
            "load_average": [load_before, load_after],
            "followed_modules": followed,
        }
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    if args.profile:
        profile(files, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
