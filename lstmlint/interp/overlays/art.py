"""What the Adversarial Robustness Toolbox's dataset loaders return (``art.utils``).

ART's examples load their data with ``art.utils.load_mnist``/``load_cifar10``/``load_stl`` or
``load_dataset(name)``, each returning ``(x_train, y_train), (x_test, y_test), min_, max_``. The
shapes below are read from ART 1.20's ``art/utils.py`` (the loaders reshape and transpose to
channels last themselves, whatever Keras' image data format is):

=========================  ==============================  ==============================  ========
loader                     x_train / x_test                y_train / y_test                min, max
=========================  ==============================  ==============================  ========
``load_mnist()``           (60000, 28, 28, 1) / (10000,…)  (60000, 10) / (10000, 10)       0.0, 1.0
``load_mnist(raw=True)``   (60000, 28, 28) / (10000, …)    (60000,) / (10000,)             0.0, 255.0
``load_cifar10()``         (50000, 32, 32, 3) / (10000,…)  (50000, 10) / (10000, 10)       0.0, 1.0
``load_cifar10(raw=True)`` (50000, 32, 32, 3) / (10000,…)  (50000,) / a list (unknown)     0.0, 255.0
``load_stl()``             (5000, 96, 96, 3) / (8000, …)   (5000, 10) / (8000, 10)         0.0, 1.0
=========================  ==============================  ==============================  ========

Without ``raw``, ``preprocess`` scales ``x`` and one-hot encodes ``y`` with its default
``nb_classes=10``. ``load_dataset(name)`` tests ``"mnist" in name`` first, then ``"cifar10"``,
then ``"stl10"`` (so ``"fashion_mnist"`` loads MNIST); the other datasets (iris, nursery,
diabetes) are not followed. ``art.utils.preprocess(x, y, nb_classes=10)`` and
``to_categorical(labels, nb_classes)`` keep ``x`` and give ``(n, nb_classes)`` labels.

``TensorFlowV2Classifier(model, nb_classes, input_shape)`` calls a subclassed Keras ``model`` on
batches of ``(batch, *input_shape)`` (``channels_first=False``, the default): the model is
followed on such a batch where the classifier is made.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.interp.overlays import keras_subclass
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.interp.values import NOT_FOLLOWED, Arg, ObjectValue
from lstmlint.shapes import UNKNOWN, is_int
from lstmlint.source.imports import Ref

# name: (train, test, x dims per sample when preprocessed, x dims per sample when raw)
_LOADERS: dict[str, tuple[int, int, tuple[int, ...], tuple[int, ...] | None]] = {
    "mnist": (60000, 10000, (28, 28, 1), (28, 28)),
    "cifar10": (50000, 10000, (32, 32, 3), (32, 32, 3)),
    "stl": (5000, 8000, (96, 96, 3), None),  # ``load_stl`` has no ``raw``
}
_CLASSES = 10  # ``preprocess``'s default ``nb_classes``, which every loader uses
# ``load_dataset``'s tests, in its order
_BY_NAME = (("mnist", "mnist"), ("cifar10", "cifar10"), ("stl10", "stl"))


def _argument(args: list[Arg], position: int, keyword: str, default: Any) -> Any:
    pos = [a.value for a in args if a.keyword is None]
    if len(pos) > position:
        return pos[position]
    return next((a.value for a in args if a.keyword == keyword), default)


_CLAIMED = frozenset(
    f"art.utils.{name}"
    for name in ("load_dataset", "load_mnist", "load_cifar10", "load_stl", "preprocess", "to_categorical")
)

_TF2_CLASSIFIER = frozenset(
    {
        "art.estimators.classification.TensorFlowV2Classifier",
        "art.estimators.classification.tensorflow.TensorFlowV2Classifier",
    }
)


class ArtOverlay(Overlay):
    name = "art"

    def claims(self, qual: str) -> bool:
        return qual in _CLAIMED or qual in _TF2_CLASSIFIER

    def tf2_classifier(self, args: list[Arg], node: cst.Call) -> None:
        """``TensorFlowV2Classifier(model, nb_classes, input_shape, ...)`` runs ``model`` (a
        subclassed Keras model) on batches of ``(batch, *input_shape)``: followed on that."""
        model, shape = _argument(args, 0, "model", None), _argument(args, 2, "input_shape", None)
        if not isinstance(model, ObjectValue) or model.cls.library_base != "Model":
            return
        if not isinstance(shape, tuple) or not shape or not all(is_int(d) for d in shape):
            return
        if _argument(args, 6, "channels_first", False) is not False:
            return
        keras = self.ctx.overlays.keras
        keras_subclass.follow_on_data(keras, model, ArrayValue((UNKNOWN, *shape), node), node)

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        if ref.qual in _TF2_CLASSIFIER and args is not None:
            self.tf2_classifier(args, node)
            return NOT_FOLLOWED  # the classifier itself is not followed; the model is passed on
        module, _, function = ref.qual.rpartition(".")
        if module != "art.utils" or args is None:
            return NOT_FOLLOWED
        if function == "load_dataset":
            name = _argument(args, 0, "name", UNKNOWN)
            if len(args) != 1 or not isinstance(name, str):
                return NOT_FOLLOWED
            loader = next((loader for key, loader in _BY_NAME if key in name), None)
            return self.load(loader, False, node) if loader else NOT_FOLLOWED
        if function in ("load_mnist", "load_cifar10"):
            raw = _argument(args, 0, "raw", False)
            if len(args) > 1 or not isinstance(raw, bool):
                return NOT_FOLLOWED
            return self.load(function.removeprefix("load_"), raw, node)
        if function == "load_stl" and not args:
            return self.load("stl", False, node)
        if function == "preprocess":
            return self.preprocess(args, node)
        if function == "to_categorical":
            labels, classes = _argument(args, 0, "labels", None), _argument(args, 1, "nb_classes", None)
            if isinstance(labels, ArrayValue) and len(labels.dims) == 1 and is_int(classes):
                return ArrayValue((labels.dims[0], classes), node)
        return NOT_FOLLOWED

    @staticmethod
    def load(loader: str, raw: bool, node: cst.Call) -> Any:
        train, test, per_sample, per_raw = _LOADERS[loader]
        if raw:
            assert per_raw is not None
            x_train, x_test = ArrayValue((train, *per_raw), node), ArrayValue((test, *per_raw), node)
            # cifar10's raw test labels are the pickled Python list
            y_test = UNKNOWN if loader == "cifar10" else ArrayValue((test,), node)
            return (x_train, ArrayValue((train,), node)), (x_test, y_test), 0.0, 255.0
        train_split = (ArrayValue((train, *per_sample), node), ArrayValue((train, _CLASSES), node))
        test_split = (ArrayValue((test, *per_sample), node), ArrayValue((test, _CLASSES), node))
        return train_split, test_split, 0.0, 1.0

    @staticmethod
    def preprocess(args: list[Arg], node: cst.Call) -> Any:
        x, y = _argument(args, 0, "x", None), _argument(args, 1, "y", None)
        classes = _argument(args, 2, "nb_classes", _CLASSES)
        if not isinstance(x, ArrayValue) or not isinstance(y, ArrayValue) or not is_int(classes):
            return NOT_FOLLOWED
        n = y.dims[0] if y.dims else UNKNOWN
        return ArrayValue(x.dims, node), ArrayValue((n, classes), node)
