"""Shape coverage, models followed and every finding on the real-code corpus (see fetch.py).

    python benchmarks/realcode/fetch.py            # once: download and unpack the corpus
    python benchmarks/realcode/report.py [--cache DIR] [--json OUT] [--top 25]

Runs lstmlint through its API (no TensorFlow, user code never run) on every file of the
manifest and prints:

* shape coverage: layer applications with a fully known output shape / all of them, and
  models followed to the end / all models (the same computation as ``--statistics``,
  ``lstmlint.report.coverage``);
* every error and warning, ``file:line:col: code message``, to be looked at by hand
  (the verdicts live in FINDINGS.md);
* internal errors (lstmlint failing on a file), and the most frequent reasons the analysis
  lost track of a model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from fetch import default_cache  # noqa: E402

from lstmlint.api import lint_file  # noqa: E402
from lstmlint.report.coverage import Coverage, file_coverage, known_level, lost_reasons, percent  # noqa: E402
from lstmlint.settings import Options  # noqa: E402


def corpus_files(cache: Path) -> list[Path]:
    manifest = cache / "manifest.json"
    if not manifest.is_file():
        raise SystemExit(f"no corpus at {cache}: run benchmarks/realcode/fetch.py first")
    rows = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    return [cache / "files" / row["file"] for row in rows]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=default_cache())
    ap.add_argument("--json", type=Path, help="also write the figures and findings as JSON here")
    ap.add_argument("--top", type=int, default=25, help="how many loss reasons to list")
    args = ap.parse_args()
    files = corpus_files(args.cache)
    root = args.cache / "files"
    total = Coverage()
    findings: list[dict[str, object]] = []
    internal: list[tuple[str, str]] = []
    reasons: Counter[str] = Counter()
    unknown_layers: Counter[str] = Counter()
    per_package: dict[str, Coverage] = {}
    options = Options(isolated=True)
    t0 = time.perf_counter()
    for path in files:
        rel = str(path.relative_to(root))
        result = lint_file(str(path), options)
        cov = file_coverage(result.analysis)
        total = total + cov
        package = rel.split("/", 1)[0]
        per_package[package] = per_package.get(package, Coverage()) + cov
        if result.internal_error:
            internal.append((rel, result.internal_error))
        for d in result.diagnostics:
            findings.append({"file": rel, "line": d.span.line, "column": d.span.column, "code": d.code,
                             "severity": d.severity.value, "message": d.message})
        if result.analysis is not None:
            for app in result.analysis.applications:
                level = known_level(app.outputs)
                if level != "full":
                    unknown_layers[f"{app.layer.cfg.display} ({level})"] += 1
            for model in result.analysis.models:
                for _node, why in lost_reasons(model):
                    parts = why.split("`")
                    reasons[parts[0].strip() + (f" `{parts[1]}`" if len(parts) >= 3 else "")] += 1
    elapsed = time.perf_counter() - t0

    print(f"real-code corpus: {len(files)} files ({args.cache / 'manifest.json'}), analysed in {elapsed:.1f} s")
    print(f"shape coverage: {total.layers_known} of {total.layers} layer applications fully known "
          f"({percent(total.layers_known, total.layers)}), {total.models_followed} of {total.models} models "
          f"followed to the end ({percent(total.models_followed, total.models)})")
    print(f"internal errors: {len(internal)}")
    for rel, err in internal:
        print(f"  {rel}: {err}")
    print(f"findings: {len(findings)} ({sum(1 for f in findings if f['severity'] == 'error')} errors, "
          f"{sum(1 for f in findings if f['severity'] == 'warning')} warnings)")
    for f in findings:
        print(f"  {f['file']}:{f['line']}:{f['column']}: {f['code']} [{f['severity']}] {f['message']}")
    print("by package (layers known/all, models followed/all):")
    for package, cov in sorted(per_package.items()):
        print(f"  {package:28} {cov.layers_known:5}/{cov.layers:<5} {cov.models_followed:4}/{cov.models:<4}")
    print(f"most frequent reasons a model was not followed (top {args.top}):")
    for why, n in reasons.most_common(args.top):
        print(f"  {n:5}  {why}")
    print(f"layers most often without a fully known output (top {args.top}):")
    for what, n in unknown_layers.most_common(args.top):
        print(f"  {n:5}  {what}")
    if args.json:
        args.json.write_text(json.dumps({
            "files": len(files), "coverage": total.to_json(), "internal_errors": internal,
            "findings": findings, "reasons": reasons.most_common(),
            "unknown_layers": unknown_layers.most_common(),
        }, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
