"""Codemod-style before/after pairs for every fix, in each import style and model style.

Each case runs the whole engine (``fix_source``): find, build, apply, re-analyse, verify.
"""

from __future__ import annotations

import textwrap

import pytest

from lstmlint.api import lint_source
from lstmlint.fix import build_fixes, fix_source


def fixed(code: str, unsafe: bool = False) -> str:
    out = fix_source(textwrap.dedent(code), "model.py", unsafe=unsafe)
    assert out.result.internal_error is None
    return out.fixed


def same(before: str, after: str, unsafe: bool = False) -> None:
    assert fixed(before, unsafe) == textwrap.dedent(after)


# ------------------------------------------------------------ return_sequences=True
STACKS = {
    "keras-layers": (
        "from keras import Input, layers\n",
        "layers.LSTM",
    ),
    "tf-keras": ("import tensorflow as tf\nfrom tensorflow.keras import Input\n", "tf.keras.layers.LSTM"),
    "alias-L": ("from tensorflow.keras import Input\nfrom tensorflow.keras import layers as L\n", "L.LSTM"),
    "from-import": ("from keras import Input\nfrom keras.layers import LSTM\n", "LSTM"),
    "module-alias": ("import keras.layers as KL\nfrom keras import Input\n", "KL.LSTM"),
}


@pytest.mark.parametrize("style", sorted(STACKS))
def test_functional_stack_in_each_import_style(style: str) -> None:
    head, lstm = STACKS[style]
    before = head + f"inp = Input(shape=(10, 3))\nx = {lstm}(16)(inp)\ny = {lstm}(8)(x)\n"
    after = head + f"inp = Input(shape=(10, 3))\nx = {lstm}(16, return_sequences=True)(inp)\ny = {lstm}(8)(x)\n"
    assert fixed(before) == after


def test_sequential_list_through_dropout() -> None:
    same(
        """\
        import keras
        from keras import layers

        model = keras.Sequential(
            [
                keras.Input(shape=(50, 4)),
                layers.LSTM(64),   # the hidden layer
                layers.Dropout(0.2),
                layers.LSTM(32),
                layers.Dense(1),
            ]
        )
        """,
        """\
        import keras
        from keras import layers

        model = keras.Sequential(
            [
                keras.Input(shape=(50, 4)),
                layers.LSTM(64, return_sequences=True),   # the hidden layer
                layers.Dropout(0.2),
                layers.LSTM(32),
                layers.Dense(1),
            ]
        )
        """,
    )


def test_add_chain_fixes_every_hidden_layer() -> None:
    same(
        """\
        from keras.models import Sequential
        from keras.layers import LSTM, Dense

        model = Sequential()
        model.add(LSTM(20, input_shape=(3, 1)))
        model.add(LSTM(20))
        model.add(LSTM(20))
        model.add(Dense(1))
        """,
        """\
        from keras.models import Sequential
        from keras.layers import LSTM, Dense

        model = Sequential()
        model.add(LSTM(20, return_sequences=True, input_shape=(3, 1)))
        model.add(LSTM(20, return_sequences=True))
        model.add(LSTM(20))
        model.add(Dense(1))
        """,
    )


def test_bidirectional_gets_the_flag_on_its_inner_layer() -> None:
    same(
        """\
        from tensorflow import keras
        from tensorflow.keras import layers

        inp = keras.Input(shape=(7, 5))
        x = layers.Bidirectional(layers.LSTM(8), merge_mode="sum")(inp)
        y = layers.LSTM(4)(x)
        """,
        """\
        from tensorflow import keras
        from tensorflow.keras import layers

        inp = keras.Input(shape=(7, 5))
        x = layers.Bidirectional(layers.LSTM(8, return_sequences=True), merge_mode="sum")(inp)
        y = layers.LSTM(4)(x)
        """,
    )


def test_bidirectional_in_a_sequential_list() -> None:
    same(
        """\
        import keras
        from keras import layers

        model = keras.Sequential([
            keras.Input(shape=(7, 5)),
            layers.Bidirectional(layers.GRU(8)),
            layers.GRU(4),
        ])
        """,
        """\
        import keras
        from keras import layers

        model = keras.Sequential([
            keras.Input(shape=(7, 5)),
            layers.Bidirectional(layers.GRU(8, return_sequences=True)),
            layers.GRU(4),
        ])
        """,
    )


def test_conv1d_after_lstm_lst104() -> None:
    same(
        """\
        import keras
        from keras import layers

        inp = keras.Input(shape=(12, 3))
        x = layers.LSTM(16)(inp)
        x = layers.Conv1D(8, 3)(x)
        """,
        """\
        import keras
        from keras import layers

        inp = keras.Input(shape=(12, 3))
        x = layers.LSTM(16, return_sequences=True)(inp)
        x = layers.Conv1D(8, 3)(x)
        """,
    )


def test_concatenate_with_a_last_state_lst112() -> None:
    same(
        """\
        import tensorflow as tf

        inputs = tf.keras.Input(shape=(20, 6))
        lstm1 = tf.keras.layers.LSTM(32)(inputs)
        concat = tf.keras.layers.Concatenate()([inputs, lstm1])
        """,
        """\
        import tensorflow as tf

        inputs = tf.keras.Input(shape=(20, 6))
        lstm1 = tf.keras.layers.LSTM(32, return_sequences=True)(inputs)
        concat = tf.keras.layers.Concatenate()([inputs, lstm1])
        """,
    )


# ------------------------------------------------------------------- safety
SHARED = """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 3))
x = layers.LSTM(16)(inp)
y = layers.LSTM(8)(x)
flat = layers.Flatten()(x)
model = keras.Model(inp, [y, flat])
"""


def test_flag_is_unsafe_when_the_layer_also_feeds_something_else() -> None:
    result = lint_source(SHARED, "model.py")
    [fix] = build_fixes(result)
    assert not fix.safe and "Flatten" in fix.why_unsafe and "line 7" in fix.why_unsafe
    out = fix_source(SHARED, "model.py")
    assert out.fixed == SHARED and not out.applied
    [diag] = out.result.diagnostics
    assert any("unsafe fix available with --unsafe-fixes" in n for n in diag.notes)
    unsafe = fix_source(SHARED, "model.py", unsafe=True)
    assert "layers.LSTM(16, return_sequences=True)(inp)" in unsafe.fixed
    assert not unsafe.result.diagnostics


def test_flag_is_unsafe_when_the_output_is_a_model_output() -> None:
    code = (
        "import keras\nfrom keras import layers\n\ninp = keras.Input(shape=(10, 3))\n"
        "x = layers.LSTM(16)(inp)\ny = layers.LSTM(8)(x)\nmodel = keras.Model(inp, [x, y])\n"
    )
    [fix] = build_fixes(lint_source(code, "m.py"))
    assert not fix.safe and "model output" in fix.why_unsafe


def test_no_fix_when_the_output_is_used_where_the_analysis_cannot_check_it() -> None:
    code = (
        "import keras\nfrom keras import layers\n\ninp = keras.Input(shape=(10, 3))\n"
        "x = layers.LSTM(16)(inp)\ny = layers.LSTM(8)(x)\nlast = x[:, -1]\n"
    )
    assert build_fixes(lint_source(code, "m.py")) == []
    # a later binding of the same name is another tensor: it does not count
    rebound = code.replace("last = x[:, -1]\n", "x = layers.Dense(2)(y)\nprint(x)\n")
    [fix] = build_fixes(lint_source(rebound, "m.py"))
    assert fix.safe


def test_one_layer_feeding_two_failing_consumers_is_safe() -> None:
    same(
        """\
        import tensorflow as tf
        from tensorflow.keras import layers as L

        inputs = tf.keras.Input(shape=(24, 3))
        peep = L.RNN(L.LSTMCell(16))(inputs)
        stacked = L.RNN([L.LSTMCell(16), L.GRUCell(8)], return_sequences=True)(inputs)
        merged = L.Concatenate()([stacked, peep])
        bi = L.Bidirectional(L.GRU(8))(peep)
        """,
        """\
        import tensorflow as tf
        from tensorflow.keras import layers as L

        inputs = tf.keras.Input(shape=(24, 3))
        peep = L.RNN(L.LSTMCell(16), return_sequences=True)(inputs)
        stacked = L.RNN([L.LSTMCell(16), L.GRUCell(8)], return_sequences=True)(inputs)
        merged = L.Concatenate()([stacked, peep])
        bi = L.Bidirectional(L.GRU(8))(peep)
        """,
    )


def test_a_fix_that_would_introduce_an_error_is_not_applied() -> None:
    code = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inp = keras.Input(shape=(10, 3))
        x = layers.LSTM(8)(inp)
        y = layers.LSTM(4)(x)
        z = layers.RepeatVector(3)(x)
        """
    )
    out = fix_source(code, "m.py", unsafe=True)
    assert out.fixed == code and not out.applied
    [diag] = out.result.diagnostics
    assert diag.code == "LST101"
    assert any("fix not applied: it would introduce LST103 at line 7" in n for n in diag.notes)


# ------------------------------------------------------------ return_sequences=False
def test_repeat_vector_after_a_sequence_lst103() -> None:
    same(
        """\
        from tensorflow import keras
        from tensorflow.keras import layers

        x = keras.Input(shape=(12, 2))
        encoded = layers.LSTM(16, return_sequences=True)(x)
        repeated = layers.RepeatVector(12)(encoded)
        """,
        """\
        from tensorflow import keras
        from tensorflow.keras import layers

        x = keras.Input(shape=(12, 2))
        encoded = layers.LSTM(16)(x)
        repeated = layers.RepeatVector(12)(encoded)
        """,
    )


def test_repeat_vector_in_a_sequential_list() -> None:
    same(
        """\
        import keras
        from keras import layers

        model = keras.Sequential([
            keras.Input(shape=(12, 2)),
            layers.LSTM(16, return_sequences=True),
            layers.RepeatVector(12),
            layers.LSTM(16, return_sequences=True),
        ])
        """,
        """\
        import keras
        from keras import layers

        model = keras.Sequential([
            keras.Input(shape=(12, 2)),
            layers.LSTM(16),
            layers.RepeatVector(12),
            layers.LSTM(16, return_sequences=True),
        ])
        """,
    )


# ---------------------------------------------------------------- projections
PROJ = {
    "keras-layers": (
        "import keras\nfrom keras import layers\n",
        "keras.Input",
        "layers.LSTM",
        "layers.Add",
        None,
        "layers.Dense",
    ),
    "tf-keras": (
        "import tensorflow as tf\n",
        "tf.keras.Input",
        "tf.keras.layers.LSTM",
        "tf.keras.layers.Add",
        None,
        "tf.keras.layers.Dense",
    ),
    "alias-L": (
        "import tensorflow as tf\nfrom tensorflow.keras import layers as L\n",
        "tf.keras.Input",
        "L.LSTM",
        "L.Add",
        None,
        "L.Dense",
    ),
    "from-import-adds-Dense": (
        "from keras import Input\nfrom keras.layers import LSTM, Add\n",
        "Input",
        "LSTM",
        "Add",
        "from keras.layers import LSTM, Add, Dense\n",
        "Dense",
    ),
    "from-import-has-Dense": (
        "from keras import Input\nfrom keras.layers import LSTM, Add, Dense\n",
        "Input",
        "LSTM",
        "Add",
        None,
        "Dense",
    ),
    "functional-add": (
        "import keras\nfrom keras import layers\n",
        "keras.Input",
        "layers.LSTM",
        "layers.add",
        None,
        "layers.Dense",
    ),
}


@pytest.mark.parametrize("style", sorted(PROJ))
def test_projection_in_each_import_style(style: str) -> None:
    head, inp, lstm, add, new_head, dense = PROJ[style]
    body = (
        f"inputs = {inp}(shape=(9, 1))\n"
        f"enc = {lstm}(64, return_sequences=True)(inputs)\n"
        f"dec = {lstm}(20, return_sequences=True)(enc)\n"
        "# skip connection\n"
        "skip = {add}([enc, {arg}])  # merge\n"
    )
    call = add if add.endswith("add") else add + "()"
    before = head + body.format(add=call, arg="dec")
    after_body = body.replace("# skip connection\n", f"# skip connection\ndec_proj = {dense}(64)(dec)\n")
    after = ((new_head and head.replace(head.splitlines()[-1] + "\n", new_head)) or head) + after_body.format(
        add=call, arg="dec_proj"
    )
    assert fixed(before) == before, "a projection adds weights: never applied without --unsafe-fixes"
    assert fixed(before, unsafe=True) == after


def test_projection_combined_with_return_sequences_lst110() -> None:
    same(
        """\
        import tensorflow as tf

        inputs = tf.keras.Input(shape=(20, 6))
        lstm1 = tf.keras.layers.LSTM(32)(inputs)
        add = tf.keras.layers.Add()([inputs, lstm1])
        """,
        """\
        import tensorflow as tf

        inputs = tf.keras.Input(shape=(20, 6))
        lstm1 = tf.keras.layers.LSTM(32, return_sequences=True)(inputs)
        inputs_proj = tf.keras.layers.Dense(32)(inputs)
        add = tf.keras.layers.Add()([inputs_proj, lstm1])
        """,
        unsafe=True,
    )


def test_projection_name_is_fresh() -> None:
    same(
        """\
        import keras
        from keras import layers

        def block(a, b):
            y_proj = 1
            return layers.Add()([a, b])

        inp = keras.Input(shape=(5, 3))
        x = layers.LSTM(8, return_sequences=True)(inp)
        y = layers.LSTM(4, return_sequences=True)(x)
        s = layers.Subtract()([y, x])
        """,
        """\
        import keras
        from keras import layers

        def block(a, b):
            y_proj = 1
            return layers.Add()([a, b])

        inp = keras.Input(shape=(5, 3))
        x = layers.LSTM(8, return_sequences=True)(inp)
        y = layers.LSTM(4, return_sequences=True)(x)
        y_proj2 = layers.Dense(8)(y)
        s = layers.Subtract()([y_proj2, x])
        """,
        unsafe=True,
    )


# ---------------------------------------------------------------- RepeatVector
def test_repeat_vector_on_a_vector_branch_of_a_concatenate() -> None:
    same(
        """\
        import keras
        from keras import layers

        seq = keras.Input(shape=(20, 6))
        meta = keras.Input(shape=(4,))
        both = layers.Concatenate()([seq, meta])
        """,
        """\
        import keras
        from keras import layers

        seq = keras.Input(shape=(20, 6))
        meta = keras.Input(shape=(4,))
        meta_seq = layers.RepeatVector(20)(meta)
        both = layers.Concatenate()([seq, meta_seq])
        """,
        unsafe=True,
    )


def test_broadcast_warning_lst111_is_an_unsafe_return_sequences_fix() -> None:
    code = textwrap.dedent(
        """\
        from tensorflow.keras import Input, Model, layers

        inputs = Input(shape=(20, 32))
        last = layers.LSTM(32)(inputs)
        skip = layers.Add()([inputs, last])
        """
    )
    assert fixed(code) == code
    assert fixed(code, unsafe=True) == code.replace("LSTM(32)", "LSTM(32, return_sequences=True)")


def test_broadcast_of_a_plain_vector_gets_an_explicit_repeat_vector() -> None:
    same(
        """\
        import keras
        from keras import layers

        seq = keras.Input(shape=(20, 8))
        vec = layers.Dense(8)(keras.Input(shape=(3,)))
        out = layers.Multiply()([seq, vec])
        """,
        """\
        import keras
        from keras import layers

        seq = keras.Input(shape=(20, 8))
        vec = layers.Dense(8)(keras.Input(shape=(3,)))
        vec_seq = layers.RepeatVector(20)(vec)
        out = layers.Multiply()([seq, vec_seq])
        """,
        unsafe=True,
    )


# ------------------------------------------------------------- batch_input_shape
def test_batch_input_shape_in_a_sequential_list() -> None:
    same(
        """\
        import keras
        from keras import layers

        model = keras.Sequential([
            layers.LSTM(8, batch_input_shape=(32, 10, 3)),
            layers.Dense(1),
        ])
        """,
        """\
        import keras
        from keras import layers

        model = keras.Sequential([
            layers.Input(batch_shape=(32, 10, 3)),
            layers.LSTM(8),
            layers.Dense(1),
        ])
        """,
    )


def test_batch_input_shape_in_an_add_chain() -> None:
    same(
        """\
        from keras.models import Sequential
        from keras.layers import LSTM, Dense

        model = Sequential()
        model.add(LSTM(8, stateful=True, batch_input_shape=(32, 10, 3)))
        model.add(Dense(1))
        """,
        """\
        from keras.models import Sequential
        from keras.layers import LSTM, Dense, Input

        model = Sequential()
        model.add(Input(batch_shape=(32, 10, 3)))
        model.add(LSTM(8, stateful=True))
        model.add(Dense(1))
        """,
    )


# ------------------------------------------------------------ engine behaviour
def test_nothing_to_fix_leaves_the_text_alone() -> None:
    code = "import keras\nx = keras.Input(shape=(3, 2))\ny = keras.layers.LSTM(4)(x)\n"
    out = fix_source(code, "m.py", unsafe=True)
    assert out.fixed == code and not out.applied and not out.changed


def test_fixing_twice_equals_fixing_once() -> None:
    code = textwrap.dedent(
        """\
        import tensorflow as tf

        inputs = tf.keras.Input(shape=(20, 6))
        lstm1 = tf.keras.layers.LSTM(32)(inputs)
        add = tf.keras.layers.Add()([inputs, lstm1])
        l2 = tf.keras.layers.LSTM(32)(add)
        l3 = tf.keras.layers.LSTM(32)(l2)
        """
    )
    once = fix_source(code, "m.py", unsafe=True)
    twice = fix_source(once.fixed, "m.py", unsafe=True)
    assert once.changed and twice.fixed == once.fixed and not twice.applied


def test_rounds_fix_what_an_earlier_error_hid() -> None:
    code = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inp = keras.Input(shape=(10, 3))
        x = layers.LSTM(8)(inp)
        c = layers.Conv1D(4, 3)(x)
        d = layers.LSTM(4)(c)
        e = layers.LSTM(2)(d)
        """
    )
    first = lint_source(code, "m.py")
    assert [x.code for x in first.diagnostics] == ["LST104"], "the LSTM at line 8 is hidden behind line 6"
    out = fix_source(code, "m.py")
    assert [(a.code, a.line) for a in out.applied] == [("LST104", 6), ("LST101", 8)]
    assert out.fixed == code.replace("LSTM(8)", "LSTM(8, return_sequences=True)").replace(
        "LSTM(4)", "LSTM(4, return_sequences=True)"
    )
    assert not out.result.diagnostics


def test_with_select_a_fix_may_not_bring_in_an_unselected_finding() -> None:
    from lstmlint.api import Options

    code = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inp = keras.Input(shape=(10, 3))
        x = layers.LSTM(8)(inp)
        y = layers.LSTM(4)(x)
        z = layers.RepeatVector(3)(x)
        """
    )
    out = fix_source(code, "m.py", Options(select=frozenset({"LST101"})), unsafe=True)
    assert out.fixed == code
    assert any("would introduce LST103" in n for d in out.result.diagnostics for n in d.notes)
    only = fix_source(code, "m.py", Options(ignore=frozenset({"LST101"})), unsafe=True)
    assert only.fixed == code and not only.result.diagnostics, "an ignored finding is not fixed"


def test_batch_input_shape_on_a_later_or_functional_layer_is_dropped() -> None:
    same(
        """\
        import keras
        from keras import layers

        model = keras.Sequential(name="m")
        model.add(keras.Input(shape=(10, 3)))
        model.add(layers.LSTM(8, batch_input_shape=(32, 10, 3)))
        inp = keras.Input(shape=(10, 3))
        x = layers.GRU(4, batch_input_shape=(None, 10, 3), return_sequences=True)(inp)
        """,
        """\
        import keras
        from keras import layers

        model = keras.Sequential(name="m")
        model.add(keras.Input(shape=(10, 3)))
        model.add(layers.LSTM(8))
        inp = keras.Input(shape=(10, 3))
        x = layers.GRU(4, return_sequences=True)(inp)
        """,
    )
