"""The hand-written ``__init__`` of the frozen value classes made by the hundred thousand (``Arg``,
``Sym``, ``Ref``) keeps what the dataclass gave (equality, hashing, immutability, pickling,
``replace``), and ``Scope.find`` answers as ``Scope.lookup`` does without raising."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from lstmlint.interp.values import Arg, Scope
from lstmlint.shapes.dims import Sym
from lstmlint.source.imports import Ref


@pytest.mark.parametrize(
    ("a", "same", "other"),
    [
        (Arg(None, 3), Arg(None, 3, ""), Arg("units", 3)),
        (Arg("x", (1, 2), "*"), Arg("x", (1, 2), star="*"), Arg("x", (1, 2))),
        (Sym("n", ("free", "n")), Sym("shown differently", ("free", "n")), Sym("n", ("var", "n", 1))),
        (Ref("keras.layers"), Ref(qual="keras.layers"), Ref("keras.layers.LSTM")),
    ],
)
def test_equality_hashing_and_copies_are_the_dataclasses(a: object, same: object, other: object) -> None:
    assert a == same and hash(a) == hash(same)
    assert a != other
    assert pickle.loads(pickle.dumps(a)) == a
    assert dataclasses.replace(a) == a  # type: ignore[type-var]
    field = dataclasses.fields(a)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(a, field, "changed")


def test_fields_and_repr() -> None:
    assert (Arg("k", 1).keyword, Arg("k", 1).value, Arg("k", 1).star) == ("k", 1, "")
    assert repr(Arg(None, 1, "**")) == "Arg(keyword=None, value=1, star='**')"
    assert repr(Sym("n", ("free", "n"))) == "Sym(name='n', key=('free', 'n'))"
    assert str(Sym("n", ("free", "n"))) == "n"
    assert Ref("keras").attr("layers") == Ref("keras.layers")
    assert dataclasses.replace(Sym("n", ("free", "n")), name="m").name == "m"


def test_find_is_lookup_without_the_exception() -> None:
    outer = Scope()
    outer["a"] = 1
    outer["none"] = None
    inner = Scope(parent=outer)
    inner["b"] = 2
    inner["a"] = 3  # shadows
    missing = object()
    for name in ("a", "b", "none", "absent"):
        try:
            expected = inner.lookup(name)
        except KeyError:
            expected = missing
        assert inner.find(name, missing) is expected or inner.find(name, missing) == expected
    assert inner.find("absent") is None
    assert outer.find("b", missing) is missing
