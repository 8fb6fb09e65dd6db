"""``x is None`` / ``x is not None`` on values that cannot be None (interp/classes.py
``never_none``, the comparison in interp/evaluator.py): an instance of a class of the program,
whether its ``__init__`` was followed or not, a Keras layer, a function, a list. An unknown value
(a function's result that may be None, an argument nobody gave) stays undecided. Fast tier."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from lstmlint.api import FileResult, lint_file, lint_source
from lstmlint.settings import Options

HELPER = """\
import keras
from keras import layers


class LastStep(layers.Layer):
    def call(self, x):
        return x[:, -1, :]


def get_frontend(following_layer=None):
    model = keras.Sequential()
    model.add(keras.Input(shape=(100, 16)))
    model.add(layers.Conv1D(32, 5, padding="same"))
    if following_layer is not None:
        model.add(following_layer)
    return model

"""


def lint(code: str) -> FileResult:
    result = lint_source(textwrap.dedent(code), "prog.py", Options(isolated=True))
    assert result.internal_error is None, result.internal_error
    return result


def codes(result: FileResult) -> list[str]:
    return [f"{d.span.line}:{d.code}" for d in result.diagnostics]


def lost(result: FileResult) -> list[str]:
    assert result.analysis is not None
    return [why for _, why in result.analysis.lost]


def outputs(result: FileResult) -> list[str]:
    """The output shapes of the models followed to the end, in order."""
    assert result.analysis is not None
    return [str(m.outputs[0].shape) for m in result.analysis.models if m.outputs and not m.lost]


def line_of(code: str, text: str) -> int:
    return next(i for i, line in enumerate(code.splitlines(), 1) if text in line)


def test_an_instance_of_a_custom_layer_is_not_none() -> None:
    code = HELPER + "plain = get_frontend()\nplain.add(layers.LSTM(8))\npooled = get_frontend(LastStep())\n"
    code += "pooled.add(layers.LSTM(8))  # bad\n"
    result = lint(code)
    assert codes(result) == [f"{line_of(code, '# bad')}:LST101"]
    assert not any("sides of an `if`" in why for why in lost(result))


def test_a_keras_layer_is_not_none_and_the_model_is_followed() -> None:
    code = HELPER + "a = get_frontend(layers.GlobalAveragePooling1D())\na.add(layers.Dense(3))\n"
    code += "b = get_frontend(None)\nb.add(layers.Dense(4))\n"
    result = lint(code)
    assert codes(result) == []
    assert outputs(result) == ["(None, 3)", "(None, 100, 4)"]


def test_is_none_on_functions_classes_and_lists_is_decided() -> None:
    code = HELPER + textwrap.dedent(
        """\
        def make():
            return layers.GlobalAveragePooling1D()

        for thing in (make, LastStep, [], {}):
            if thing is None:
                m = get_frontend(layers.GlobalAveragePooling1D())
            else:
                m = get_frontend()
            m.add(layers.LSTM(8))
        """
    )
    result = lint(code)
    assert codes(result) == []
    assert outputs(result) == ["(None, 8)"] * 4


def test_a_result_that_may_be_none_stays_undecided() -> None:
    code = HELPER + textwrap.dedent(
        """\
        def maybe_pool(flag):
            if flag:
                return layers.GlobalAveragePooling1D()
            return None

        m = get_frontend(maybe_pool(unknown_flag))
        m.add(layers.LSTM(8))
        """
    )
    result = lint(code)
    assert codes(result) == []  # an LSTM after the pooling is an error only on one of the paths
    assert outputs(result) == [] and lost(result)  # the model is not followed past the ``if``


def test_an_unknown_argument_stays_undecided() -> None:
    code = HELPER + textwrap.dedent(
        """\
        from somewhere_unknown import extra_layer

        m = get_frontend(extra_layer)
        m.add(layers.LSTM(8))
        """
    )
    result = lint(code)
    assert codes(result) == []
    assert outputs(result) == []


# ------------------------------------------------------- another module's class, not followed
def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'proj'\n", encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


_SLOW_INIT = "\n".join(f"        v{i} = v{i - 1} + 1" for i in range(1, 3000))


def test_an_instance_whose_init_is_not_followed_is_still_not_none(tmp_path: Path) -> None:
    heavy = (
        "from keras import layers\n\n\n"
        "class Heavy(layers.Layer):\n"
        "    units = 4\n\n"
        "    def __init__(self, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
        f"        v0 = 0\n{_SLOW_INIT}\n"
        "        self.units = 3\n\n"
        "    def call(self, x):\n"
        "        return x[:, -1, :]\n"
    )
    model = """\
    import keras
    from keras import layers
    from heavy import Heavy


    def get_frontend(following_layer=None):
        model = keras.Sequential()
        model.add(keras.Input(shape=(100, 3)))
        if following_layer is not None:
            model.add(following_layer)
        return model


    layer = Heavy()
    m = get_frontend(layer)
    m.add(layers.LSTM(8))
    inputs = keras.Input((3,))
    y = layers.Add()([layers.Dense(layer.units)(inputs), inputs])
    """
    root = _project(tmp_path, {"heavy.py": heavy, "model.py": model})
    result = lint_file(str(root / "model.py"), Options(isolated=True))
    assert result.internal_error is None, result.internal_error
    # its ``call`` is not followed (its state is unknown): no error, and the ``if`` was decided;
    # ``layer.units`` is not the class attribute (``__init__`` sets 3): no false LST110
    assert codes(result) == []
    reasons = lost(result)
    assert any("took more than" in why for why in reasons)
    assert not any("sides of an `if`" in why for why in reasons)
    assert result.analysis is not None and result.locate is not None
    apps: dict[int, list[Any]] = {}
    for app in result.analysis.applications:
        apps.setdefault(result.locate(app.node).line, []).append(app)
    lstm_input = apps[16][0].inputs[0]  # what the model gives the LSTM: ``Heavy``'s unknown output
    assert lstm_input.shape.dims is None and lstm_input.lost is not None
    assert "`Heavy.__init__()` was not followed" in lstm_input.lost[1]
    dense, add = apps[18]
    assert [str(t.shape) for t in dense.outputs] == ["(None, ?)"]  # not the class attribute's 4
    assert [str(t.shape) for t in add.outputs] == ["(None, 3)"]
