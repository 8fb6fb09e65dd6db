"""What Keras does with data at ``compile``/``fit`` time: how a loss compares the model's output
with the target, and how a model checks an input batch against its ``Input`` (measured,
keras 3.15 / tensorflow 2.21). Pure functions on dims; the Keras overlay calls them."""

from __future__ import annotations

from typing import Any

from lstmlint.graph.model import Application
from lstmlint.interp.overlays.values import ArrayValue, LossValue
from lstmlint.shapes import UNKNOWN, Shape, ShapeProblem, is_int
from lstmlint.source.imports import Ref, keras_path

# losses Keras computes element by element after aligning ranks (broadcasting)
ELEMENTWISE_LOSSES = frozenset(
    {
        "mse",
        "mae",
        "mape",
        "msle",
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "huber",
        "log_cosh",
        "logcosh",
        "meansquarederror",
        "meanabsoluteerror",
        "meanabsolutepercentageerror",
        "meansquaredlogarithmicerror",
        "huber_loss",
    }
)
# losses whose backend op demands target and output of the same shape
SAME_SHAPE_LOSSES = frozenset(
    {
        "binary_crossentropy",
        "categorical_crossentropy",
        "binarycrossentropy",
        "categoricalcrossentropy",
    }
)
SPARSE_LOSSES = frozenset({"sparse_categorical_crossentropy", "sparsecategoricalcrossentropy"})


def loss_name(loss: Any) -> str | None:
    if isinstance(loss, str):
        return loss.lower()
    if isinstance(loss, LossValue):
        return loss.name.lower()
    if isinstance(loss, Ref):
        path = keras_path(loss.qual)
        if path and path[0] == "losses":
            return path[-1].lower()
    return None


def _squeeze_or_expand(t: list[Any], p: list[Any]) -> tuple[list[Any], list[Any]]:
    """Keras' ``squeeze_or_expand_to_same_rank(y_true, y_pred)`` on static dims."""
    if len(p) == len(t) + 1 and is_int(p[-1]) and p[-1] == 1:
        if len(t) == 1:
            t = t + [1]
        else:
            p = p[:-1]
    elif len(t) == len(p) + 1 and is_int(t[-1]) and t[-1] == 1:
        if len(p) == 1:
            p = p + [1]
        else:
            t = t[:-1]
    return t, p


def known_differ(a: Any, b: Any) -> bool:
    return is_int(a) and is_int(b) and a != b


def fit_problem(loss: str | None, output: Shape, target: tuple[Any, ...], keras2: bool = False) -> str | None:
    """Why Keras' loss fails on this target (measured, keras 3.15 / tensorflow 2.21), or None.

    The first axis is the batch: Keras sees it as None when it traces the loss, so it is never
    compared. Only known sizes are compared. ``keras2``: tf_keras 2.21 first makes 1-D targets of
    a 2-D output ``(n, 1)`` (measured: ``mse`` on ``(n,)`` labels and a ``(None, 3)`` output runs,
    broadcasting, where Keras 3 raises; ``categorical_crossentropy`` then sees ``(n, 1)``); the
    losses then compare as in Keras 3.
    """
    if output.dims is None or loss is None:
        return None
    if keras2 and len(target) == 1 and len(output.dims) == 2:
        why = fit_problem(loss, output, (target[0], 1))
        return None if why is None else why + " (Keras 2 takes 1-D targets as `(n, 1)`)"
    t, p = _squeeze_or_expand([None] + list(target[1:]), list(output.dims))
    if loss in SAME_SHAPE_LOSSES:
        if len(t) != len(p):
            return f"`{loss}` needs target and output of the same rank"
        if any(known_differ(a, b) for a, b in zip(t[1:], p[1:])):
            return f"`{loss}` needs target and output of the same shape"
        return None
    if loss in SPARSE_LOSSES:
        if len(t) == len(p) and is_int(t[-1]) and t[-1] == 1:
            t = t[:-1]
        if len(t) != len(p) - 1:
            return f"`{loss}` needs an output with one axis more than the target (the classes)"
        if any(known_differ(a, b) for a, b in zip(t[1:], p[1:-1])):
            return f"`{loss}` needs target and output to agree on every axis but the last"
        return None
    if loss in ELEMENTWISE_LOSSES:
        # right-aligned broadcasting; axes that meet the batch axis are not compared
        broadcast = None
        for k in range(1, min(len(t), len(p)) + 1):
            i, j = len(t) - k, len(p) - k
            if i == 0 or j == 0:
                break
            a, b = t[i], p[j]
            if known_differ(a, b):
                if a != 1 and b != 1:
                    return f"`{loss}` cannot broadcast the target against the output"
                if broadcast is None:
                    broadcast = (a, b)
        if broadcast is not None and len(t) == len(p):
            a, b = broadcast
            side = "target" if a == 1 else "output"
            return BROADCAST + f"`{loss}` repeats each {side} value {max(a, b)} times to compare them"
        return None
    return None


BROADCAST = "broadcast: "  # prefix of a fit_problem that Keras accepts silently (a warning)


def fmt_dims(dims: tuple[Any, ...]) -> str:
    return "(" + ", ".join("?" if d is UNKNOWN else str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"


def input_problem(expected: Shape, got: tuple[Any, ...], rank_only: bool = False) -> str | None:
    """A functional model checks each input batch against its ``Input`` shape (measured: a
    different rank or any differing known size fails; ``None`` accepts anything). A Sequential
    model that starts with ``keras.Input`` checks only the rank (measured: a different length
    passes the input; a different width fails later, inside the first layer)."""
    if expected.dims is None:
        return None
    exp = expected.dims
    if len(got) == len(exp) + 1:  # Keras drops a trailing axis of size 1
        if not is_int(got[-1]):
            return None
        if got[-1] == 1:
            got = got[:-1]
    elif len(got) == len(exp) - 1:  # ... or adds one when the Input's last axis is 1
        if not is_int(exp[-1]):
            return None
        if exp[-1] == 1:
            got = tuple(got) + (1,)
    if len(expected.dims) != len(got):
        return f"{len(got)}-D data for a {len(expected.dims)}-D input"
    if rank_only:
        return None
    for axis, (e, g) in enumerate(zip(expected.dims[1:], got[1:]), start=1):
        if known_differ(e, g):
            return f"axis {axis} is {g}, not {e}"
    return None


# ------------------------------------------------------------------ data against a model
# methods that take input data as their first argument (``x``), and whether they take targets
DATA_METHODS = {
    "fit": True,
    "evaluate": True,
    "train_on_batch": True,
    "test_on_batch": True,
    "predict": False,
    "predict_on_batch": False,
}
# methods that leave a model's layers and shapes as they are (the analysis keeps following it)
HARMLESS_METHODS = frozenset(
    {
        "compile",
        "summary",
        "save",
        "save_weights",
        "load_weights",
        "set_weights",
        "get_weights",
        "reset_states",
        "reset_metrics",
        "count_params",
        "to_json",
        "to_yaml",
        "get_config",
        "export",
        "plot_model",
        "stop_training",
        "make_predict_function",
        "make_train_function",
        "make_test_function",
        "get_compile_config",
        "compile_from_config",
        "get_build_config",
        "save_spec",
        "quantize",
    }
)


def adapt_rank(expected: tuple[Any, ...], got: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Keras 3's adaptation of a data batch to a model input of another rank (measured, keras
    3.15: a trailing axis of size 1 in the data is dropped; one is added when the input's last
    axis is 1); None when it cannot be decided."""
    if len(got) == len(expected) + 1:
        if not is_int(got[-1]):
            return None
        if got[-1] == 1:
            return tuple(got[:-1])
    elif len(got) == len(expected) - 1:
        if not is_int(expected[-1]):
            return None
        if expected[-1] == 1:
            return tuple(got) + (1,)
    return tuple(got)


def rerun_problem(pairs: list[tuple[Any, Shape]], data: Shape) -> tuple[Any, Shape, Shape] | None:
    """``Sequential.call`` on a batch of another shape than the one the model was built on
    (measured, keras 3.15: only the rank is checked on entry; each layer then runs on what it
    gets, and a layer whose weights were made for other sizes fails, e.g. ``Dense`` built for 40
    features given 48). ``pairs``: each layer with the input shape it was built on. Returns
    (layer, built on, given) of the first layer whose weights cannot take the new input, or
    None when none is proved to fail (anything not followed ends the check)."""
    from lstmlint.layers.params import count_params
    from lstmlint.layers.spec import infer_layer

    current = data
    for layer, built_on in pairs:
        if current.dims is None or built_on.dims is None or len(current.dims) != len(built_on.dims):
            return None
        if any(a != b for a, b in zip(current.dims, built_on.dims)):
            before = count_params(layer.cfg, [built_on])
            after = count_params(layer.cfg, [current])
            if before is not None and after is not None and before.total != after.total:
                return layer, built_on, current
        try:
            outcome = infer_layer(layer.cfg, [current], False)
        except ShapeProblem:
            return None  # Keras would refuse it some other way: not followed here
        if outcome.outputs is None or outcome.multi or len(outcome.outputs) != 1:
            return None
        current = outcome.outputs[0]
    return None


def keras2_entry_problem(expected: tuple[Any, ...], got: tuple[Any, ...]) -> str | None:
    """tf_keras' check of a data batch against a model's ``Input`` (measured, tf_keras 2.21, for
    functional and Sequential models alike, ``model(x)`` included): the rank is adapted as Keras 3
    does (``adapt_rank``); then each shape loses one trailing axis of size 1 and the sizes are
    compared pairwise over the shorter one, the batch axis aside. A different rank is not refused
    there: the layers run on the data as it is (see ``keras2_layers_problem``)."""
    adapted = adapt_rank(expected, got)
    if adapted is None:
        return None
    e, g = list(expected), list(adapted)
    if e and is_int(e[-1]) and e[-1] == 1:
        e = e[:-1]
    if g and is_int(g[-1]) and g[-1] == 1:
        g = g[:-1]
    for axis, (a, b) in enumerate(zip(e, g)):
        if axis and known_differ(a, b):
            return f"axis {axis} is {b}, not {a}"
    return None


def keras2_layers_problem(pairs: list[tuple[Any, Shape]], data: Shape) -> tuple[Any, str] | None:
    """tf_keras runs a model's layers on a batch its ``Input`` let through (``keras2_entry_problem``):
    (layer, why) of the first layer proved to refuse it (its shape rule raises, or its weights were
    made for other sizes), or None (anything not followed ends the check; measured: an
    ``Input((8,))`` model of ``ReLU`` runs on an ``(8,)`` array, one of ``Dense`` refuses it)."""
    from lstmlint.layers.checks import keras3_only
    from lstmlint.layers.params import count_params
    from lstmlint.layers.spec import infer_layer

    current = data
    for layer, built_on in pairs:
        if current.dims is None or built_on.dims is None:
            return None
        if len(current.dims) == len(built_on.dims) and any(a != b for a, b in zip(current.dims, built_on.dims)):
            before = count_params(layer.cfg, [built_on])
            after = count_params(layer.cfg, [current])
            if before is not None and after is not None and before.total != after.total:
                return layer, f"`{layer.cfg.display}` was built for inputs {built_on} and gets {current}"
        try:
            outcome = infer_layer(layer.cfg, [current], False)
        except ShapeProblem as problem:
            if keras3_only(problem):
                return None
            return layer, f"Keras 2 runs the layers on it and `{layer.cfg.display}` refuses {current}: {problem}"
        if outcome.outputs is None or outcome.multi or len(outcome.outputs) != 1:
            return None
        current = outcome.outputs[0]
    return None


def chain_pairs(model: Any) -> list[tuple[Any, Shape]] | None:
    """Each layer of a model that is one chain from its one input to its one output, with the
    input shape it was built on; None for any other graph."""
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return None
    if not model.applications:  # a functional model: walk back from its output to its input
        back: list[tuple[Any, Shape]] = []
        tensor = model.outputs[0]
        while tensor is not model.inputs[0]:
            app = tensor.producer
            if not isinstance(app, Application) or len(app.inputs) != 1 or app.is_list or len(app.outputs) != 1:
                return None
            back.append((app.layer, app.inputs[0].shape))
            tensor = app.inputs[0]
        return back[::-1] or None
    current = model.inputs[0]
    pairs: list[tuple[Any, Shape]] = []
    for app in model.applications:
        if len(app.inputs) != 1 or app.is_list or app.inputs[0] is not current or len(app.outputs) != 1:
            return None
        pairs.append((app.layer, current.shape))
        current = app.outputs[0]
    return pairs if current is model.outputs[0] else None


def keras2_batch_problem(model: Any, batches: list[Any]) -> tuple[int, str] | None:
    """(input index, why) when tf_keras refuses these data batches (one per model input, arrays
    or anything else: not checked) at the model's entry or, for a one-input chain of layers, in
    a layer (``keras2_entry_problem``, ``keras2_layers_problem``); None when not proved."""
    for i, (batch, declared) in enumerate(zip(batches, model.inputs)):
        if not isinstance(batch, ArrayValue) or declared.shape.dims is None:
            continue
        why = keras2_entry_problem(tuple(declared.shape.dims), tuple(batch.dims))
        if why is not None:
            return i, why
    if len(batches) != 1 or not isinstance(batches[0], ArrayValue) or model.inputs[0].shape.dims is None:
        return None
    adapted = adapt_rank(tuple(model.inputs[0].shape.dims), tuple(batches[0].dims))
    pairs = chain_pairs(model)
    if not adapted or not pairs:
        return None
    # the layers see batches of the declared batch size when there is one (stateful models),
    # else of a size the analysis does not follow
    batch_size = model.inputs[0].shape.dims[0]
    found = keras2_layers_problem(pairs, Shape((batch_size if is_int(batch_size) else None,) + tuple(adapted[1:])))
    return (0, found[1]) if found is not None else None


def split_data(value: Any) -> tuple[Any, Any]:
    """(x, y) of a ``validation_data`` tuple (a third element is sample weights)."""
    if isinstance(value, (tuple, list)) and len(value) in (2, 3):
        return value[0], value[1]
    return UNKNOWN, UNKNOWN


def only_harmless_uses(stmt: Any, names: set[str]) -> bool:
    """Whether every mention of ``names`` in ``stmt`` calls a method that leaves a model as it
    is (``model.fit(...)``, ``model.reset_states()``, ``model.predict(...)``), so that a loop
    around it (``for i in range(400): model.fit(...)``) need not forget the model. Any other
    use (an argument, an assignment, ``model.add``, an attribute) answers False."""
    import libcst as cst

    if not names:
        return False
    harmless = HARMLESS_METHODS | set(DATA_METHODS)
    ok = True
    seen = False

    def walk(node: cst.CSTNode, parent: cst.CSTNode | None, grand: cst.CSTNode | None) -> None:
        nonlocal ok, seen
        if not ok:
            return
        if isinstance(node, cst.Name) and node.value in names:
            seen = True
            if not (
                isinstance(parent, cst.Attribute)
                and parent.value is node
                and parent.attr.value in harmless
                and isinstance(grand, cst.Call)
                and grand.func is parent
            ):
                ok = False
            return
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            ok = False  # a nested scope: not looked into
            return
        for child in node.children:
            walk(child, node, parent)

    walk(stmt, None, None)
    return ok and seen
