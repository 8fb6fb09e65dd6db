"""``--confirm``: rebuild the layer graph lstmlint extracted in real Keras, in another process.

For every model found, the extracted graph (``spec.py``) is sent as JSON to the worker
(``worker.py``), which imports Keras and builds the graph layer by layer on shape-only inputs.
The user's file is never imported, executed or evaluated: only the graph is built, and only
from layers and arguments the layer registry allows (``LayerSpec.may_rebuild``: pure shape
computations, never files, vocabularies, SavedModels, custom objects or functions).

The worker runs isolated: ``python -I`` (no ``PYTHONPATH``, no user site-packages, no current
folder on ``sys.path``), a minimal environment (no variable of the caller's but ``PATH`` and
the locale), a temporary folder of its own as current folder and home, an address-space limit
(``RLIMIT_AS``), a budget of weight values it may allocate, and the per-model timeout.

A disagreement (LST301) or a refusal lstmlint missed (LST302) is claimed only when the rebuild
is faithful: every argument that matters was handed over, and no symbolic size took a stand-in
value; otherwise the summary says what could not be rebuilt.

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
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lstmlint.api import FileResult
from lstmlint.codes import Code
from lstmlint.confirm.spec import Job, NotRebuildable, StandIns, allowed, build_jobs, layer_spec, lint_outputs
from lstmlint.diagnostics import Diagnostic, Severity, Span
from lstmlint.findings import Finding
from lstmlint.graph.model import Application, Model
from lstmlint.settings import Options
from lstmlint.shapes import UNKNOWN, Shape

INSTALL_HINT = (
    "lstmlint: --confirm needs TensorFlow (Keras 3), which is not installed; "
    'install it with: pip install "tensorflow-cpu>=2.16" (or, from a clone of lstmlint: pip install ".[confirm]")'
)
DEFAULT_TIMEOUT = 60.0
STARTUP_TIMEOUT = 180.0
MEMORY_LIMIT = 4 * 2**30  # the worker's address space (TensorFlow alone maps about 1.9 GB)
WEIGHT_BUDGET = 100_000_000  # weight values one model's rebuild may create (400 MB of float32)
WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker.py")
# the only variables of the caller's environment the worker sees (none can change what it imports)
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "SYSTEMROOT")


def worker_command(memory_limit: int = MEMORY_LIMIT, weight_budget: int = WEIGHT_BUDGET, keras: str = "3") -> list[str]:
    """How the worker is started: isolated mode, by file (it imports nothing of lstmlint);
    ``keras`` "2" rebuilds with ``tf_keras`` (a file judged by Keras 2), "3" with ``keras``."""
    return [
        sys.executable,
        "-I",
        WORKER,
        "--memory-limit",
        str(memory_limit),
        "--weight-budget",
        str(weight_budget),
        "--keras",
        "2" if keras == "2" else "3",
    ]


def worker_environment(home: str) -> dict[str, str]:
    """A clean environment for the worker, with ``home`` (its own folder) as home and temp."""
    env = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
    env.update(
        {
            "HOME": home,
            "TMPDIR": home,
            "KERAS_HOME": os.path.join(home, ".keras"),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "TF_ENABLE_ONEDNN_OPTS": "0",
            "CUDA_VISIBLE_DEVICES": "",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONNOUSERSITE": "1",
        }
    )
    return env


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

    def __init__(
        self,
        startup_timeout: float = STARTUP_TIMEOUT,
        memory_limit: int = MEMORY_LIMIT,
        weight_budget: int = WEIGHT_BUDGET,
        keras: str = "3",
    ) -> None:
        self.target = keras
        self.home = tempfile.mkdtemp(prefix="lstmlint-confirm-")  # mode 0700, ours alone
        self._stderr = tempfile.TemporaryFile()
        # -I: neither PYTHONPATH, the user's site-packages nor the current folder reach sys.path,
        # so no module of the checked repository can shadow Keras; the environment is clean
        self.proc = subprocess.Popen(
            worker_command(memory_limit, weight_budget, keras),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            env=worker_environment(self.home),
            cwd=self.home,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        try:
            first = self._read(startup_timeout)
        except (WorkerFailed, WorkerTimeout, ValueError) as e:
            self.kill()
            why = str(e) or "no answer in time"
            raise ConfirmUnavailable(f"lstmlint: the --confirm worker did not start: {why}") from None
        if "missing" in first:
            self.close()
            if keras == "2":
                raise ConfirmUnavailable(
                    "lstmlint: --confirm rebuilds a file judged by Keras 2 with tf_keras, which "
                    "is not installed: pip install tf-keras (or use --keras-version 3)"
                )
            raise ConfirmUnavailable(INSTALL_HINT)
        if not first.get("ready"):
            self.close()
            why = first.get("failed", first)
            raise ConfirmUnavailable(f"lstmlint: the --confirm worker did not start: {why}")
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

    def _read(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise WorkerTimeout() from None
        if line is None:
            self.proc.wait()
            tail = self._stderr_tail()
            raise WorkerFailed(
                f"the Keras worker exited with status {self.proc.returncode}" + (f": {tail}" if tail else "")
            )
        try:
            answer = json.loads(line)
        except ValueError:
            raise WorkerFailed(f"the Keras worker answered something unexpected: {line[:200]!r}") from None
        if not isinstance(answer, dict):
            raise WorkerFailed("the Keras worker answered something unexpected")
        return answer

    def run(self, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
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
        self._cleanup()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._cleanup()

    def _cleanup(self) -> None:
        self._stderr.close()
        shutil.rmtree(self.home, ignore_errors=True)


class Session:
    """Hands jobs to a worker, starting a fresh one after a timeout or a crash."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self.worker: Worker | None = None
        self.keras_version: str | None = None
        self.target = "3"  # the Keras the next jobs are rebuilt with ("2": tf_keras)

    def use(self, target: str) -> None:
        """Rebuild the next jobs with Keras ``target`` ("2" or "3"): the file's own Keras."""
        self.target = "2" if target == "2" else "3"
        if self.worker is not None and self.worker.target != self.target:
            self.worker.close()
            self.worker = None

    def run(self, spec: dict[str, Any]) -> dict[str, Any]:
        """The worker's answer, or ``{"failed": why}`` for a timeout or a crash."""
        if self.worker is None:
            self.worker = Worker(keras=self.target)
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
def _fmt_concrete(dims: list[Any] | None) -> str:
    if dims is None:
        return "(unknown)"
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


def _fmt_shapes(shapes: list[list[Any]]) -> str:
    return ", ".join(_fmt_concrete(s) for s in shapes) if shapes else "nothing"


def shape_agrees(lint: Shape, keras: list[Any], standins: StandIns) -> bool:
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
    status: str  # "ok", "error", "skipped", "failed"
    keras_shapes: list[list[Any]] | None = None
    lint_shapes: tuple[Shape, ...] | None = None
    message: str | None = None
    agrees: bool | None = None  # shapes agree (None: not compared, or not a fair comparison)
    dropped: list[str] = field(default_factory=list)  # arguments left out (value not known)
    symbolic: bool = False  # symbolic sizes took stand-in values in it or its inputs
    differs: bool = False  # shapes differ, but the rebuild was not faithful enough to say so

    @property
    def faithful_error(self) -> bool:
        """Keras refused a rebuild that had every argument that matters."""
        return self.status == "error" and not self.dropped

    def unfaithful(self) -> str:
        """Why Keras' verdict on this layer is not a verdict on the user's code ('' if it is)."""
        why = []
        if self.dropped:
            why.append("left out " + ", ".join(self.dropped) + " (not known statically)")
        if self.symbolic:
            why.append("symbolic sizes took stand-in values")
        return "; ".join(why)


@dataclass
class ModelReport:
    """What Keras made of one model."""

    model: Model | None
    name: str
    line: int
    rebuilt: bool
    built: bool = False  # Keras built every rebuilt layer
    reason: str | None = None  # why it was not rebuilt
    layers: list[LayerResult] = field(default_factory=list)
    standins: list[str] = field(default_factory=list)
    stand_in_tensors: int = 0  # tensors fed to Keras with lstmlint's shape (slices, branches, ...)

    @property
    def disagreements(self) -> list[LayerResult]:
        return [r for r in self.layers if r.agrees is False]

    @property
    def errors(self) -> list[LayerResult]:
        """Layers Keras refused, rebuilt with every argument that matters."""
        return [r for r in self.layers if r.faithful_error]

    @property
    def unclaimed(self) -> list[LayerResult]:
        """Layers where Keras' verdict differs from lstmlint's on a rebuild not faithful enough
        to claim it (arguments left out, or refused with stand-in values)."""
        return [r for r in self.layers if r.differs or (r.status == "error" and r.dropped)]


@dataclass
class FileConfirm:
    result: FileResult
    models: list[ModelReport] = field(default_factory=list)


def _model_name(model: Model | None) -> str:
    if model is None:
        return "layers outside any model"
    return f"model `{model.var}`" if model.var else f"{model.kind} model"


def _layer_results(job: Job, answer: dict[str, Any], line: Any) -> list[LayerResult]:
    nodes = answer.get("nodes", {})
    sent = {n["id"]: n for n in job.spec.get("nodes", [])}
    out = []
    for app in job.apps:
        got = nodes.get(str(app.uid))
        lint = lint_outputs(app)
        node = sent.get(app.uid, {})
        r = LayerResult(
            app,
            line(app.node),
            "skipped",
            lint_shapes=lint,
            dropped=list(node.get("dropped", [])),
            symbolic=bool(node.get("symbolic")),
        )
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
            if r.agrees is False and r.unfaithful():
                r.agrees, r.differs = None, True
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
    agree: bool | None = not report.disagreements
    parts = []
    # a refusal is claimed where lstmlint reports an error too, or where the rebuild is faithful
    claimed = [r for r in report.errors if r.app.uid in lint_errors or not r.symbolic]
    unclaimed = report.unclaimed + [r for r in report.errors if r not in claimed]
    if claimed:
        first = claimed[0]
        kind = first.app.layer.cfg.display
        code = lint_errors.get(first.app.uid)
        where = f"at line {first.line} (`{kind}`)"
        if code:
            head = f"Keras refuses {name} {where}, where lstmlint reports {code}"
        else:
            head = f"Keras refuses {name} {where}: {first.message}"
        others = len(claimed) - 1
        if others:
            head += f"; {others} more layer{'s' if others != 1 else ''} refused"
    elif any(r.status == "error" for r in unclaimed):
        first = next(r for r in unclaimed if r.status == "error")
        head = (
            f"{name} not confirmed: Keras refuses the rebuild at line {first.line} "
            f"(`{first.app.layer.cfg.display}`), which is not faithful there"
        )
        agree = None
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
    if unclaimed:
        why = sorted({r.unfaithful() for r in unclaimed})
        k = len(unclaimed)
        parts.append(
            f"{k} layer{'s' if k != 1 else ''} where Keras differs from lstmlint not compared, "
            f"as the rebuild is not faithful there ({'; '.join(why)})"
        )
    if report.disagreements:
        parts.append(f"{len(report.disagreements)} output shape(s) differ from lstmlint (LST301)")
    elif not unclaimed:
        parts.append("every output shape agrees with lstmlint" if n else "no output shape to compare")
    return "; ".join(parts), (agree if n else None)


def confirm_file(result: FileResult, session: Session, options: Options | None = None) -> FileConfirm:
    """Rebuild every model of one linted file in Keras; updates ``result.diagnostics``."""
    options = options or Options()
    fc = FileConfirm(result)
    analysis = result.analysis
    if analysis is None or result.locate is None:
        return fc
    keras = "2" if result.target is not None and str(result.target.version) == "2" else "3"
    session.use(keras)  # tf_keras for Keras 2

    def line(node: Any) -> int:
        return _loc_span(result, node).line

    jobs = build_jobs(analysis, line, keras)
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
            new.append(
                Diagnostic(
                    result.path,
                    span,
                    Code.CONFIRM_NOT_REBUILT,
                    Severity.INFO,
                    f"{name} was not rebuilt in Keras: {report.reason}",
                    notes=notes,
                    confirmed=None,
                    confirm_note=report.reason,
                )
            )
            continue
        message, agree = _summary(report, lint_errors)
        unreported = [
            r
            for r in report.errors
            if r.app.uid not in lint_errors
            and _known_inputs(r.app)
            and r.app.problem is None
            and not any(t.poisoned for t in r.app.inputs)
            and not r.symbolic
        ]
        not_reproduced = [r for r in report.layers if r.status == "ok" and r.app.uid in lint_errors and not r.symbolic]
        if agree is not None and (unreported or not_reproduced):
            agree = False  # Keras' verdict differs from lstmlint's somewhere in this model
        new.append(
            Diagnostic(
                result.path,
                span,
                Code.CONFIRM_MODEL_RESULT,
                Severity.INFO,
                message,
                notes=notes,
                confirmed=agree,
                confirm_note=f"Keras {session.keras_version}",
            )
        )
        for r in report.disagreements:
            assert r.lint_shapes is not None and r.keras_shapes is not None
            lint_txt = ", ".join(str(s) for s in r.lint_shapes)
            new.append(
                Diagnostic(
                    result.path,
                    _loc_span(result, r.app.node),
                    Code.CONFIRM_SHAPE_DISAGREEMENT,
                    Severity.WARNING,
                    f"Keras gives `{r.app.layer.cfg.display}` the output {_fmt_shapes(r.keras_shapes)}, "
                    f"lstmlint inferred {lint_txt}",
                    notes=notes,
                    help="this is a disagreement between lstmlint and Keras; please report it",
                    confirmed=None,
                    confirm_note=f"Keras output {_fmt_shapes(r.keras_shapes)}",
                )
            )
        for r in unreported:
            new.append(
                Diagnostic(
                    result.path,
                    _loc_span(result, r.app.node),
                    Code.CONFIRM_UNREPORTED_KERAS_ERROR,
                    Severity.WARNING,
                    f"Keras refuses `{r.app.layer.cfg.display}` here, but lstmlint found no problem: {r.message}",
                    notes=notes,
                    help="if a symbolic size took a stand-in value, check the real one; otherwise please report it",
                    confirmed=None,
                    confirm_note=r.message,
                )
            )
    constructed = _confirm_constructs(result, analysis.findings, session)
    result.diagnostics = _mark(result, analysis.findings, by_app, constructed) + [
        d for d in new if options.wants(d.code)
    ]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return fc


def _confirm_constructs(result: FileResult, findings: list[Finding], session: Session) -> dict[int, dict[str, Any]]:
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
    answer = session.run(
        {"inputs": [], "nodes": [], "constructs": items, "allow": allowed([item["spec"] for item in items])}
    )
    return {int(k): v for k, v in answer.get("constructs", {}).items()}


def _mark(
    result: FileResult, findings: list[Finding], by_app: dict[int, LayerResult], constructed: dict[int, dict[str, Any]]
) -> list[Diagnostic]:
    """Set ``confirmed`` / ``confirm_note`` on every diagnostic the analysis produced."""
    index: dict[tuple[str, Span], Finding] = {}
    for finding in findings:
        index.setdefault((finding.problem.code, _loc_span(result, finding.node)), finding)
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
            elif r.status == "error" and r.dropped:
                note = f"not rebuilt faithfully ({r.unfaithful()}); Keras raises: {r.message}"
            elif r.status == "ok" and is_error and r.symbolic:
                note = (
                    f"Keras builds this layer with stand-in values for symbolic sizes: output "
                    f"{_fmt_shapes(r.keras_shapes or [])}; not a verdict on the real sizes"
                )
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


def confirm_results(
    results: Iterable[FileResult], options: Options | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[FileConfirm]:
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
    "INSTALL_HINT",
    "ConfirmUnavailable",
    "FileConfirm",
    "LayerResult",
    "ModelReport",
    "Session",
    "confirm_file",
    "confirm_results",
]
