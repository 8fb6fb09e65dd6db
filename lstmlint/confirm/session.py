"""``--confirm``: rebuild the layer graph lstmlint extracted in real Keras, in another process.

For every model found, the extracted graph (``graphspec``) is sent as JSON to
``python -P -m lstmlint.confirm.worker``, which imports Keras and builds the graph layer by
layer. The user's file is never imported, executed or evaluated: only the graph is built.

Each finding is then marked ``confirmed`` (True: Keras agrees, with its own message; False:
Keras does not; None: not rebuilt), and each model gets a summary (LST303), plus LST301 for
every layer whose Keras output shape differs from lstmlint's, LST302 for every layer Keras
refuses where lstmlint knew the shapes and said nothing, and LST304 when a model cannot be
rebuilt. This module never imports TensorFlow or Keras itself.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable

from lstmlint.api import FileResult, Options
from lstmlint.diagnostics import Diagnostic, Severity, Span
from lstmlint.graph.model import Application, Finding, Model
from lstmlint.confirm.spec import Job, NotRebuildable, StandIns, build_jobs, layer_spec, lint_outputs
from lstmlint.shapes import UNKNOWN, Shape

INSTALL_HINT = (
    "lstmlint: --confirm needs TensorFlow (Keras 3), which is not installed; "
    'install it with: pip install "lstmlint[confirm]"'
)
DEFAULT_TIMEOUT = 60.0
STARTUP_TIMEOUT = 180.0


class ConfirmUnavailable(Exception):
    """Keras cannot be used at all (not installed, or the worker cannot start)."""


class WorkerTimeout(Exception):
    pass


class WorkerFailed(Exception):
    pass


def keras_installed() -> bool:
    """Whether Keras can be found, without importing it."""
    for name in ("keras", "tensorflow"):
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except (ImportError, ValueError):
            return False
    return True


class Worker:
    """One ``confirm_worker`` process; jobs are sent one at a time, each with a deadline."""

    def __init__(self, startup_timeout: float = STARTUP_TIMEOUT) -> None:
        env = dict(os.environ)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
        self._stderr = tempfile.TemporaryFile()
        # -P: the current directory is not put on sys.path, so no module of the user's shadows Keras
        self.proc = subprocess.Popen(
            [sys.executable, "-P", "-m", "lstmlint.confirm.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            text=True, env=env, cwd=tempfile.gettempdir(),
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        first = self._read(startup_timeout)
        if "missing" in first:
            self.close()
            raise ConfirmUnavailable(INSTALL_HINT)
        if not first.get("ready"):
            self.close()
            raise ConfirmUnavailable(f"lstmlint: the --confirm worker did not start: {first}")
        self.keras_version = str(first.get("keras", "?"))

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return lines[-1] if lines else ""

    def _read(self, timeout: float) -> dict:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise WorkerTimeout() from None
        if line is None:
            self.proc.wait()
            tail = self._stderr_tail()
            raise WorkerFailed(f"the Keras worker exited with status {self.proc.returncode}"
                               + (f": {tail}" if tail else ""))
        return json.loads(line)

    def run(self, spec: dict, timeout: float) -> dict:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(spec) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise WorkerFailed(f"the Keras worker is gone: {e}") from None
        return self._read(timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._stderr.close()


class Session:
    """Hands jobs to a worker, starting a fresh one after a timeout or a crash."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self.worker: Worker | None = None
        self.keras_version: str | None = None

    def run(self, spec: dict) -> dict:
        """The worker's answer, or ``{"failed": why}`` for a timeout or a crash."""
        if self.worker is None:
            self.worker = Worker()
            self.keras_version = self.worker.keras_version
        try:
            return self.worker.run(spec, self.timeout)
        except WorkerTimeout:
            self.worker.kill()
            self.worker = None
            return {"failed": f"Keras did not finish rebuilding it within {self.timeout:g} s (--confirm-timeout)"}
        except WorkerFailed as e:
            self.worker.kill()
            self.worker = None
            return {"failed": str(e)}

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None


# ------------------------------------------------------------------ comparison
def _fmt_concrete(dims: list | None) -> str:
    if dims is None:
        return "(unknown)"
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


def _fmt_shapes(shapes: list[list]) -> str:
    return ", ".join(_fmt_concrete(s) for s in shapes) if shapes else "nothing"


def shape_agrees(lint: Shape, keras: list, standins: StandIns) -> bool:
    """True unless a dimension lstmlint knows differs from Keras' (unknown parts agree)."""
    if lint.dims is None:
        return True
    if len(lint.dims) != len(keras):
        return False
    for d, k in zip(lint.dims, keras):
        v = standins.dim(d)
        if v is UNKNOWN:
            continue
        if v != k:
            return False
    return True


@dataclass
class LayerResult:
    app: Application
    line: int
    status: str                        # "ok", "error", "skipped", "failed"
    keras_shapes: list[list] | None = None
    lint_shapes: tuple[Shape, ...] | None = None
    message: str | None = None
    agrees: bool | None = None         # shapes agree (None: not compared)


@dataclass
class ModelReport:
    """What Keras made of one model."""

    model: Model | None
    name: str
    line: int
    rebuilt: bool
    built: bool = False                # Keras built every rebuilt layer
    reason: str | None = None          # why it was not rebuilt
    layers: list[LayerResult] = field(default_factory=list)
    standins: list[str] = field(default_factory=list)
    stand_in_tensors: int = 0          # tensors fed to Keras with lstmlint's shape (slices, branches, ...)

    @property
    def disagreements(self) -> list[LayerResult]:
        return [r for r in self.layers if r.agrees is False]

    @property
    def errors(self) -> list[LayerResult]:
        return [r for r in self.layers if r.status == "error"]


@dataclass
class FileConfirm:
    result: FileResult
    models: list[ModelReport] = field(default_factory=list)


def _model_name(model: Model | None) -> str:
    if model is None:
        return "layers outside any model"
    return f"model `{model.var}`" if model.var else f"{model.kind} model"


def _layer_results(job: Job, answer: dict, line: Any) -> list[LayerResult]:
    nodes = answer.get("nodes", {})
    out = []
    for app in job.apps:
        got = nodes.get(str(app.uid))
        lint = lint_outputs(app)
        r = LayerResult(app, line(app.node), "skipped", lint_shapes=lint)
        if got is None:
            r.message = answer.get("failed", "not rebuilt")
            r.status = "failed" if "failed" in answer else "skipped"
        elif got["status"] == "ok":
            r.status = "ok"
            r.keras_shapes = got["shapes"]
            if lint is not None and app.problem is None:
                if len(lint) != len(got["shapes"]):
                    r.agrees = False
                else:
                    r.agrees = all(shape_agrees(s, k, job.standins) for s, k in zip(lint, got["shapes"]))
        elif got["status"] == "error":
            r.status = "error"
            r.message = got["message"]
        else:
            r.message = got.get("why", "not rebuilt")
        out.append(r)
    return out


def _known_inputs(app: Application) -> bool:
    return all(t.shape.dims is not None and UNKNOWN not in t.shape.dims for t in app.inputs) and bool(app.inputs)


def _loc_span(result: FileResult, node: Any) -> Span:
    assert result.locate is not None
    return result.locate(node)


def _summary(report: ModelReport, lint_errors: dict[int, str]) -> tuple[str, bool | None]:
    name = report.name
    rebuilt = [r for r in report.layers if r.status in ("ok", "error")]
    missing = [r for r in report.layers if r.status not in ("ok", "error")]
    n = len(rebuilt)
    layers_txt = f"{n} layer{'s' if n != 1 else ''} rebuilt"
    agree = not report.disagreements
    parts = []
    if report.errors:
        first = report.errors[0]
        kind = first.app.layer.cfg.display
        code = lint_errors.get(first.app.uid)
        where = f"at line {first.line} (`{kind}`)"
        if code:
            head = f"Keras refuses {name} {where}, where lstmlint reports {code}"
        else:
            head = f"Keras refuses {name} {where}: {first.message}"
        others = len(report.errors) - 1
        if others:
            head += f"; {others} more layer{'s' if others != 1 else ''} refused"
    else:
        head = f"Keras builds {name}"
    parts.append(head)
    parts.append(layers_txt)
    if report.stand_in_tensors:
        k = report.stand_in_tensors
        parts.append(f"{k} tensor{'s' if k != 1 else ''} the rebuild does not cover fed in with lstmlint's shape")
    if missing:
        why = sorted({r.message or "not rebuilt" for r in missing})
        parts.append(f"{len(missing)} not rebuilt ({'; '.join(why)})")
    if agree:
        parts.append("every output shape agrees with lstmlint" if n else "no output shape to compare")
    else:
        parts.append(f"{len(report.disagreements)} output shape(s) differ from lstmlint (LST301)")
    return "; ".join(parts), (agree if n else None)


def confirm_file(result: FileResult, session: Session, options: Options | None = None) -> FileConfirm:
    """Rebuild every model of one linted file in Keras; updates ``result.diagnostics``."""
    options = options or Options()
    fc = FileConfirm(result)
    analysis = result.analysis
    if analysis is None or result.locate is None:
        return fc

    def line(node: Any) -> int:
        return _loc_span(result, node).line

    jobs = build_jobs(analysis, line)
    by_app: dict[int, LayerResult] = {}
    new: list[Diagnostic] = []
    lint_errors: dict[int, str] = {}
    layer_errors: dict[int, str] = {}
    for f in analysis.findings:
        if f.app is not None and f.severity == "error":
            lint_errors.setdefault(f.app.uid, f.problem.code)
        elif f.layer is not None and f.severity == "error":
            layer_errors.setdefault(f.layer.uid, f.problem.code)
    for app in analysis.applications:  # a layer whose arguments Keras refuses fails where it is used
        if app.layer.uid in layer_errors:
            lint_errors.setdefault(app.uid, layer_errors[app.layer.uid])
    for job in jobs:
        name = _model_name(job.model)
        node = job.model.node if job.model is not None else (job.apps[0].node if job.apps else None)
        mline = line(node) if node is not None else 1
        report = ModelReport(job.model, name, mline, rebuilt=job.reason is None, reason=job.reason)
        fc.models.append(report)
        if job.reason is None:
            answer = session.run(job.spec)
            if "failed" in answer and "nodes" not in answer:
                report.rebuilt = False
                report.reason = answer["failed"]
            report.layers = _layer_results(job, answer, line)
            report.standins = job.standins.describe()
            report.stand_in_tensors = sum(1 for e in job.spec["inputs"] if e.get("source") == "stand-in")
            report.built = report.rebuilt and not report.errors
        for r in report.layers:
            by_app.setdefault(r.app.uid, r)
        if not report.rebuilt:
            for app in job.apps:
                by_app.setdefault(app.uid, LayerResult(app, line(app.node), "skipped", message=report.reason))
        notes = (f"stand-ins for symbolic sizes: {', '.join(report.standins)}",) if report.standins else ()
        span = _loc_span(result, node) if node is not None else Span(1, 1, 1, 1)
        if job.model is None and not any(r.app.uid in lint_errors for r in report.layers):
            # layers outside any model: only worth a line when they hold a finding
            if not report.disagreements and not [r for r in report.errors if _known_inputs(r.app)]:
                continue
        if not report.rebuilt:
            new.append(Diagnostic(result.path, span, "LST304", Severity.INFO,
                                  f"{name} was not rebuilt in Keras: {report.reason}", notes=notes,
                                  confirmed=None, confirm_note=report.reason))
            continue
        message, agree = _summary(report, lint_errors)
        unreported = [
            r for r in report.errors
            if r.app.uid not in lint_errors and _known_inputs(r.app) and r.app.problem is None
            and not any(t.poisoned for t in r.app.inputs)
        ]
        not_reproduced = [r for r in report.layers if r.status == "ok" and r.app.uid in lint_errors]
        if agree is not None and (unreported or not_reproduced):
            agree = False  # Keras' verdict differs from lstmlint's somewhere in this model
        new.append(Diagnostic(result.path, span, "LST303", Severity.INFO, message, notes=notes,
                              confirmed=agree, confirm_note=f"Keras {session.keras_version}"))
        for r in report.disagreements:
            assert r.lint_shapes is not None and r.keras_shapes is not None
            lint_txt = ", ".join(str(s) for s in r.lint_shapes)
            new.append(Diagnostic(
                result.path, _loc_span(result, r.app.node), "LST301", Severity.WARNING,
                f"Keras gives `{r.app.layer.cfg.display}` the output {_fmt_shapes(r.keras_shapes)}, "
                f"lstmlint inferred {lint_txt}",
                notes=notes, help="this is a disagreement between lstmlint and Keras; please report it",
                confirmed=None, confirm_note=f"Keras output {_fmt_shapes(r.keras_shapes)}",
            ))
        for r in unreported:
            new.append(Diagnostic(
                result.path, _loc_span(result, r.app.node), "LST302", Severity.WARNING,
                f"Keras refuses `{r.app.layer.cfg.display}` here, but lstmlint found no problem: {r.message}",
                notes=notes,
                help="if a symbolic size took a stand-in value, check the real one; otherwise please report it",
                confirmed=None, confirm_note=r.message,
            ))
    constructed = _confirm_constructs(result, analysis.findings, session)
    result.diagnostics = _mark(result, analysis.findings, by_app, constructed) + [
        d for d in new if options.wants(d.code)
    ]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return fc


def _confirm_constructs(result: FileResult, findings: list[Finding], session: Session) -> dict[int, dict]:
    """Findings about a layer's arguments alone (LST108): does Keras' constructor refuse them?"""
    items = []
    standins = StandIns()
    for f in findings:
        if f.app is None and f.layer is not None:
            try:
                items.append({"id": f.layer.uid, "spec": layer_spec(f.layer.cfg, standins, keep_input_kwargs=True)})
            except NotRebuildable:
                continue
    if not items:
        return {}
    answer = session.run({"inputs": [], "nodes": [], "constructs": items})
    return {int(k): v for k, v in answer.get("constructs", {}).items()}


def _mark(result: FileResult, findings: list[Finding], by_app: dict[int, LayerResult],
          constructed: dict[int, dict]) -> list[Diagnostic]:
    """Set ``confirmed`` / ``confirm_note`` on every diagnostic the analysis produced."""
    index: dict[tuple[str, Span], Finding] = {}
    for f in findings:
        index.setdefault((f.problem.code, _loc_span(result, f.node)), f)
    out = []
    for d in result.diagnostics:
        f = index.get((d.code, d.span))
        confirmed: bool | None = None
        note: str | None = None
        if f is not None and f.app is not None:
            r = by_app.get(f.app.uid)
            is_error = d.severity is Severity.ERROR
            if r is None:
                note = "not rebuilt in Keras"
            elif r.status == "error":
                confirmed = is_error
                note = f"Keras raises: {r.message}" if is_error else f"Keras refuses this layer: {r.message}"
            elif r.status == "ok":
                confirmed = not is_error
                shapes = _fmt_shapes(r.keras_shapes or [])
                note = f"Keras builds this layer: output {shapes}" if is_error else f"Keras builds it: output {shapes}"
            else:
                note = f"not rebuilt in Keras: {r.message}"
        elif f is not None and f.layer is None:
            note = "not about the layer graph: --confirm rebuilds layers only"
        elif f is not None and f.layer is not None:
            c = constructed.get(f.layer.uid)
            used = [r for r in by_app.values() if r.app.layer.uid == f.layer.uid and r.status == "error"]
            if used and (c is None or c["status"] != "error"):
                c = {"status": "error", "message": used[0].message}  # refused where it is called
            if c is None:
                note = "not rebuilt in Keras"
            elif c["status"] == "error":
                confirmed = d.severity is Severity.ERROR
                note = f"Keras raises: {c['message']}"
            elif c["status"] == "ok":
                confirmed = d.severity is not Severity.ERROR
                note = "Keras accepts these arguments"
            else:
                note = f"not rebuilt in Keras: {c.get('why')}"
        out.append(dataclasses.replace(d, confirmed=confirmed, confirm_note=note))
    return out


def confirm_results(results: Iterable[FileResult], options: Options | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> list[FileConfirm]:
    """Confirm every file's models; raises ConfirmUnavailable when Keras is not installed."""
    results = list(results)
    if not keras_installed():
        raise ConfirmUnavailable(INSTALL_HINT)
    session = Session(timeout)
    try:
        return [confirm_file(r, session, options) for r in results if r.analysis is not None]
    finally:
        session.close()


__all__ = [
    "ConfirmUnavailable", "FileConfirm", "INSTALL_HINT", "LayerResult", "ModelReport", "Session",
    "confirm_file", "confirm_results",
]
