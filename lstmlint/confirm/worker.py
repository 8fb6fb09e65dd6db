"""The ``--confirm`` worker: rebuilds extracted layer graphs in real Keras, in its own process.

Run as ``python -P -m lstmlint.confirm.worker``. It reads one JSON job per line on stdin (the
graph of one model, see ``graphspec.py``) and answers one JSON line per job on stdout: for
each layer application whether Keras built it (and its output shapes) or raised (and its
message). It imports Keras and nothing else: never the user's file or modules.

The first line it writes is ``{"ready": ...}`` once Keras is imported, or ``{"missing": ...}``
(exit status 3) when Keras/TensorFlow is not installed.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

EXIT_MISSING = 3
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


def _decode(v: Any, keras: Any) -> Any:
    if isinstance(v, list):
        return [_decode(x, keras) for x in v]
    if isinstance(v, dict):
        if "__tuple__" in v:
            return tuple(_decode(x, keras) for x in v["__tuple__"])
        if "__layer__" in v:
            return make_layer(v["__layer__"], keras)
    return v


class UnknownLayer(Exception):
    pass


def make_layer(spec: dict, keras: Any) -> Any:
    cls = getattr(keras.layers, spec["kind"], None)
    if cls is None or not isinstance(cls, type):
        raise UnknownLayer(f"Keras has no layer class `{spec['kind']}`")
    params = {k: _decode(v, keras) for k, v in spec["params"].items()}
    return cls(**params)


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


def _shape(t: Any) -> list:
    return [d if d is None else int(d) for d in t.shape]


def _stand_in(node: dict, tensors: dict[str, Any], keras: Any) -> bool:
    """After Keras refused a layer, feed what follows with lstmlint's own output shapes."""
    lint = node.get("lint")
    if not lint or any(s is None or "?" in s for s in lint):
        return False
    for i, dims in enumerate(lint):
        tensors[f"a{node['id']}:{i}"] = keras.Input(batch_shape=tuple(dims))
    return True


def build(job: dict, keras: Any) -> dict:
    """Rebuild one job; never raises for what Keras refuses."""
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
    nodes: dict[str, dict] = {}
    for node in job.get("nodes", []):
        nid = str(node["id"])
        if node.get("skip"):
            nodes[nid] = {"status": "skipped", "why": node["skip"], "stand_in": _stand_in(node, tensors, keras)}
            continue
        args = [tensors.get(r) if r else None for r in node["args"]]
        if not args or any(a is None for a in args):
            nodes[nid] = {"status": "skipped", "why": "an input of it was not rebuilt",
                          "stand_in": _stand_in(node, tensors, keras)}
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
                nodes[nid] = {"status": "error", "phase": "construct", "message": clean_message(e),
                              "type": type(e).__name__}
                nodes[nid]["stand_in"] = _stand_in(node, tensors, keras)
                continue
            layers[node["layer"]] = layer
        x = args if node["is_list"] else args[0]
        try:
            y = layer(*args, **kwargs) if node.get("spread") else layer(x, **kwargs)
        except Exception as e:  # noqa: BLE001 - Keras refusing the graph is the result we want
            nodes[nid] = {"status": "error", "phase": "call", "message": clean_message(e),
                          "type": type(e).__name__}
            nodes[nid]["stand_in"] = _stand_in(node, tensors, keras)
            continue
        flat = list(y) if isinstance(y, (list, tuple)) else [y]
        nodes[nid] = {"status": "ok", "shapes": [_shape(t) for t in flat], "multi": isinstance(y, (list, tuple))}
        for i, t in enumerate(flat):
            tensors[f"a{nid}:{i}"] = t
    constructs: dict[str, dict] = {}
    for item in job.get("constructs", []):
        try:
            make_layer(item["spec"], keras)
            constructs[str(item["id"])] = {"status": "ok"}
        except UnknownLayer as e:
            constructs[str(item["id"])] = {"status": "skipped", "why": str(e)}
        except Exception as e:  # noqa: BLE001
            constructs[str(item["id"])] = {"status": "error", "message": clean_message(e)}
    return {"inputs": inputs, "nodes": nodes, "constructs": constructs}


def main() -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    # answers go to the real stdout; anything Keras or TensorFlow prints goes to stderr
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def send(obj: dict) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    try:
        import keras
    except ImportError as e:
        send({"missing": f"{type(e).__name__}: {e}"})
        return EXIT_MISSING
    send({"ready": True, "keras": getattr(keras, "__version__", "?"), "backend": keras.backend.backend()})
    done = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            job = json.loads(line)
            result = build(job, keras)
        except Exception as e:  # noqa: BLE001 - a bug here must not hang the parent
            result = {"failed": f"{type(e).__name__}: {e}"}
        send(result)
        done += 1
        if done % 20 == 0:
            keras.backend.clear_session()
    return 0


if __name__ == "__main__":
    sys.exit(main())
