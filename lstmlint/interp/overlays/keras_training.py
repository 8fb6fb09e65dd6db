"""What Keras does with data at ``compile``/``fit`` time: how a loss compares the model's output
with the target, and how a model checks an input batch against its ``Input`` (measured,
keras 3.15 / tensorflow 2.21). Pure functions on dims; the Keras overlay calls them."""

from __future__ import annotations

from typing import Any

from lstmlint.interp.overlays.values import LossValue
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


def fit_problem(loss: str | None, output: Shape, target: tuple[Any, ...]) -> str | None:
    """Why Keras' loss fails on this target (measured, keras 3.15 / tensorflow 2.21), or None.

    The first axis is the batch: Keras sees it as None when it traces the loss, so it is never
    compared. Only known sizes are compared.
    """
    if output.dims is None or loss is None:
        return None
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
