"""--annotate: annotated source and static model summaries (what is shown, and that unknown
shapes and counts are ``?``, never guessed). Parameter counts against Keras: test_annotate_params.py."""

from __future__ import annotations

import io
import textwrap

from lstmlint.api import lint_source
from lstmlint.graph.summary import summarize
from lstmlint.report import get_reporter
from lstmlint.report.annotate import annotated_lines, file_summaries, markdown, source_block


def lint(code: str):
    result = lint_source(textwrap.dedent(code), "m.py")
    assert result.internal_error is None, result.internal_error
    return result


def rows(code: str, model: str) -> dict[str, tuple[str, str]]:
    result = lint(code)
    (summary,) = [s for s in summarize(result.analysis, result.locate) if s.name == model]
    return {r.name: (r.output, r.params_text) for r in summary.rows}


def test_layers_after_an_unfollowed_layer_are_listed_with_unknowns() -> None:
    code = """\
        import keras
        from keras import layers
        seq = keras.Sequential([
            layers.Input(shape=(10, 3)),
            layers.LSTM(8, return_sequences=True),
            layers.Lambda(lambda t: helper_from_elsewhere(t)),
            layers.LSTM(4),
            layers.Dense(1),
        ])
    """
    assert rows(code, "seq") == {
        "lstm": ("(None, 10, 8)", "384"),
        "lambda": ("?", "0"),          # its function is not followed: shape unknown (a Lambda has no weights)
        "lstm_1": ("(None, 4)", "?"),  # its input width is unknown, so are its weights
        "dense": ("(None, 1)", "5"),
    }
    result = lint(code)
    (summary,) = file_summaries(result)
    assert summary.total is None and summary.known.total == 389
    assert [r.name for r in summary.unknown_rows] == ["lstm_1"]


def test_unknown_widths_give_unknown_counts_not_guesses() -> None:
    code = """\
        import keras
        from keras import layers
        inp = keras.Input(shape=(30, n_features))
        x = layers.LSTM(width)(inp)
        y = layers.Dense(4)(x)
        model = keras.Model(inp, y)
    """
    assert rows(code, "model") == {
        "input_layer": ("(None, 30, n_features)", "0"),
        "lstm": ("(None, width)", "?"),
        "dense": ("(None, 4)", "?"),
    }


def test_errored_layer_has_unknown_weights_but_weightless_layers_keep_zero() -> None:
    code = """\
        import keras
        from keras import layers
        inp = keras.Input(shape=(8,))
        a = layers.LSTM(4)(inp)
        b = layers.Reshape((3, 3))(inp)
        model = keras.Model(inp, [a, b])
    """
    result = lint(code)
    assert [d.code for d in result.diagnostics] == ["LST101", "LST106"]
    assert rows(code, "model") == {
        "input_layer": ("(None, 8)", "0"),
        "lstm": ("(None, 4)", "?"),       # Keras cannot build it on a 2-D input
        "reshape": ("?", "0"),
    }


def test_annotated_source_marks_each_layer_line() -> None:
    code = """\
        import keras
        from keras import layers

        inp = keras.Input(shape=(12, 4))
        x = layers.GRU(
            8,
            return_sequences=True,
        )(inp)
        print("not part of the model")
        print("not part of the model")
        print("not part of the model")
        print("not part of the model")
        print("not part of the model")
        x = layers.Dense(2)(layers.LSTM(6)(x))
        model = keras.Model(inp, x)
    """
    result = lint(code)
    (summary,) = file_summaries(result)
    block = source_block(annotated_lines(result, summary))
    assert block == [
        " 4 | inp = keras.Input(shape=(12, 4))        # (None, 12, 4)",
        " 5 | x = layers.GRU(",
        " 6 |     8,",
        " 7 |     return_sequences=True,",
        " 8 | )(inp)                                  # (None, 12, 8)",   # a call spanning lines: its last line
        "   | ...",                                                     # unrelated lines folded
        "14 | x = layers.Dense(2)(layers.LSTM(6)(x))  # LSTM: (None, 6); Dense: (None, 2)",
        "15 | model = keras.Model(inp, x)",
    ]


def test_loop_lines_are_counted_not_repeated() -> None:
    code = """\
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input(shape=(5, 2))])
        for _ in range(3):
            m.add(layers.Dense(4))
    """
    result = lint(code)
    (summary,) = file_summaries(result)
    text = "\n".join(source_block(annotated_lines(result, summary)))
    assert "# (None, 5, 4) x3" in text
    assert [r.name for r in summary.rows] == ["dense", "dense_1", "dense_2"]


def test_findings_are_flagged_on_their_line() -> None:
    code = """\
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input(shape=(5, 2)), layers.RepeatVector(3)])
    """
    result = lint(code)
    (summary,) = file_summaries(result)
    (line,) = [ln for ln in annotated_lines(result, summary) if ln.number == 3]
    assert line.codes == ("LST103",)


def test_no_models_is_said_plainly() -> None:
    result = lint("import keras\nprint(keras.__version__)\n")
    out = io.StringIO()
    get_reporter("text")([result], out, color=False, annotate=True)
    assert out.getvalue().startswith("No Keras models found to annotate.")
    assert "No Keras models found" in markdown([result])


def test_markdown_tables_escape_pipes() -> None:
    code = """\
        import keras
        from keras import layers
        inp = keras.Input(shape=(3,), name="a|b")
        model = keras.Model(inp, layers.Dense(2, name="x<y")(inp))
    """
    text = markdown([lint(code)])
    assert "| `a\\|b` (InputLayer) | (None, 3) | 0 | 3 |" in text
    assert "| `x<y` (Dense) | (None, 2) | 8 | 4 |" in text      # inside a code span: no entity


def test_deep_sequential_does_not_recurse() -> None:
    layers = ",\n".join("    layers.Dense(4)" for _ in range(1500))
    code = (f"import keras\nfrom keras import layers\n"
            f"m = keras.Sequential([\n    keras.Input(shape=(4,)),\n{layers}\n])\n")
    result = lint_source(code, "deep.py")
    assert result.internal_error is None
    (summary,) = file_summaries(result)
    assert len(summary.rows) == 1500 and summary.total is not None and summary.total.total == 1500 * 20
