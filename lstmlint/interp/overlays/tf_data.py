"""What ``tf.data`` means: datasets whose elements have a known shape.

``tf.data.Dataset.from_tensor_slices(X)`` / ``((X, y))`` / ``({"a": A, ...}, y)`` slices arrays
along their first axis; ``zip`` pairs datasets; ``batch(n)`` adds a batch axis;
``shuffle``/``prefetch``/``repeat``/``take``/``skip``/``cache``/``unbatch`` keep or drop it; a
``map(f)`` calls ``f`` (a lambda or a function of the file) on the element's arrays (a function
the analysis cannot follow makes the element unknown; ``filter``... is not followed).
``keras.utils.timeseries_dataset_from_array`` makes batched windows. ``model.fit(ds)`` then sees
batches of ``(None, *element)``. ``next(iter(ds))`` and TF 1's ``ds.make_one_shot_iterator()``
(``tf.compat.v1.data.make_one_shot_iterator(ds)``) ``.get_next()`` give one element as tensors,
a batch of a batched dataset with a ``None`` batch axis (measured in TF 2.21's graph mode: the
static batch size of ``get_next()`` is ``None``).

Unknown data (files, generators the analysis does not follow) stays unknown: never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import libcst as cst

from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue, dim_of
from lstmlint.interp.values import NOT_FOLLOWED, Arg, BoundMethod, FunctionValue, PartialValue
from lstmlint.shapes import UNKNOWN, Sym, is_int
from lstmlint.source.imports import Ref, keras_path

# dataset methods that keep the elements as they are
SAME_ELEMENTS = frozenset(
    {
        "shuffle",
        "prefetch",
        "repeat",
        "take",
        "skip",
        "cache",
        "with_options",
        "shard",
        "apply_options",
        "ignore_errors",
        "assert_cardinality",
    }
)
DATASET_CLASS = "tensorflow.data.Dataset"


@dataclass(eq=False, repr=False)
class DatasetValue:
    """A ``tf.data.Dataset``: the structure of one element (arrays without the sliced axis,
    nested in tuples/dicts; ``UNKNOWN`` where not known), and whether it is batched."""

    element: Any
    batched: bool = False


@dataclass(eq=False, repr=False)
class IteratorValue:
    """An iterator over a dataset (``iter(ds)``, TF 1's ``ds.make_one_shot_iterator()``):
    ``next(it)`` / ``it.get_next()`` give one element."""

    dataset: DatasetValue

    def element(self) -> Any:
        """One element as tensors: a batched dataset's with its batch axis (``None``: TF 1's
        ``get_next()`` has no static batch size; the last batch may be smaller)."""
        ds = self.dataset
        return _batched(ds.element) if ds.batched else ds.element


_ITERATOR_METHODS = frozenset({"make_one_shot_iterator", "make_initializable_iterator", "__iter__"})
_ITERATOR_FUNCTIONS = frozenset(
    f"tensorflow.{v}data.{f}"
    for v in ("", "compat.v1.")
    for f in ("make_one_shot_iterator", "make_initializable_iterator")
)


def _sliced(value: Any) -> Any:
    """One element of ``from_tensor_slices(value)``."""
    if isinstance(value, ArrayValue):
        return ArrayValue(tuple(value.dims[1:]), value.node) if value.dims else UNKNOWN
    if isinstance(value, tuple):
        return tuple(_sliced(v) for v in value)
    if isinstance(value, dict):
        return {k: _sliced(v) for k, v in value.items()}
    return UNKNOWN


def _batched(element: Any) -> Any:
    """``element`` with a batch axis of unknown size in front."""
    if isinstance(element, ArrayValue):
        return ArrayValue((None,) + tuple(element.dims), element.node)
    if isinstance(element, tuple):
        return tuple(_batched(v) for v in element)
    if isinstance(element, dict):
        return {k: _batched(v) for k, v in element.items()}
    return UNKNOWN


def _unbatched(element: Any) -> Any:
    if isinstance(element, ArrayValue):
        return ArrayValue(tuple(element.dims[1:]), element.node) if element.dims else UNKNOWN
    if isinstance(element, tuple):
        return tuple(_unbatched(v) for v in element)
    if isinstance(element, dict):
        return {k: _unbatched(v) for k, v in element.items()}
    return UNKNOWN


def dataset_batches(ds: DatasetValue) -> tuple[Any, Any]:
    """(x, y) of the batches ``fit(ds)`` sees; UNKNOWN where not known (y None: no targets).
    Keras takes each element of an unbatched dataset as a batch (measured, keras 3.15: a
    dataset of (12, 3) windows fed to an ``Input((12, 3))`` fails on the rank); only its
    inputs are checked then."""
    if not ds.batched:
        element = ds.element
        if isinstance(element, tuple) and len(element) in (2, 3):
            element = element[0]
        return (element if isinstance(element, ArrayValue) else UNKNOWN), None
    batch = _batched(ds.element)
    if isinstance(batch, tuple):
        if len(batch) in (2, 3):
            return batch[0], batch[1]
        return UNKNOWN, UNKNOWN
    return batch, None


def _identity_map(node: cst.Call) -> bool:
    """``ds.map(lambda x, y: (x, y))`` / ``ds.map(lambda x: x)``: returns its arguments."""
    lam = node.args[0].value if node.args else None
    if not isinstance(lam, cst.Lambda) or isinstance(lam.params.star_arg, cst.Param) or lam.params.kwonly_params:
        return False
    names = [p.name.value for p in lam.params.params]
    body = lam.body
    if len(names) == 1:
        return isinstance(body, cst.Name) and body.value == names[0]
    if isinstance(body, cst.Tuple):
        got = [el.value.value if isinstance(el.value, cst.Name) else None for el in body.elements]
        return got == names
    return False


def _spec_array(shape: Any, node: cst.CSTNode | None) -> Any:
    """``tf.TensorSpec(shape=(None, 10))``: an array of that shape (a ``None`` size unknown)."""
    if isinstance(shape, (tuple, list)):
        return ArrayValue(tuple(UNKNOWN if d is None else dim_of(d) for d in shape), node)
    return UNKNOWN


def _declared_element(signature: Any) -> Any:
    """The element ``from_generator`` declares: ``output_signature=`` of ``TensorSpec``s, or
    ``output_shapes=`` of shape tuples (nested in tuples/dicts); UNKNOWN where not known."""
    if isinstance(signature, ArrayValue):
        return signature
    if isinstance(signature, dict):
        return {k: _declared_element(v) for k, v in signature.items()}
    if isinstance(signature, tuple) and signature and all(isinstance(d, int) or d is None for d in signature):
        return _spec_array(signature, None)  # ``output_shapes=(None, 10)``: one shape
    if isinstance(signature, (tuple, list)):
        return tuple(_declared_element(v) for v in signature)
    return UNKNOWN


class TfDataOverlay(Overlay):
    name = "tf_data"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        qual = ref.qual
        # every name below is TensorFlow's or Keras': any other is refused before its arguments
        # are read (most calls of imported names that come here are neither)
        if args is None or not (qual.startswith("tensorflow.") or keras_path(qual)):
            return NOT_FOLLOWED
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        if qual in (f"{DATASET_CLASS}.from_tensor_slices", f"{DATASET_CLASS}.from_tensors"):
            data = pos[0] if pos else kw.get("tensors")
            if data is None:
                return NOT_FOLLOWED
            if qual.endswith("from_tensors"):
                return DatasetValue(data if isinstance(data, (ArrayValue, tuple, dict)) else UNKNOWN)
            return DatasetValue(_sliced(data))
        if qual == f"{DATASET_CLASS}.from_generator":
            # each element is what the generator yields, as its signature declares it
            signature = kw.get("output_signature", kw.get("output_shapes"))
            return DatasetValue(_declared_element(signature)) if signature is not None else NOT_FOLLOWED
        if qual in _ITERATOR_FUNCTIONS:
            dataset = pos[0] if pos else kw.get("dataset")
            return IteratorValue(dataset) if isinstance(dataset, DatasetValue) else NOT_FOLLOWED
        if qual == "tensorflow.TensorSpec":
            shape = pos[0] if pos else kw.get("shape")
            return _spec_array(shape, node)
        if qual == f"{DATASET_CLASS}.zip":
            parts = pos[0] if len(pos) == 1 and isinstance(pos[0], tuple) else tuple(pos)
            if parts and all(isinstance(p, DatasetValue) for p in parts):
                flags = {p.batched for p in parts}
                if len(flags) == 1:
                    return DatasetValue(tuple(p.element for p in parts), flags.pop())
            return NOT_FOLLOWED
        path = keras_path(qual)
        if path and path[-1] == "timeseries_dataset_from_array":
            return self.timeseries(pos, kw)
        if path and path[-1] == "to_categorical":
            # without a known ``num_classes`` (read from the labels' values): a symbolic width
            y = pos[0] if pos else kw.get("x", kw.get("y"))
            if isinstance(y, ArrayValue):
                dims = list(y.dims)
                if len(dims) > 1 and is_int(dims[-1]) and dims[-1] == 1:
                    dims = dims[:-1]
                return ArrayValue(tuple(dims) + (Sym.named(f"n_classes({self.ctx.source(node)})"),), node)
            return NOT_FOLLOWED
        if path and path[-1] == "pad_sequences":
            return self.padded(pos, kw, node)
        return NOT_FOLLOWED

    def padded(self, pos: list[Any], kw: dict[str, Any], node: cst.Call) -> Any:
        """``pad_sequences(seqs, maxlen=n)``: (number of sequences, n); the length is the
        longest sequence's when ``maxlen`` is not given (unknown unless the lists are literal)."""
        seqs = pos[0] if pos else kw.get("sequences")
        maxlen = pos[1] if len(pos) > 1 else kw.get("maxlen")
        if isinstance(seqs, list) and all(isinstance(s, (list, tuple)) for s in seqs):
            count: Any = len(seqs)
            longest: Any = max((len(s) for s in seqs), default=0)
        elif isinstance(seqs, ArrayValue) and seqs.dims:
            count = seqs.dims[0]
            longest = seqs.dims[1] if len(seqs.dims) == 2 else UNKNOWN
        else:
            count, longest = UNKNOWN, UNKNOWN
        if is_int(maxlen):
            return ArrayValue((count, maxlen), node)
        if maxlen is None:
            return ArrayValue((count, longest), node)
        return ArrayValue((count, UNKNOWN), node)

    def timeseries(self, pos: list[Any], kw: dict[str, Any]) -> Any:
        """``timeseries_dataset_from_array(data, targets, sequence_length, ...)``: batches of
        windows ``(None, None, *data[1:])`` and targets ``(None, *targets[1:])`` (measured,
        keras 3.15: the dataset's windows have no static length, so a model whose ``Input``
        says another length is not refused when it is traced)."""
        params = ("data", "targets")
        bound = dict(zip(params, pos)) | {k: v for k, v in kw.items() if k in params}
        data, targets = bound.get("data"), bound.get("targets")
        if not isinstance(data, ArrayValue) or not data.dims:
            return NOT_FOLLOWED
        window = ArrayValue((None,) + tuple(data.dims[1:]), data.node)
        if targets is None:
            return DatasetValue(window, batched=True)
        target = _sliced(targets) if isinstance(targets, ArrayValue) else UNKNOWN
        return DatasetValue((window, target), batched=True)

    def builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        if name == "iter" and len(pos) == 1 and not kw and isinstance(pos[0], DatasetValue):
            return IteratorValue(pos[0])
        if name == "next" and len(pos) == 1 and not kw and isinstance(pos[0], IteratorValue):
            return pos[0].element()
        return NOT_FOLLOWED

    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        if isinstance(base, (DatasetValue, IteratorValue)):
            return BoundMethod(base, attr)
        return NOT_FOLLOWED

    def call_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        if isinstance(obj, IteratorValue):
            return obj.element() if name in ("get_next", "__next__") and not args else UNKNOWN
        if not isinstance(obj, DatasetValue):
            return NOT_FOLLOWED
        if name in _ITERATOR_METHODS and not args:
            return IteratorValue(obj)
        if name in SAME_ELEMENTS:
            return DatasetValue(obj.element, obj.batched)
        if name in ("batch", "padded_batch") and not obj.batched:
            if name == "padded_batch":
                return DatasetValue(UNKNOWN, True)
            return DatasetValue(obj.element, True)
        if name == "unbatch" and obj.batched:
            return DatasetValue(_unbatched(obj.element), False)
        if name == "map" and args:
            if _identity_map(node):
                return DatasetValue(obj.element, obj.batched)
            return DatasetValue(self.mapped(obj, args, node), obj.batched)
        return UNKNOWN

    def mapped(self, ds: DatasetValue, args: list[Arg], node: cst.Call) -> Any:
        """The element of ``ds.map(f)``: ``f`` (a lambda or a function of the file) called on the
        element's tensors, a tuple element spread over its parameters as ``tf.data`` does; the
        element is unknown when the function is not followed or returns something else."""
        func = args[0].value if args[0].keyword in (None, "map_func") else None
        if not isinstance(func, (FunctionValue, PartialValue)):
            return UNKNOWN  # the other arguments (``num_parallel_calls``, ...) leave the element as is
        element = _batched(ds.element) if ds.batched else ds.element
        if not _known(element):
            return UNKNOWN
        given = [Arg(None, v) for v in element] if isinstance(element, tuple) else [Arg(None, element)]
        if isinstance(func, PartialValue):
            given = func.args + given
            func = func.func
            if not isinstance(func, FunctionValue):
                return UNKNOWN
        self.ctx.traced += 1  # ``tf.data`` traces the function with real tensors
        try:
            result = self.ctx.functions.call_function(func, given, node)
        finally:
            self.ctx.traced -= 1
        result = _as_arrays(result)
        if result is UNKNOWN:
            return UNKNOWN
        return _unbatched(result) if ds.batched else result


def _known(element: Any) -> bool:
    """Every leaf of ``element`` is an array of known rank."""
    if isinstance(element, ArrayValue):
        return True
    if isinstance(element, tuple):
        return bool(element) and all(_known(v) for v in element)
    if isinstance(element, dict):
        return bool(element) and all(isinstance(k, str) and _known(v) for k, v in element.items())
    return False


def _as_arrays(value: Any) -> Any:
    """What a ``map`` function returned, as arrays (tensors of known rank are taken as arrays of
    their shape); UNKNOWN when any part is not a known array."""
    if isinstance(value, ArrayValue):
        return value
    if isinstance(value, Tensor):
        if value.poisoned or value.shape.dims is None:
            return UNKNOWN
        return ArrayValue(tuple(value.shape.dims), None)
    if isinstance(value, (tuple, list)) and value:
        parts = tuple(_as_arrays(v) for v in value)
        return UNKNOWN if any(p is UNKNOWN for p in parts) else parts
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        items = {k: _as_arrays(v) for k, v in value.items()}
        return UNKNOWN if any(v is UNKNOWN for v in items.values()) else items
    return UNKNOWN
