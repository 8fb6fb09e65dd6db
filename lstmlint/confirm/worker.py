"""The ``--confirm`` worker: rebuilds extracted layer graphs in real Keras, in its own process.

Run by ``session.py`` as ``python -I <this file> --memory-limit BYTES --weight-budget N`` in a
clean environment, with a temporary folder of its own as the current folder: ``-I`` keeps
``PYTHONPATH``, the user's site-packages and the current folder off ``sys.path``, so no module
of the checked repository can shadow Keras. It imports the standard library and Keras, nothing
else (not even lstmlint).

It reads one JSON job per line on stdin (the graph of one model, see ``spec.py``) and answers
one JSON line per job on stdout: for each layer application whether Keras built it (and its
output shapes) or raised (and its message). What it builds is limited three ways:

* only the layer classes and arguments of the job's ``allow`` list (the layer registry's
  ``may_rebuild``), with plain values: numbers, option words, tuples and nested layers; never
  a dict Keras would deserialize, a path or a module name;
* layers are called on shape-only ``keras.Input`` tensors (nothing is ever run on data), and
  the weights they create are counted before they exist: over ``--weight-budget`` values a
  layer is not built (``skipped``), never allocated;
* the address space is capped (``RLIMIT_AS``), so anything unforeseen fails as a clean error.

The first line it writes is ``{"ready": ...}`` once Keras is imported, or ``{"missing": ...}``
(exit status 3) when Keras/TensorFlow is not installed.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from typing import Any

EXIT_MISSING = 3
DEFAULT_WEIGHT_BUDGET = 100_000_000  # weight values one job may create (400 MB as float32)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CALLING = re.compile(r"Exception encountered when calling [^\n]*\n+(.*?)(?:\n\s*\n|$)", re.S)


def clean_message(exc: BaseException, limit: int = 400) -> str:
    """Keras' message without colour codes and call-argument dumps, on one line."""
    text = _ANSI.sub("", str(exc))
    m = _CALLING.search(text)
    if m and m.group(1).strip():
        text = m.group(1)
    text = " ".join(text.split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class UnknownLayer(Exception):
    """A layer the worker does not build (unknown to Keras, or not on the allow-list)."""


class OverBudget(Exception):
    """A layer would create more weight values than the job's budget."""


class Limits:
    """The job's allow-list and weight budget, checked before anything is built."""

    def __init__(self, allow: dict[str, list[str]] | None = None, budget: int = DEFAULT_WEIGHT_BUDGET) -> None:
        self.allow = {k: frozenset(v) for k, v in (allow or {}).items()}
        self.budget = budget
        self.used = 0
        self.over: str | None = None  # set once a layer went over the budget

    def charge(self, shape: Any) -> None:
        try:
            n = math.prod(int(d) for d in shape)
        except (TypeError, ValueError):
            return
        if self.used + n > self.budget:
            self.over = (
                f"its weights would take more than {self.budget:,} values (--confirm does not allocate that much)"
            )
            raise OverBudget(self.over)
        self.used += n


_LIMITS = Limits()


def _install_weight_guard(keras: Any) -> None:
    """Count every weight before Keras creates it (``Layer.add_weight``)."""
    base = keras.layers.Layer
    original = base.add_weight
    if getattr(original, "_lstmlint_guard", False):
        return

    def add_weight(self: Any, *args: Any, **kwargs: Any) -> Any:
        shape = kwargs.get("shape", args[0] if args else None)
        if shape is not None:
            _LIMITS.charge(shape)
        return original(self, *args, **kwargs)

    add_weight._lstmlint_guard = True  # type: ignore[attr-defined]
    base.add_weight = add_weight


def _plain(v: Any, where: str) -> Any:
    """A JSON argument value the worker hands to Keras, checked: numbers, option words, lists,
    tuples and nested layer specs; anything else (a dict Keras would deserialize, a path, a
    module name) refuses the layer."""
    if v is None or isinstance(v, (bool, int, float)):
        return v
    if isinstance(v, str):
        if _WORD.fullmatch(v):
            return v
        raise UnknownLayer(f"{where}: a string --confirm does not hand to Keras")
    if isinstance(v, list):
        return [_plain(x, where) for x in v]
    if isinstance(v, dict) and set(v) == {"__tuple__"} and isinstance(v["__tuple__"], list):
        return {"__tuple__": [_plain(x, where) for x in v["__tuple__"]]}
    if isinstance(v, dict) and set(v) == {"__layer__"} and isinstance(v["__layer__"], dict):
        return v
    raise UnknownLayer(f"{where}: a value --confirm does not hand to Keras")


def _decode(v: Any, keras: Any) -> Any:
    if isinstance(v, list):
        return [_decode(x, keras) for x in v]
    if isinstance(v, dict):
        if "__tuple__" in v:
            return tuple(_decode(x, keras) for x in v["__tuple__"])
        if "__layer__" in v:
            return make_layer(v["__layer__"], keras)
    return v


def make_layer(spec: dict[str, Any], keras: Any) -> Any:
    kind = spec.get("kind")
    params = spec.get("params")
    if not isinstance(kind, str) or not isinstance(params, dict):
        raise UnknownLayer("not a layer")
    allowed = _LIMITS.allow.get(kind)
    if allowed is None:
        raise UnknownLayer(f"`{kind}` is not a layer --confirm builds in Keras")
    for k in params:
        if k not in allowed:
            raise UnknownLayer(f"argument `{k}` of `{kind}` is not one --confirm hands to Keras")
    cls = getattr(keras.layers, kind, None)
    if cls is None or not isinstance(cls, type) or not issubclass(cls, keras.layers.Layer):
        raise UnknownLayer(f"Keras has no layer class `{kind}`")
    checked = {k: _plain(v, f"argument `{k}` of `{kind}`") for k, v in params.items()}
    return cls(**{k: _decode(v, keras) for k, v in checked.items()})


def _resolve(v: Any, tensors: dict[str, Any]) -> Any:
    if isinstance(v, dict) and "__ref__" in v:
        t = tensors.get(v["__ref__"])
        if t is None:
            raise KeyError(v["__ref__"])
        return t
    if isinstance(v, list):
        return [_resolve(x, tensors) for x in v]
    if isinstance(v, dict) and "__tuple__" in v:
        return tuple(_resolve(x, tensors) for x in v["__tuple__"])
    return v


def _shape(t: Any) -> list[Any]:
    return [d if d is None else int(d) for d in t.shape]


def _stand_in(node: dict[str, Any], tensors: dict[str, Any], keras: Any) -> bool:
    """After Keras refused a layer, feed what follows with lstmlint's own output shapes."""
    lint = node.get("lint")
    if not lint or any(s is None or "?" in s for s in lint):
        return False
    for i, dims in enumerate(lint):
        tensors[f"a{node['id']}:{i}"] = keras.Input(batch_shape=tuple(dims))
    return True


def build(job: dict[str, Any], keras: Any, budget: int = DEFAULT_WEIGHT_BUDGET) -> dict[str, Any]:
    """Rebuild one job; never raises for what Keras refuses."""
    global _LIMITS
    _LIMITS = Limits(job.get("allow"), budget)
    tensors: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    for inp in job.get("inputs", []):
        if inp.get("skip"):
            continue
        try:
            tensors[inp["id"]] = keras.Input(batch_shape=tuple(inp["shape"]))
            inputs[inp["id"]] = {"status": "ok", "shapes": [_shape(tensors[inp["id"]])]}
        except Exception as e:  # noqa: BLE001 - Keras refusing an input shape is a result
            inputs[inp["id"]] = {"status": "error", "message": clean_message(e)}
    layers: dict[int, Any] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for node in job.get("nodes", []):
        nid = str(node["id"])
        if node.get("skip"):
            nodes[nid] = {"status": "skipped", "why": node["skip"], "stand_in": _stand_in(node, tensors, keras)}
            continue
        args = [tensors.get(r) if r else None for r in node["args"]]
        if not args or any(a is None for a in args):
            nodes[nid] = {
                "status": "skipped",
                "why": "an input of it was not rebuilt",
                "stand_in": _stand_in(node, tensors, keras),
            }
            continue
        try:
            kwargs = {k: _resolve(v, tensors) for k, v in node.get("kwargs", {}).items()}
        except KeyError:
            nodes[nid] = {"status": "skipped", "why": "a tensor passed to it was not rebuilt"}
            continue
        layer = layers.get(node["layer"])
        if layer is None:
            try:
                layer = make_layer(node["spec"], keras)
            except UnknownLayer as e:
                nodes[nid] = {"status": "skipped", "why": str(e)}
                continue
            except Exception as e:  # noqa: BLE001 - the constructor refused the arguments
                if _LIMITS.over is not None:
                    nodes[nid] = {"status": "skipped", "why": _LIMITS.over}
                    _LIMITS.over = None
                    continue
                nodes[nid] = {
                    "status": "error",
                    "phase": "construct",
                    "message": clean_message(e),
                    "type": type(e).__name__,
                }
                nodes[nid]["stand_in"] = _stand_in(node, tensors, keras)
                continue
            layers[node["layer"]] = layer
        x = args if node["is_list"] else args[0]
        try:
            y = layer(*args, **kwargs) if node.get("spread") else layer(x, **kwargs)
        except Exception as e:  # noqa: BLE001 - Keras refusing the graph is the result we want
            if _LIMITS.over is not None:  # stopped before allocating: not Keras' verdict
                nodes[nid] = {"status": "skipped", "why": _LIMITS.over}
                _LIMITS.over = None
                continue
            nodes[nid] = {"status": "error", "phase": "call", "message": clean_message(e), "type": type(e).__name__}
            nodes[nid]["stand_in"] = _stand_in(node, tensors, keras)
            continue
        flat = list(y) if isinstance(y, (list, tuple)) else [y]
        nodes[nid] = {"status": "ok", "shapes": [_shape(t) for t in flat], "multi": isinstance(y, (list, tuple))}
        for i, t in enumerate(flat):
            tensors[f"a{nid}:{i}"] = t
    constructs: dict[str, dict[str, Any]] = {}
    for item in job.get("constructs", []):
        _LIMITS.used, _LIMITS.over = 0, None
        try:
            make_layer(item["spec"], keras)
            constructs[str(item["id"])] = {"status": "ok"}
        except UnknownLayer as e:
            constructs[str(item["id"])] = {"status": "skipped", "why": str(e)}
        except Exception as e:  # noqa: BLE001
            if _LIMITS.over is not None:
                constructs[str(item["id"])] = {"status": "skipped", "why": _LIMITS.over}
            else:
                constructs[str(item["id"])] = {"status": "error", "message": clean_message(e)}
    return {"inputs": inputs, "nodes": nodes, "constructs": constructs}


def _arguments(argv: list[str]) -> dict[str, int]:
    """``--memory-limit BYTES --weight-budget N --keras 2|3`` (0: no memory limit; Keras 2 is
    ``tf_keras``, the file's own Keras when lstmlint judged it by Keras 2)."""
    opts = {"memory_limit": 0, "weight_budget": DEFAULT_WEIGHT_BUDGET, "keras": 3}
    for i, arg in enumerate(argv[:-1]):
        if arg in ("--memory-limit", "--weight-budget", "--keras"):
            opts[arg[2:].replace("-", "_")] = int(argv[i + 1])
    return opts


def _isolate(memory_limit: int) -> None:
    """Cap the address space and keep every folder but the interpreter's own off sys.path
    (``-I`` already does; this holds even when started without it)."""
    if memory_limit > 0:
        try:
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, ValueError, OSError):
            pass
    cwd = os.path.realpath(os.getcwd())
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) not in (cwd, here)]


def _installed(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _peak_rss_kb() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):
        return 0


def main(argv: list[str] | None = None) -> int:
    opts = _arguments(sys.argv[1:] if argv is None else argv)
    _isolate(opts["memory_limit"])
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    # answers go to the real stdout; anything Keras or TensorFlow prints goes to stderr
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def send(obj: dict[str, Any]) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    try:
        if opts["keras"] == 2:
            import tf_keras as keras
        else:
            import keras
    except MemoryError:
        send({"failed": "Keras does not fit in the --confirm worker's memory limit"})
        return 1
    except ImportError as e:
        package = "tf_keras" if opts["keras"] == 2 else "keras"
        if _installed(package) and _installed("tensorflow"):  # there, but it cannot load
            send({"failed": f"Keras cannot be imported: {type(e).__name__}: {clean_message(e, 200)}"})
            return 1
        send({"missing": f"{type(e).__name__}: {e}"})
        return EXIT_MISSING
    _install_weight_guard(keras)
    send(
        {
            "ready": True,
            "keras": getattr(keras, "__version__", "?"),
            "backend": keras.backend.backend(),
            "isolated": bool(sys.flags.isolated),
        }
    )
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            job = json.loads(line)
            result = build(job, keras, opts["weight_budget"])
        except MemoryError:
            result = {"failed": "the rebuild ran out of the --confirm worker's memory limit"}
        except Exception as e:  # noqa: BLE001 - a bug here must not hang the parent
            result = {"failed": f"{type(e).__name__}: {e}"}
        result["peak_rss_kb"] = _peak_rss_kb()
        send(result)
        keras.backend.clear_session()  # nothing of one job outlives it
    return 0


if __name__ == "__main__":
    sys.exit(main())
