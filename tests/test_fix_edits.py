"""The libcst edits under every fix: exact before/after text, formatting and comments kept."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from lstmlint.fix.edits import (
    AddImportName,
    EditConflict,
    InsertBefore,
    InsertElement,
    ReplaceExpr,
    SetKeyword,
    apply_edits,
)


def _first_call(module: cst.Module, func: str) -> cst.Call:
    found: list[cst.Call] = []

    class V(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if module.code_for_node(node.func) == func:
                found.append(node)

    module.visit(V())
    return found[0]


def _kw(code: str, name: str, value: str | None, func: str = "LSTM") -> str:
    m = cst.parse_module(textwrap.dedent(code))
    return apply_edits(m, [SetKeyword(_first_call(m, func), name, value)]).code


@pytest.mark.parametrize(
    "before, after",
    [
        ("x = LSTM(8)(y)\n", "x = LSTM(8, return_sequences=True)(y)\n"),
        ("x = LSTM(8, activation='tanh')(y)\n", "x = LSTM(8, return_sequences=True, activation='tanh')(y)\n"),
        ("x = LSTM(units=8)(y)\n", "x = LSTM(units=8, return_sequences=True)(y)\n"),
        ("x = LSTM()(y)\n", "x = LSTM(return_sequences=True)(y)\n"),
        ("x = LSTM(8, return_sequences=False)(y)\n", "x = LSTM(8, return_sequences=True)(y)\n"),
        # keyword spacing follows the call's own style
        ("x = LSTM(8, dropout = 0.1)(y)\n", "x = LSTM(8, return_sequences = True, dropout = 0.1)(y)\n"),
        # multi-line, trailing comma
        (
            "x = LSTM(\n    8,\n    dropout=0.1,\n)(y)\n",
            "x = LSTM(\n    8,\n    return_sequences=True,\n    dropout=0.1,\n)(y)\n",
        ),
        (
            "x = LSTM(\n    8,\n)(y)\n",
            "x = LSTM(\n    8,\n    return_sequences=True,\n)(y)\n",
        ),
        (
            "x = LSTM(\n    8\n)(y)\n",
            "x = LSTM(\n    8,\n    return_sequences=True\n)(y)\n",
        ),
        # a comment after the comma stays where it was, once
        (
            "x = LSTM(\n    8,  # units\n    dropout=0.1,\n)(y)\n",
            "x = LSTM(\n    8,  # units\n    return_sequences=True,\n    dropout=0.1,\n)(y)\n",
        ),
    ],
)
def test_set_keyword(before: str, after: str) -> None:
    assert _kw(before, "return_sequences", "True") == after


@pytest.mark.parametrize(
    "before, after",
    [
        ("x = LSTM(16, return_sequences=True)(y)\n", "x = LSTM(16)(y)\n"),
        ("x = LSTM(16, return_sequences=True, dropout=0.1)(y)\n", "x = LSTM(16, dropout=0.1)(y)\n"),
        (
            "x = LSTM(\n    16,\n    return_sequences=True,\n)(y)\n",
            "x = LSTM(\n    16,\n)(y)\n",
        ),
        ("x = LSTM(16)(y)\n", "x = LSTM(16)(y)\n"),
    ],
)
def test_remove_keyword(before: str, after: str) -> None:
    assert _kw(before, "return_sequences", None) == after


def test_insert_before_moves_comments_above_new_statement_and_keeps_indentation() -> None:
    code = textwrap.dedent(
        """\
        def build(a, b):
            h = 1

            # the skip connection
            s = Add()([a, b])  # note
            return s
        """
    )
    m = cst.parse_module(code)
    call = _first_call(m, "Add()")
    stmt = m.body[0].body.body[1]
    a = call.args[0].value.elements[0].value
    out = apply_edits(m, [InsertBefore(stmt, ("a_proj = Dense(4)(a)\n",)), ReplaceExpr(a, "a_proj")]).code
    assert out == textwrap.dedent(
        """\
        def build(a, b):
            h = 1

            # the skip connection
            a_proj = Dense(4)(a)
            s = Add()([a_proj, b])  # note
            return s
        """
    )


def test_crlf_is_kept_for_inserted_statements() -> None:
    code = "import x\r\ns = Add()([a, b])\r\n"
    m = cst.parse_module(code)
    stmt = m.body[1]
    out = apply_edits(m, [InsertBefore(stmt, ("a_proj = Dense(4)(a)\n",))]).code
    assert out == "import x\r\na_proj = Dense(4)(a)\r\ns = Add()([a, b])\r\n"


@pytest.mark.parametrize(
    "before, after",
    [
        ("from keras.layers import LSTM, Add\n", "from keras.layers import LSTM, Add, Dense\n"),
        ("from keras.layers import LSTM\n", "from keras.layers import LSTM, Dense\n"),
        (
            "from keras.layers import (\n    LSTM,\n    Add,\n)\n",
            "from keras.layers import (\n    LSTM,\n    Add,\n    Dense,\n)\n",
        ),
        ("from keras.layers import LSTM, Dense\n", "from keras.layers import LSTM, Dense\n"),
    ],
)
def test_add_import_name(before: str, after: str) -> None:
    m = cst.parse_module(before)
    assert apply_edits(m, [AddImportName(m.body[0].body[0], "Dense")]).code == after


@pytest.mark.parametrize(
    "before, after",
    [
        (
            "m = Sequential([LSTM(8), Dense(1)])\n",
            "m = Sequential([Input(batch_shape=(4, 3, 2)), LSTM(8), Dense(1)])\n",
        ),
        (
            "m = Sequential([\n    LSTM(8),\n    Dense(1),\n])\n",
            "m = Sequential([\n    Input(batch_shape=(4, 3, 2)),\n    LSTM(8),\n    Dense(1),\n])\n",
        ),
        ("m = Sequential([LSTM(8)])\n", "m = Sequential([Input(batch_shape=(4, 3, 2)), LSTM(8)])\n"),
    ],
)
def test_insert_element(before: str, after: str) -> None:
    m = cst.parse_module(before)
    seq = _first_call(m, "Sequential").args[0].value
    assert apply_edits(m, [InsertElement(seq, 0, "Input(batch_shape=(4, 3, 2))")]).code == after


def test_same_edit_twice_counts_once_and_conflicts_are_refused() -> None:
    m = cst.parse_module("x = LSTM(8)(y)\n")
    call = _first_call(m, "LSTM")
    twice = [SetKeyword(call, "return_sequences", "True"), SetKeyword(call, "return_sequences", "True")]
    assert apply_edits(m, twice).code == "x = LSTM(8, return_sequences=True)(y)\n"
    with pytest.raises(EditConflict):
        apply_edits(m, [SetKeyword(call, "return_sequences", "True"), SetKeyword(call, "return_sequences", None)])


def test_untouched_code_is_byte_identical() -> None:
    code = "x  =  LSTM( 8 )( y )   # odd spacing\n\n\n# trailing comment\nz = [1,2 ,3]\n"
    m = cst.parse_module(code)
    out = apply_edits(m, [SetKeyword(_first_call(m, "LSTM"), "return_sequences", "True")]).code
    assert out == code.replace("LSTM( 8 )", "LSTM( 8, return_sequences=True )")
