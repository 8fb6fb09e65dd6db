"""What scikit-learn means: ``train_test_split`` keeps each array's shape but the first axis."""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.interp.values import NOT_FOLLOWED, Arg
from lstmlint.shapes import UNKNOWN
from lstmlint.source.imports import Ref


class SklearnOverlay(Overlay):
    name = "sklearn"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        if args is None or not ref.qual.endswith("model_selection.train_test_split"):
            return NOT_FOLLOWED
        pos = [a.value for a in args if a.keyword is None]
        if not pos or not all(isinstance(p, ArrayValue) and p.dims for p in pos):
            return NOT_FOLLOWED
        out = []
        for p in pos:
            out += [ArrayValue((UNKNOWN,) + p.dims[1:], node), ArrayValue((UNKNOWN,) + p.dims[1:], node)]
        return out
