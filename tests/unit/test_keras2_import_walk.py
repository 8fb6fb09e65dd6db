"""``keras2_import_findings`` (LST405) finds a ``tf_keras`` import wherever a statement can be: the
walk reads statements only (imports are statements), never the expressions inside them."""

from __future__ import annotations

import textwrap

import libcst as cst

from lstmlint.rules.versions import keras2_import_findings
from lstmlint.source.keras_target import KerasVersion

NESTED = textwrap.dedent("""\
    import tf_keras as k0
    from tf_keras.layers import LSTM as k1
    import os, tf_keras.layers as k2; from . import tf_keras
    from .tf_keras import x
    import tf_kerasx
    if a:
        import tf_keras as k3
    elif b:
        from tf_keras import layers as k4
    else:
        import tf_keras as k5
    for i in x:
        import tf_keras as k6
    else:
        import tf_keras as k7
    while y: import tf_keras as k8
    try:
        import tf_keras as k9
    except ImportError:
        import tf_keras as k10
    except (OSError, ValueError) as e:
        import tf_keras as k11
    else:
        import tf_keras as k12
    finally:
        import tf_keras as k13
    with open(p) as f:
        import tf_keras as k14
    class C:
        import tf_keras as k15
        def m(self):
            import tf_keras as k16
            async def inner():
                from tf_keras import ops as k17
    @decorator
    def f():
        def g():
            if z:
                import tf_keras as k18
    match v:
        case 1:
            import tf_keras as k19
        case _:
            import tf_keras as k20
    try:
        pass
    except* KeyError:
        import tf_keras as k21
    lam = lambda: __import__("tf_keras")
""")


def _found(text: str, version: KerasVersion = KerasVersion.KERAS3) -> list[str]:
    module = cst.parse_module(text)
    return [cst.Module([]).code_for_node(f.node) for f in keras2_import_findings(module, version)]


def test_every_nested_import_is_found_in_source_order() -> None:
    found = _found(NESTED)
    aliases = [text.split(" as ")[-1].strip().rstrip(",") for text in found]
    assert aliases == [f"k{i}" for i in range(22)], found


def test_keras2_files_and_non_imports_give_nothing() -> None:
    assert _found(NESTED, KerasVersion.KERAS2) == []
    assert _found("x = tf_keras.layers.LSTM(4)\nprint('import tf_keras')\n") == []
