"""Keras' fixed facts: the arrays ``keras.datasets.*.load_data()`` returns, and the backend's
image data format.

``load_data()`` of the bundled datasets returns arrays whose shapes are documented and asserted
by Keras itself (keras 3.15 ``keras/src/datasets``, tf_keras 2.21 and Keras 2.0-2.3 alike):

=================  =================================  =====================  ==================
dataset            x_train / x_test                   y_train / y_test       notes
=================  =================================  =====================  ==================
mnist              (60000, 28, 28) / (10000, 28, 28)  (60000,) / (10000,)    uint8
fashion_mnist      (60000, 28, 28) / (10000, 28, 28)  (60000,) / (10000,)    uint8
cifar10            (50000, 32, 32, 3) / (10000, ...)  (50000, 1) / (10000, 1) channels_last
cifar100           (50000, 32, 32, 3) / (10000, ...)  (50000, 1) / (10000, 1) channels_last
imdb               (25000,) / (25000,) object         (25000,) / (25000,)    lists of word ids
reuters            (8982,) / (2246,) object           (8982,) / (2246,)      11228 newswires
boston_housing     (404, 13) / (102, 13)              (404,) / (102,)        506 samples
california_housing (16512, 8) / (4128, 8)             (16512,) / (4128,)     20640 (small: 600)
=================  =================================  =====================  ==================

``test_split`` splits at ``int(n * (1 - test_split))`` as Keras does; ``maxlen`` (imdb, reuters)
drops the longer sequences, so the number of samples is then unknown. The CIFAR images are
transposed to channels_last only when the backend's image data format is channels_last.

``keras.backend.image_data_format()`` (``keras.config.image_data_format()``, and Keras 1/2's
``K.image_dim_ordering()``) is Keras' default ``"channels_last"`` (``"tf"``), the same default
the layer rules assume for a convolution without ``data_format``, unless the file itself calls
``set_image_data_format``/``set_image_dim_ordering``: then it is the value every such call sets
(and a layer taking ``data_format`` that is not given one takes it, see
``KerasOverlay.make_layer``), or unknown when they set a computed value or disagree (such layers
then have unknown outputs). The call is taken to come before anything it affects; a
``~/.keras/keras.json`` that changes the default is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.interp.values import NOT_FOLLOWED, Arg, bind_arguments
from lstmlint.shapes import UNKNOWN, is_int
from lstmlint.source.imports import Ref, keras_path

if TYPE_CHECKING:
    from lstmlint.interp.context import Context


@dataclass(eq=False)
class LabelArray(ArrayValue):
    """The labels of a bundled dataset in which every class from 0 to ``classes - 1`` occurs
    (in the training and in the test split), so ``to_categorical(y)`` is ``classes`` wide."""

    classes: int = 0


# classes of the labels, when every one of them occurs in both splits (mnist and fashion_mnist:
# 6000/1000 images per class; cifar10: 5000/1000; cifar100: 500/100 fine, 2500/500 coarse;
# imdb: 12500/12500 reviews per sentiment when no ``maxlen`` filters them)
_CLASSES = {"mnist": 10, "fashion_mnist": 10, "cifar10": 10, "cifar100": 100, "imdb": 2}
_IMAGES: dict[str, tuple[int, int, tuple[int, ...], tuple[int, ...]]] = {
    # name: (train, test, x dims per sample (channels_last), y dims per sample)
    "mnist": (60000, 10000, (28, 28), ()),
    "fashion_mnist": (60000, 10000, (28, 28), ()),
    "cifar10": (50000, 10000, (32, 32, 3), (1,)),
    "cifar100": (50000, 10000, (32, 32, 3), (1,)),
}
_SPLIT: dict[str, tuple[int, tuple[int, ...], tuple[str, ...]]] = {
    # name: (samples before the split, x dims per sample, load_data's positional parameters)
    "boston_housing": (506, (13,), ("path", "test_split", "seed")),
    "california_housing": (20640, (8,), ("version", "path", "test_split", "seed")),
    "reuters": (
        11228,
        (),
        (
            "path",
            "num_words",
            "skip_top",
            "maxlen",
            "test_split",
            "seed",
            "start_char",
            "oov_char",
            "index_from",
        ),
    ),
}
_IMDB_PARAMS = ("path", "num_words", "skip_top", "maxlen", "seed", "start_char", "oov_char", "index_from")
_CALIFORNIA_SMALL = 600
_DIM_ORDERING = {"tf": "channels_last", "th": "channels_first"}  # Keras 1/2 names
_SETTERS = re.compile(r"\bset_image_(data_format|dim_ordering)\s*\(\s*(?:(['\"])(\w+)\2\s*\))?")


class KerasDatasetsOverlay(Overlay):
    name = "keras_datasets"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._format: Any = None  # computed once per file: "channels_last", "channels_first" or UNKNOWN

    # --------------------------------------------------------- image format
    def image_data_format(self) -> Any:
        """``"channels_last"`` (Keras' default); the value the file sets with
        ``set_image_data_format``/``set_image_dim_ordering`` when every such call sets the same
        constant; UNKNOWN when they set a computed value or disagree."""
        if self._format is None:
            found: set[Any] = set()
            text = self.ctx.module_text()
            # every match holds ``set_image_``: a substring test settles most files ~40x faster
            # than the regex's scan (``\b`` first: sre tries it at every position)
            for match in _SETTERS.finditer(text) if "set_image_" in text else ():
                kind, value = match.group(1), match.group(3)
                if kind == "dim_ordering":
                    value = _DIM_ORDERING.get(value or "")
                found.add(value if value in ("channels_last", "channels_first") else UNKNOWN)
            self._format = found.pop() if len(found) == 1 else UNKNOWN if found else "channels_last"
        return self._format

    # ------------------------------------------------------------------ calls
    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        path = keras_path(ref.qual)
        if not path or args is None:
            return NOT_FOLLOWED
        if path in (("backend", "image_data_format"), ("config", "image_data_format")) and not args:
            return self.image_data_format()
        if path == ("backend", "image_dim_ordering") and not args:
            ordering = {v: k for k, v in _DIM_ORDERING.items()}
            return ordering.get(self.image_data_format(), UNKNOWN)
        if len(path) == 3 and path[0] == "datasets" and path[2] == "load_data":
            return self.load_data(path[1], args, node)
        if path[-1] == "to_categorical":
            return self.to_categorical(args, node)
        return NOT_FOLLOWED

    @staticmethod
    def to_categorical(args: list[Arg], node: cst.Call) -> Any:
        """``to_categorical(y)`` without ``num_classes`` of a dataset's labels: as wide as the
        classes (Keras takes ``max(y) + 1``, after dropping a trailing axis of 1)."""
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        y = pos[0] if pos else kw.get("x", kw.get("y"))
        n = pos[1] if len(pos) > 1 else kw.get("num_classes")
        if not isinstance(y, LabelArray) or n is not None or not y.classes:
            return NOT_FOLLOWED
        dims = list(y.dims)
        if len(dims) > 1 and dims[-1] == 1:
            dims = dims[:-1]
        return ArrayValue((*dims, y.classes), node)

    def load_data(self, dataset: str, args: list[Arg], node: cst.Call) -> Any:
        if dataset in _IMAGES:
            train, test, per_image, y_dims = _IMAGES[dataset]
            x_dims: tuple[Any, ...] = per_image
            image_format = self.image_data_format()
            if dataset.startswith("cifar") and image_format == "channels_first":
                x_dims = (3, 32, 32)  # Keras transposes to channels_last only for that format
            elif dataset.startswith("cifar") and image_format != "channels_last":
                x_dims = (UNKNOWN, UNKNOWN, UNKNOWN)
            classes = _CLASSES[dataset]
            if dataset == "cifar100":
                mode = args[0].value if args and args[0].keyword in (None, "label_mode") else "fine"
                classes = {"fine": 100, "coarse": 20}.get(mode, 0) if isinstance(mode, str) else 0
            return self.split(train, test, x_dims, y_dims, node, classes)
        if dataset == "imdb":
            bound = bind_arguments(_IMDB_PARAMS, args)
            if bound is None:
                return NOT_FOLLOWED
            if bound.get("maxlen") is None:
                return self.split(25000, 25000, (), (), node, _CLASSES[dataset])
            return self.split(UNKNOWN, UNKNOWN, (), (), node)
        if dataset in _SPLIT:
            total, x_dims, params = _SPLIT[dataset]
            bound = bind_arguments(params, args)
            if bound is None:
                return NOT_FOLLOWED
            if dataset == "california_housing":
                version = bound.get("version", "large")
                if version == "small":
                    total = _CALIFORNIA_SMALL
                elif version != "large":
                    return NOT_FOLLOWED
            if dataset == "reuters" and bound.get("maxlen") is not None:
                return self.split(UNKNOWN, UNKNOWN, x_dims, (), node)
            test_split = bound.get("test_split", 0.2)
            if not isinstance(test_split, (int, float)) or isinstance(test_split, bool) or not 0 <= test_split < 1:
                return self.split(UNKNOWN, UNKNOWN, x_dims, (), node)
            cut = int(total * (1 - test_split))  # exactly Keras' own expression
            return self.split(cut, total - cut, x_dims, (), node)
        return NOT_FOLLOWED

    @staticmethod
    def split(
        train: Any, test: Any, x_dims: tuple[Any, ...], y_dims: tuple[Any, ...], node: cst.Call, classes: int = 0
    ) -> Any:
        def arrays(n: Any) -> tuple[ArrayValue, ArrayValue]:
            count = n if is_int(n) else UNKNOWN
            labels = (count, *y_dims)
            y = LabelArray(labels, node, classes) if classes else ArrayValue(labels, node)
            return ArrayValue((count, *x_dims), node), y

        return arrays(train), arrays(test)
