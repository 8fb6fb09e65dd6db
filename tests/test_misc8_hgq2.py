"""Issue 10, script corpus (round 8, MISC): hgq2's layers (``layers/hgq2.py``), and an
``except ImportError:`` that only skips.

hls4ml's tests build ``QEinsum(equation)([a, b])`` and ``QMultiHeadAttention(4, 8,
fuse='none')(q, k, v)`` from hgq2 (import root ``hgq``; Keras 3 only), after
``try: from hgq.layers import QEinsum`` / ``except ImportError: pytest.skip(...,
allow_module_level=True)``. A handler that ends calling a function that never returns
(``pytest.skip``, ``sys.exit``) is no path out of the ``try``, as one that ends in ``raise``
(``interp/flow.py`` ``ends_in_exit``). The shapes are hgq2 0.2.0's on keras 3.15.1, measured by
``tests/test_misc8_hgq2_keras.py`` where hgq2 is installed. Fast tier: the interpreter only."""

from __future__ import annotations

import pytest
from interpreted import codes, interpret

from lstmlint.layers.libraries import library_kind
from lstmlint.layers.spec import spec_for
from lstmlint.source.keras_target import KerasVersion

# (equation, first input, second input, the output hgq2 gives or None: not followed)
EINSUM: list[tuple[str, tuple[int | None, ...], tuple[int | None, ...], tuple[int | None, ...] | None]] = [
    ("xbi,xj->xbij", (8, 16), (16,), (None, 8, 16, 16)),
    ("xbi,xio->xbo", (7, 8), (8, 9), (None, 7, 9)),
    ("xi,xoi->xo", (16,), (20, 16), (None, 20)),
    ("xabcd,xbcde->xaeb", (2, 4, 8, 16), (4, 8, 16, 3), (None, 2, 3, 4)),
    # hgq2 refuses these (an unknown size to quantize, sizes that differ): no finding either
    ("xbi,xio->xbo", (7, None), (8, 9), None),
    ("xbi,xio->xbo", (7, 8), (5, 9), None),
]

PROGRAM = """
import keras
import pytest

try:
    from hgq.layers import QEinsum, QMultiHeadAttention
except ImportError:
    pytest.skip("HGQ2 is not installed", allow_module_level=True)

a = keras.Input(FIRST)
b = keras.Input(SECOND)
out = QEinsum(EQUATION, name="einsum")([a, b])
"""


def einsum_output(equation: str, first: tuple[int | None, ...], second: tuple[int | None, ...]) -> object:
    code = PROGRAM.replace("EQUATION", repr(equation)).replace("FIRST", repr(first)).replace("SECOND", repr(second))
    return interpret(code, "3").globals["out"].shape.dims


@pytest.mark.parametrize(("equation", "first", "second", "expected"), EINSUM)
def test_qeinsum(
    equation: str,
    first: tuple[int | None, ...],
    second: tuple[int | None, ...],
    expected: tuple[int | None, ...] | None,
) -> None:
    assert einsum_output(equation, first, second) == expected


def test_qmultiheadattention_is_keras_multi_head_attention() -> None:
    g = interpret(
        """
        import keras
        from hgq.layers import QMultiHeadAttention
        q = keras.layers.Input((8, 9))
        k = keras.layers.Input((12, 7))
        v = keras.layers.Input((12, 7))
        out = QMultiHeadAttention(4, 8, name="mha", fuse="none")(q, k, v)
        other = QMultiHeadAttention(4, 8, output_shape=5)(q, v)
        """,
        "3",
    ).globals
    assert str(g["out"].shape) == "(None, 8, 9)"
    assert str(g["other"].shape) == "(None, 8, 5)"


def test_hgq2_is_its_own_library_on_keras3() -> None:
    assert library_kind("hgq.layers.QEinsum") == "QEinsum"
    assert library_kind("hgq.layers.attn.mha.QMultiHeadAttention") == "QMultiHeadAttention"
    assert library_kind("HGQ.layers.QEinsum") is None  # HGQ (Keras 2) has no such class
    spec = spec_for("QMultiHeadAttention")
    assert spec is not None and spec.library == "hgq"
    assert spec.accepts("fuse", KerasVersion.KERAS3) and spec.accepts("num_heads", KerasVersion.KERAS3)
    assert spec.accepted(KerasVersion.KERAS2) is None
    # judged by Keras 3, its keywords are hgq2's own: nothing refused
    assert (
        codes(
            """
        import keras
        from hgq.layers import QMultiHeadAttention
        q = keras.Input((8, 9))
        out = QMultiHeadAttention(4, 8, fuse="qkv", parallelization_factor=2)(q, q)
        """
        )
        == []
    )


@pytest.mark.parametrize(
    "handler",
    [
        "pytest.skip('no hgq2', allow_module_level=True)",
        "sys.exit(0)",
        "pytest.fail('needs hgq2')",
        "raise",
    ],
)
def test_a_handler_that_never_returns_is_no_path(handler: str) -> None:
    g = interpret(
        f"""
        import sys
        import pytest
        try:
            from hgq.layers import QEinsum
        except ImportError:
            {handler}
        layer = QEinsum
        """,
        "3",
    ).globals
    assert getattr(g["layer"], "qual", None) == "hgq.layers.QEinsum"


def test_a_handler_that_returns_is_a_path() -> None:
    g = interpret(
        """
        import pytest
        try:
            from hgq.layers import QEinsum
        except ImportError:
            pytest.importorskip("hgq")
            QEinsum = None
        layer = QEinsum
        """,
        "3",
    ).globals
    assert getattr(g["layer"], "qual", None) != "hgq.layers.QEinsum"
