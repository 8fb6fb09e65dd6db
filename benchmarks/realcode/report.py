"""Shape coverage, models followed and every finding on a real-code corpus (see fetch.py).

    python benchmarks/realcode/fetch.py            # once: download and unpack the library corpus
    python benchmarks/realcode/fetch.py --scripts  # once: the script corpus
    python benchmarks/realcode/report.py [--scripts | --cache DIR] [--keras-version 2|3|auto]
                                         [--json OUT] [--top 25] [--causes] [--package NAME ...]
                                         [--kind example|test]

Runs lstmlint through its API (no TensorFlow, user code never run) on every file of the
corpus' ``manifest.json``, each under the Keras target of its manifest row (``"keras": "2"``
or ``"3"``; rows without one use ``--keras-version``, default ``auto``), and prints:

* shape coverage for the corpus, per kind (``example`` programs / ``test`` suites' model code,
  from the manifest's ``kind``) and per package: layer applications with a fully known output
  shape / all of them, and models followed to the end / all models (the same computation as
  ``--statistics``, ``lstmlint.report.coverage``);
* every error and warning, ``file:line:col: code message``, to be looked at by hand
  (the verdicts live in FINDINGS.md);
* internal errors (lstmlint failing on a file);
* the most frequent reasons the analysis lost track of a model;
* why layer applications are not fully known: by layer (and level: ``rank`` = rank known, some
  size not; ``unknown``), and by cause: the first place upstream where a size was lost (a layer
  whose inputs were fully known but whose output is not, an input or data whose shape is not
  known, or the analysis' own reason), so that one lost size counts once per application it
  reaches. ``--causes`` also lists one example ``file:line`` for each cause.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from fetch import default_cache, scripts_cache  # noqa: E402

from lstmlint.api import FileResult, lint_file  # noqa: E402
from lstmlint.graph.model import Application, InputNode, Tensor  # noqa: E402
from lstmlint.report.coverage import Coverage, file_coverage, known_level, lost_reasons, percent  # noqa: E402
from lstmlint.settings import Options  # noqa: E402


def manifest_rows(cache: Path) -> list[dict[str, Any]]:
    manifest = cache / "manifest.json"
    if not manifest.is_file():
        raise SystemExit(f"no corpus at {cache}: run benchmarks/realcode/fetch.py [--scripts] first")
    rows: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    # the packages' own modules the kept files import (fetch.py ``"role": "support"``): followed
    # by the analysis of the files that import them, never linted or counted themselves
    return [row for row in rows if row.get("role") != "support"]


def short_reason(why: str) -> str:
    """A reason with its variable parts dropped, so that equal causes count together."""
    parts = why.split("`")
    return parts[0].strip() + (f" `{parts[1]}`" if len(parts) >= 3 else "")


def _line(result: FileResult, node: Any) -> int | None:
    if node is None or result.locate is None:
        return None
    try:
        return result.locate(node).line
    except Exception:  # noqa: BLE001 - a position is only a help for the reader
        return None


def root_causes(app: Application) -> list[tuple[Any, str]]:
    """Where the sizes missing from ``app``'s output were first lost: ``(node, cause)`` pairs."""
    out: list[tuple[Any, str]] = []
    seen: set[int] = set()
    if not app.outputs:
        return [(app.node, f"`{app.layer.cfg.display}` has no output the analysis follows")]
    stack: list[tuple[Tensor, Application]] = [(t, app) for t in app.outputs]  # (tensor, its consumer)
    while stack:
        t, consumer = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        level = known_level([t])
        if level == "full":
            continue
        if t.lost is not None:
            out.append((t.lost[0], short_reason(t.lost[1])))
            continue
        p = t.producer
        if isinstance(p, Application):
            if p.outcome is not None and "lost" in p.outcome.notes:
                out.append((p.node, short_reason(str(p.outcome.notes["lost"]))))
                continue
            bad_in = [i for i in p.inputs if known_level([i]) != "full"]
            if bad_in:
                stack.extend((i, p) for i in bad_in)
                continue
            out.append((p.node, f"`{p.layer.cfg.display}` gives {level} output from fully known inputs"))
        elif isinstance(p, InputNode):
            what = "an unknown shape" if level == "unknown" else "unknown sizes"
            out.append((p.node, f"model input ({p.source}) with {what}"))
        else:
            # no producer, no reason: e.g. the first layer of a Sequential without a declared
            # input, or a parameter of a function checked on its own
            out.append((consumer.node, f"input of `{consumer.layer.cfg.display}` from outside any layer ({level})"))
    return out


def _note(example: dict[str, list[str]], key: str, where: str) -> None:
    places = example.setdefault(key, [])
    if len(places) < 10 and where not in places:
        places.append(where)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=None, help="the corpus (default: the library corpus)")
    ap.add_argument("--scripts", action="store_true", help="the script corpus (~/.cache/lstmlint-scripts)")
    ap.add_argument(
        "--keras-version", default="auto", choices=("auto", "2", "3"), help="target for manifest rows that name none"
    )
    ap.add_argument("--json", type=Path, help="also write the figures and findings as JSON here")
    ap.add_argument("--top", type=int, default=25, help="how many reasons to list")
    ap.add_argument("--causes", action="store_true", help="give an example file:line for each cause")
    ap.add_argument("--package", action="append", help="only these packages of the manifest (repeatable)")
    ap.add_argument("--kind", choices=("example", "test"), help="only the example programs, or only the tests")
    args = ap.parse_args()
    cache: Path = args.cache or (scripts_cache() if args.scripts else default_cache())
    rows = manifest_rows(cache)
    if args.package:
        rows = [r for r in rows if str(r.get("package") or str(r["file"]).split("/", 1)[0]) in args.package]
    if args.kind:
        rows = [r for r in rows if r.get("kind") == args.kind]
    root = cache / "files"
    total = Coverage()
    findings: list[dict[str, object]] = []
    internal: list[tuple[str, str]] = []
    reasons: Counter[str] = Counter()
    unknown_layers: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    example: dict[str, list[str]] = {}  # cause -> up to 10 places
    per_package: dict[str, Coverage] = {}
    per_kind: dict[str, Coverage] = {}
    unknown_followed: list[str] = []
    repeated: Counter[bool] = Counter()  # full? -> applications repeating a model's, outside every model
    per_file: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    for row in rows:
        rel = str(row["file"])
        path = root / rel
        target = str(row.get("keras") or args.keras_version)
        result = lint_file(str(path), Options(isolated=True, keras_version=target))
        cov = file_coverage(result.analysis)
        total = total + cov
        per_file[rel] = cov.to_json()
        package = str(row.get("package") or rel.split("/", 1)[0])
        per_package[package] = per_package.get(package, Coverage()) + cov
        if "kind" in row:
            kind = str(row["kind"])
            per_kind[kind] = per_kind.get(kind, Coverage()) + cov
        if result.internal_error:
            internal.append((rel, result.internal_error))
        for d in result.diagnostics:
            findings.append(
                {
                    "file": rel,
                    "keras": target,
                    "line": d.span.line,
                    "column": d.span.column,
                    "code": d.code,
                    "severity": d.severity.value,
                    "message": d.message,
                }
            )
        if result.analysis is None:
            continue
        in_model = {a.uid for m in result.analysis.models for a in m.applications}
        model_nodes = {id(a.node) for m in result.analysis.models for a in m.applications}
        for app in result.analysis.applications:
            if app.uid not in in_model and id(app.node) in model_nodes:
                # the same layer call as one of a model's, outside every model: a first pass kept
                # after the model was rebuilt (or a helper also checked on its own)
                repeated[known_level(app.outputs) == "full"] += 1
            level = known_level(app.outputs)
            if level == "full":
                continue
            unknown_layers[f"{app.layer.cfg.display} ({level})"] += 1
            for node, cause in dict.fromkeys(root_causes(app)):
                causes[cause] += 1
                _note(example, cause, f"{rel}:{_line(result, node) or '?'}")
        for model in result.analysis.models:
            lost = lost_reasons(model)
            for node, why in lost:
                key = short_reason(why)
                reasons[key] += 1
                _note(example, "model: " + key, f"{rel}:{_line(result, node) or '?'}")
            if not lost and known_level(model.outputs) == "unknown":
                # counted as followed by lstmlint.report.coverage, yet its output shape is unknown
                unknown_followed.append(f"{rel}:{_line(result, model.node) or '?'}")
    elapsed = time.perf_counter() - t0

    print(f"corpus {cache}: {len(rows)} files, analysed in {elapsed:.1f} s")
    print(
        f"shape coverage: {total.layers_known} of {total.layers} layer applications fully known "
        f"({percent(total.layers_known, total.layers)}), {total.models_followed} of {total.models} models "
        f"followed to the end ({percent(total.models_followed, total.models)})"
    )
    if repeated:
        print(
            f"  of the layer applications, {sum(repeated.values())} repeat the layer call of a model's application "
            f"outside every model (a first pass kept after a rebuild, or a helper also checked on its own; "
            f"{repeated[False]} not fully known); without them: "
            f"{total.layers_known - repeated[True]} of {total.layers - sum(repeated.values())} "
            f"({percent(total.layers_known - repeated[True], total.layers - sum(repeated.values()))})"
        )
    if unknown_followed:
        strict = total.models_followed - len(unknown_followed)
        print(
            f"  of the models followed, {len(unknown_followed)} have an unknown output shape and no recorded "
            f"reason (e.g. {', '.join(unknown_followed[:3])}): strictly {strict} of {total.models} "
            f"({percent(strict, total.models)})"
        )
    print(f"internal errors: {len(internal)}")
    for rel, err in internal:
        print(f"  {rel}: {err}")
    print(
        f"findings: {len(findings)} ({sum(1 for f in findings if f['severity'] == 'error')} errors, "
        f"{sum(1 for f in findings if f['severity'] == 'warning')} warnings)"
    )
    for f in findings:
        print(
            f"  {f['file']}:{f['line']}:{f['column']}: {f['code']} [{f['severity']}] (keras {f['keras']}) "
            f"{f['message']}"
        )
    if per_kind:
        print("by kind (layers known/all %, models followed/all %):")
    for kind, cov in sorted(per_kind.items()):
        print(
            f"  {kind:30} {cov.layers_known:5}/{cov.layers:<5} {percent(cov.layers_known, cov.layers):>8}"
            f"   {cov.models_followed:4}/{cov.models:<4} {percent(cov.models_followed, cov.models):>8}"
        )
    print("by package (layers known/all %, models followed/all %):")
    for package, cov in sorted(per_package.items()):
        print(
            f"  {package:30} {cov.layers_known:5}/{cov.layers:<5} {percent(cov.layers_known, cov.layers):>8}"
            f"   {cov.models_followed:4}/{cov.models:<4} {percent(cov.models_followed, cov.models):>8}"
        )
    print(f"most frequent reasons a model was not followed (top {args.top}):")
    for why, n in reasons.most_common(args.top):
        print(f"  {n:5}  {why}" + (f"   e.g. {example['model: ' + why][0]}" if args.causes else ""))
    print(f"layers most often without a fully known output (top {args.top}):")
    for what, n in unknown_layers.most_common(args.top):
        print(f"  {n:5}  {what}")
    print(f"where the sizes of not fully known layer outputs were first lost (top {args.top}):")
    for cause, n in causes.most_common(args.top):
        print(f"  {n:5}  {cause}" + (f"   e.g. {example[cause][0]}" if args.causes else ""))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "cache": str(cache),
                    "files": len(rows),
                    "coverage": total.to_json(),
                    "packages": {p: c.to_json() for p, c in sorted(per_package.items())},
                    "kinds": {k: c.to_json() for k, c in sorted(per_kind.items())},
                    "per_file": per_file,
                    "internal_errors": internal,
                    "followed_with_unknown_output": unknown_followed,
                    "repeated_applications": {"full": repeated[True], "not_full": repeated[False]},
                    "findings": findings,
                    "reasons": reasons.most_common(),
                    "unknown_layers": unknown_layers.most_common(),
                    "causes": causes.most_common(),
                    "examples": example,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
