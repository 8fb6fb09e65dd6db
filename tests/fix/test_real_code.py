"""Fixes that reach real code (issue 15): inside helper functions and factories, gates, repeat
counts, a vector fed to a recurrent layer, ConvLSTM2D stacks, a subclassed model's encoder, the
frames of a ``TimeDistributed`` CNN (a ``Flatten``/pooling wrapped, ``TimeDistributed(Flatten())``
inserted), one sample given to ``predict``; and a summary that agrees with the report. Codemod
tests: the whole engine (find, build, apply, re-analyse, verify) on text, in every import style
of ``cases.STYLES``; ``test_real_code_keras.py`` builds the same cases in Keras."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from cases import CASES, STYLES, after, before
from click.testing import CliRunner

from lstmlint.api import lint_source
from lstmlint.cli import main
from lstmlint.docs import explain
from lstmlint.fix import build_fixes, fix_source
from lstmlint.fix.engine import summary


def _clean(text: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_source(text, "model.py").diagnostics]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fix_in_each_import_style(name: str, style: str) -> None:
    case = CASES[name]
    bad, good = before(case, style), after(case, style)
    assert _clean(bad), "the case must have a finding to fix"
    assert _clean(good) == [], "the expected result must be clean"
    out = fix_source(bad, "model.py", unsafe=True)
    assert out.fixed == good
    assert len(out.applied) == len(_clean(bad))
    plain = fix_source(bad, "model.py").fixed
    assert plain == (good if case.safe else bad), "unsafe fixes only with --unsafe-fixes"


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_fix_has_a_one_line_title_and_a_safety(name: str) -> None:
    result = lint_source(before(CASES[name], "keras-layers"), "model.py")
    fixes = build_fixes(result)
    assert fixes
    for f in fixes:
        assert f.title and "\n" not in f.title
        assert f.safe is CASES[name].safe
        assert f.safe or (f.why_unsafe and "\n" not in f.why_unsafe)


def test_helper_fix_is_written_once_in_terms_of_the_parameter() -> None:
    text = before(CASES["helper-residual-block"], "keras-layers")
    out = fix_source(text, "model.py", unsafe=True)
    assert "Dense(width)" in out.fixed and "Dense(32)" not in out.fixed and "Dense(64)" not in out.fixed
    assert out.fixed.count("Dense(") == 1
    assert out.result.diagnostics == []


def test_helper_with_a_wrapped_width_uses_the_branch_shape() -> None:
    # the wide branch is `Bidirectional(LSTM(width // 2))` behind a Dropout: no single parameter
    # is its width, so the projection reads it from the branch, which holds at every call
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers


        def block(x, width, rate=0.1):
            h = layers.Bidirectional(layers.LSTM(width // 2, return_sequences=True))(x)
            h = layers.Dropout(rate)(h)
            return layers.Add()([x, h])


        inputs = keras.Input(shape=(12, 16))
        x = block(inputs, 16)
        x = block(x, 32)
        model = keras.Model(inputs, x)
        """
    )
    out = fix_source(text, "model.py", unsafe=True)
    assert "    x_proj = layers.Dense(h.shape[-1])(x)\n    return layers.Add()([x_proj, h])\n" in out.fixed
    assert out.result.diagnostics == []


def test_a_dense_that_also_feeds_something_else_is_projected_not_resized() -> None:
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inputs = keras.Input(shape=(10, 8))
        h = layers.LSTM(48)(inputs)
        g = layers.Dense(24, activation="sigmoid")(h)
        y = layers.Multiply()([h, g])
        model = keras.Model(inputs, [y, g])
        """
    )
    out = fix_source(text, "model.py", unsafe=True)
    assert 'layers.Dense(24, activation="sigmoid")' in out.fixed
    assert "g_proj = layers.Dense(48)(g)" in out.fixed


def test_a_recurrent_narrow_branch_keeps_its_units() -> None:
    # a recurrent layer's units are the model's capacity: the other side is projected
    text = before(CASES["factory-hidden-half"], "keras-layers")
    out = fix_source(text, "model.py", unsafe=True)
    assert "hidden // 2" in out.fixed and "Dense(hidden)(b)" in out.fixed


def test_a_pooled_vector_gets_no_reshape() -> None:
    # the vector summarises a sequence (global pooling): reading its channels as steps is not a fix
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inputs = keras.Input(shape=(8, 5))
        y = layers.Conv1D(16, 3, padding="same")(inputs)
        y = layers.GlobalMaxPooling1D()(y)
        y = layers.LSTM(8)(y)
        model = keras.Model(inputs, y)
        """
    )
    assert _clean(text) == [(7, "LST101")]
    assert fix_source(text, "model.py", unsafe=True).fixed == text


def test_dense_vector_into_lstm_in_a_sequential_list() -> None:
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        model = keras.Sequential([
            keras.Input(shape=(3,)),
            layers.Dense(12),
            layers.LSTM(8),
            layers.Dense(1),
        ])
        """
    )
    out = fix_source(text, "model.py", unsafe=True)
    assert out.fixed == text.replace("    layers.LSTM(8),\n", "    layers.Reshape((12, 1)),\n    layers.LSTM(8),\n")
    assert out.result.diagnostics == []


def test_an_input_without_a_time_axis_gets_no_reshape() -> None:
    # the data fed to the Input may have the time axis the Input lacks: that is the user's call
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inputs = keras.Input(shape=(12,))
        x = layers.GRU(8)(inputs)
        model = keras.Model(inputs, x)
        """
    )
    assert _clean(text) == [(5, "LST101")]
    assert fix_source(text, "model.py", unsafe=True).fixed == text


def test_vector_into_gru_with_model_add() -> None:
    text = textwrap.dedent(
        """\
        from tensorflow import keras

        model = keras.Sequential()
        model.add(keras.Input(shape=(1,)))
        model.add(keras.layers.Dense(16))
        model.add(keras.layers.GRU(8))
        """
    )
    out = fix_source(text, "model.py", unsafe=True)
    expected = text.replace(
        "model.add(keras.layers.GRU(8))", "model.add(keras.layers.Reshape((16, 1)))\nmodel.add(keras.layers.GRU(8))"
    )
    assert out.fixed == expected
    assert out.result.diagnostics == []


def test_explain_pages_have_a_fix_section() -> None:
    page = explain("LST101")
    fix = page[page.index("## Fix\n") :]
    assert "Reshape((n, 1))" in fix and "RepeatVector(steps)" in fix and "unsafe" in fix
    assert "units" in explain("LST110")[explain("LST110").index("## Fix\n") :]
    assert "RepeatVector(6)" in explain("LST112")


# ---------------------------------------------------------------- the summary agrees
def test_applied_fixes_give_the_original_line(tmp_path: Path) -> None:
    # the projection is inserted above the Add (line 7): the list names line 7, not 8
    path = tmp_path / "block.py"
    path.write_text(before(CASES["helper-residual-block"], "keras-layers"), encoding="utf-8")
    r = CliRunner().invoke(main, ["--diff", "--no-color", str(path)])
    assert r.exit_code == 1
    assert f"{path}:7: LST110 would fix (unsafe): project `x` with `Dense(width)`" in r.stderr


def test_descriptions_name_lines_of_the_original_file() -> None:
    # two rounds: the first inserts a line above the later finding; the description written in
    # the second round still names lines as they are in the file the user has
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inputs = keras.Input(shape=(10, 16))
        a = layers.LSTM(32, return_sequences=True)(inputs)
        s = layers.Add()([inputs, a])
        g = layers.Dense(8, activation="sigmoid")(s)
        y = layers.Multiply()([s, g])
        model = keras.Model(inputs, y)
        """
    )
    out = fix_source(text, "model.py", unsafe=True)
    assert out.result.diagnostics == []
    lines = {(a.code, a.line): a.description for a in out.applied}
    assert ("LST110", 6) in lines and ("LST110", 8) in lines
    assert lines[("LST110", 8)] == "set `units` of the `Dense` at line 7 to `32` (was `8`)"


def test_notebook_diff_counts_what_remains(tmp_path: Path) -> None:
    nb = tmp_path / "nb.ipynb"
    cells: list[dict[str, object]] = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": src}
        for src in (
            "import keras\nfrom keras import layers\n",
            "inputs = keras.Input(shape=(10, 4))\nx = layers.LSTM(8)(inputs)\nx = layers.LSTM(4)(x)\n",
        )
    ]
    nb.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    r = CliRunner().invoke(main, ["--diff", "--no-color", str(nb)])
    assert r.exit_code == 1
    assert "none remain" not in r.stderr
    assert "1 remains" in r.stderr


def test_fix_summary_counts_what_the_report_counts(tmp_path: Path) -> None:
    # an unused suppression is a warning in the report: the summary counts it as remaining too
    path = tmp_path / "m.py"
    path.write_text(
        textwrap.dedent(
            """\
            import keras
            from keras import layers

            inputs = keras.Input(shape=(10, 4))
            x = layers.LSTM(8)(inputs)
            x = layers.LSTM(4)(x)
            y = layers.Dense(3)(inputs)  # lstmlint: ignore[LST101]
            """
        ),
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["--fix", "--no-color", str(path)])
    lines = r.stdout.splitlines()
    assert "Found 0 errors and 1 warning in 1 file (1 file checked)." in lines
    assert "Fixed 1 problem; 1 remains." in lines
    assert f"{path}:6: LST101 fixed (safe): set `return_sequences=True` on the `LSTM` at line 5" in r.stderr


def test_summary_with_results_counts_unfixed_files() -> None:
    text = "import keras\nfrom keras import layers\nx = layers.LSTM(4)(keras.Input(shape=(3,)))\n"
    result = lint_source(text, "nb.ipynb")
    assert summary([], dry_run=True, results=[result]) == "Would fix 0 problems; 1 remains."


def test_no_repeat_vector_along_a_one_hot_axis() -> None:
    # (None, 2, 10) is two one-hot codes, not two time steps: repeating the numeric vector twice
    # would build, but as a model of a different shape than meant
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        numeric = keras.Input(shape=(3,))
        codes = keras.Input(shape=(2,), dtype="int32")
        cat = layers.CategoryEncoding(num_tokens=10, output_mode="one_hot")(codes)
        x = layers.Concatenate()([numeric, cat])
        model = keras.Model([numeric, codes], x)
        """
    )
    assert _clean(text) == [(7, "LST112")]
    assert fix_source(text, "model.py", unsafe=True).fixed == text


# ------------------------------------------------------ sequences of frames (TimeDistributed)
def test_explain_states_the_choice_for_frames() -> None:
    fix = explain("LST101")[explain("LST101").index("## Fix\n") :]
    assert "TimeDistributed(Flatten())" in fix and "TimeDistributed(GlobalAveragePooling2D())" in fix
    assert "unsafe" in fix
    assert "TimeDistributed(...)" in explain("LST104")[explain("LST104").index("## Fix\n") :]


def test_frames_into_lstm_title_and_reason_state_the_choice() -> None:
    result = lint_source(before(CASES["frames-into-lstm"], "keras-layers"), "model.py")
    (fix,) = build_fixes(result)
    assert not fix.safe
    assert "TimeDistributed(Flatten())" in fix.title and "GlobalAveragePooling2D" in fix.title
    assert "GlobalAveragePooling2D" in fix.why_unsafe


def test_frames_straight_from_an_input_get_no_flatten() -> None:
    # a 5-D Input is not a per-frame stack lstmlint saw being built: how to fold it is the user's call
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        frames = keras.Input(shape=(16, 48, 48, 3))
        x = layers.LSTM(8)(frames)
        model = keras.Model(frames, x)
        """
    )
    assert _clean(text) == [(5, "LST101")]
    assert fix_source(text, "model.py", unsafe=True).fixed == text


def test_pooling_wrapped_is_unsafe_when_the_frames_reach_a_model_output() -> None:
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        frames = keras.Input(shape=(16, 48, 48, 3))
        x = layers.TimeDistributed(layers.Conv2D(16, 3, strides=2))(frames)
        x = layers.GlobalAveragePooling2D()(x)
        outputs = layers.Dense(4, activation="softmax")(x)
        model = keras.Model(frames, outputs)
        """
    )
    assert fix_source(text, "model.py").fixed == text  # the model output would become per frame
    out = fix_source(text, "model.py", unsafe=True)
    assert "x = layers.TimeDistributed(layers.GlobalAveragePooling2D())(x)\n" in out.fixed
    assert not out.applied[0].safe


def test_a_chain_of_per_frame_layers_is_wrapped_layer_by_layer() -> None:
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        frames = keras.Input(shape=(16, 48, 48, 3))
        x = layers.TimeDistributed(layers.Conv2D(16, 3, strides=2))(frames)
        x = layers.Conv2D(8, 3)(x)
        x = layers.MaxPooling2D(2)(x)
        x = layers.GlobalMaxPooling2D()(x)
        x = layers.LSTM(4)(x)
        model = keras.Model(frames, x)
        """
    )
    out = fix_source(text, "model.py")  # safe: the frames end in an LSTM
    for layer in ("Conv2D(8, 3)", "MaxPooling2D(2)", "GlobalMaxPooling2D()"):
        assert f"layers.TimeDistributed(layers.{layer})(x)" in out.fixed
    assert [a.line for a in out.applied] == [6, 7, 8] and out.result.diagnostics == []


def test_frames_fix_in_a_helper_is_written_once_for_every_call() -> None:
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers


        def video_encoder(frames, filters):
            x = layers.TimeDistributed(layers.Conv2D(filters, 3, activation="relu"))(frames)
            x = layers.TimeDistributed(layers.MaxPooling2D(2))(x)
            x = layers.Flatten()(x)
            return layers.LSTM(filters)(x)


        a = keras.Input(shape=(8, 32, 32, 3))
        b = keras.Input(shape=(8, 16, 16, 1))
        model = keras.Model([a, b], layers.Concatenate()([video_encoder(a, 16), video_encoder(b, 8)]))
        """
    )
    out = fix_source(text, "model.py")  # safe: both calls' Flatten feed only their failing LSTM
    assert out.fixed == text.replace("layers.Flatten()(x)", "layers.TimeDistributed(layers.Flatten())(x)")
    assert out.result.diagnostics == []


def test_a_flatten_of_one_sequence_is_not_wrapped() -> None:
    # Embedding -> Flatten -> LSTM: the Flatten merged (time, features), not frames; dropping it is
    # the user's call
    text = textwrap.dedent(
        """\
        import keras
        from keras import layers

        inputs = keras.Input(shape=(20,), dtype="int32")
        x = layers.Embedding(100, 8)(inputs)
        x = layers.Flatten()(x)
        x = layers.LSTM(4)(x)
        model = keras.Model(inputs, x)
        """
    )
    assert _clean(text) == [(7, "LST101")]
    assert fix_source(text, "model.py", unsafe=True).fixed == text


# ------------------------------------------------------- the corpus table (docs/fixes.md)
def test_corpus_table_gives_a_reason_for_every_finding_left() -> None:
    from fix_table import END, START, survey, table

    rows = survey()
    assert len(rows) >= 100, "the corpus is found, not listed"
    assert any(r.fixed and not r.left for r in rows) and any(r.left for r in rows)
    for r in rows:
        for code, line, reason in r.left:
            assert code.startswith("LST") and line > 0 and reason and "\n" not in reason
    text = table(rows)
    cured = sum(1 for r in rows if r.found and not r.left)
    assert f"cures {cured} " in text
    doc = (Path(__file__).resolve().parents[2] / "docs" / "fixes.md").read_text(encoding="utf-8")
    assert START in doc and END in doc
