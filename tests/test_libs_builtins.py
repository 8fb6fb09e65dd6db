"""Python builtins the layer libraries' test suites build their models with (fast tier).

Plain Python semantics, checked on abstract values (nothing is run):

* ``eval(s)`` of a string the analysis knows is parsed as an expression and evaluated in the
  current scope (hls4ml: ``eval(layer)(x)`` with ``layer = 'PConcatenate()'`` a pytest
  parameter, ``eval('HGQ.layers.' + layer)``); a string not known, not an expression, or
  given its own namespaces stays unknown. A finding made inside the string is shown at the
  ``eval`` call.
* ``"a" + "b"`` and ``"Conv%dD" % 2`` on known strings; ``getattr(layers, name)`` with a known
  name on a library module; ``issubclass`` of the program's classes; ``dict.pop`` and
  ``dict.setdefault`` with a known key.
* A pytest parametrization of strings left out of the cap rides along (each value at least
  once) instead of being unknown: a string may be code or a name that builds something.

Keras ground truth for the corpus pairs ``libs_eval_layer_string``, ``libs_getattr_conv_name``
and ``libs_kwargs_pop`` is checked by ``tests/test_corpus.py``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from lstmlint.api import FileResult, lint_source
from lstmlint.settings import Options

HEAD3 = """\
import keras
from keras import layers
"""


def lint(body: str, keras: str = "3") -> FileResult:
    result = lint_source(HEAD3 + textwrap.dedent(body), "prog.py", Options(isolated=True, keras_version=keras))
    assert result.internal_error is None, result.internal_error
    return result


def findings(result: FileResult) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in result.diagnostics]


def outputs(result: FileResult) -> list[list[str]]:
    assert result.analysis is not None
    return [[str(t.shape) for t in m.outputs] for m in result.analysis.models]


# ----------------------------------------------------------------------------- eval
EVAL_BUILD = """
def build(spec):
    inp = keras.Input((10, 4))
    out = eval(spec)(inp)
    return keras.Model(inp, layers.Dense(2)(out))

build({spec})
"""


def test_eval_of_a_known_string_builds_its_layer() -> None:
    result = lint(EVAL_BUILD.format(spec='"layers.LSTM(5)"'))
    assert outputs(result) == [["(None, 2)"]]
    result = lint(EVAL_BUILD.format(spec='"layers." + "LSTM(5, return_sequences=True)"'))
    assert outputs(result) == [["(None, 10, 2)"]]


def test_eval_finding_is_shown_at_the_eval_call() -> None:
    body = """
    inp = keras.Input((10, 4))
    x = eval("layers.LSTM(5)")(inp)
    x = eval("layers.LSTM(3)")(x)
    model = keras.Model(inp, x)
    """
    result = lint(body)
    assert findings(result) == [(6, "LST101")]  # the second ``eval`` line (2 header lines, 1 blank)
    assert result.diagnostics[0].column == 5


def test_eval_of_unknown_or_invalid_strings_stays_unknown() -> None:
    for spec in ("spec_from_elsewhere", '"layers.LSTM(5"', '"x = 1"'):
        body = f"""
        def build(spec_from_elsewhere):
            inp = keras.Input((10, 4))
            out = eval({spec})(inp)
            return keras.Model(inp, layers.LSTM(3)(out))

        build(unknown_name())
        """
        result = lint(body)
        assert findings(result) == []
        assert outputs(result) == [["(None, 3)"]], spec  # the LSTM after it: its input unknown


def test_eval_with_namespaces_or_nested_is_bounded() -> None:
    body = """
    inp = keras.Input((10, 4))
    a = eval("layers.Dense(3)", {})(inp)
    s = "eval(s)"
    b = eval(s)
    model = keras.Model(inp, a)
    """
    result = lint(body)
    assert findings(result) == []
    assert outputs(result) == [["(unknown)"]]


def test_eval_reads_the_current_scope() -> None:
    body = """
    units = 7
    inp = keras.Input((4,))
    model = keras.Model(inp, eval("layers.Dense(units)")(inp))
    """
    assert outputs(lint(body)) == [["(None, 7)"]]


# ----------------------------------------------------------------------------- strings, getattr
def test_string_concatenation_and_percent_formatting() -> None:
    body = """
    def conv_model(dims):
        conv = getattr(layers, "Conv%dD" % dims)
        inp = keras.Input([7, 6, 5][:dims] + [4])
        return keras.Model(inp, conv(filters=12, kernel_size=3)(inp))

    conv_model(1)
    conv_model(2)
    """
    assert outputs(lint(body)) == [["(None, 5, 12)"], ["(None, 5, 4, 12)"]]


def test_percent_formatting_refuses_what_python_refuses_or_huge_widths() -> None:
    from lstmlint.interp.pybuiltins import format_percent
    from lstmlint.shapes import UNKNOWN

    assert format_percent("Conv%dD", 3) == "Conv3D"
    assert format_percent("%s_%d", ("dense", 2)) == "dense_2"
    assert format_percent("%d", "x") is UNKNOWN
    assert format_percent("%09999999d", 1) is UNKNOWN
    assert format_percent("%*d", (3, 4)) is UNKNOWN


def test_getattr_with_an_unknown_name_stays_unknown() -> None:
    body = """
    def build(name):
        inp = keras.Input((7, 4))
        return keras.Model(inp, getattr(layers, name)(3)(inp))

    build(input())
    """
    result = lint(body)
    assert findings(result) == []
    assert outputs(result) == [["(unknown)"]]


# ----------------------------------------------------------------------------- issubclass
ISSUBCLASS = """
class Base(keras.layers.Layer):
    pass

class Cell(Base):
    def __init__(self, size, **kw):
        super().__init__(**kw)
        self.state_size = size

    def call(self, x, states):
        return x, states

def build(cls):
    inp = keras.Input((None, 3))
    if issubclass(cls, Base):
        layer = layers.RNN(cls(6), return_sequences=True)
    else:
        layer = layers.Dense(5)
    return keras.Model(inp, layer(inp))

build(Cell)
build(layers.Dense)
"""


def test_issubclass_of_the_programs_classes_decides_the_branch() -> None:
    assert outputs(lint(ISSUBCLASS)) == [["(None, None, 6)"], ["(None, None, 5)"]]


def test_issubclass_values() -> None:
    from lstmlint.interp.pybuiltins import _subclass
    from lstmlint.interp.values import ClassValue
    from lstmlint.shapes import UNKNOWN
    from lstmlint.source.imports import Ref

    layer = Ref("keras.layers.Layer")
    base = ClassValue(node=None, attrs={}, bases=[layer], library_base="Layer")  # type: ignore[arg-type]
    child = ClassValue(node=None, attrs={}, bases=[base], library_base="Layer")  # type: ignore[arg-type]
    other = ClassValue(node=None, attrs={}, bases=[Ref("builtins.object")], library_base=None)  # type: ignore[arg-type]
    assert _subclass(child, base, 0) is True
    assert _subclass(child, layer, 0) is True
    assert _subclass(base, child, 0) is False
    assert _subclass(other, base, 0) is False
    assert _subclass(Ref("keras.layers.Dense"), base, 0) is False
    assert _subclass(Ref("keras.layers.Dense"), layer, 0) is UNKNOWN  # a library class's own bases


# ----------------------------------------------------------------------------- dict methods
def test_dict_pop_and_setdefault_with_a_known_key() -> None:
    body = """
    kwargs = dict(units=16, return_sequences=False, size=3)
    size = kwargs.pop("size")
    kwargs.setdefault("units", 99)
    extra = kwargs.pop("missing", 5)
    inp = keras.Input((9, size + extra - 5))
    x = layers.LSTM(**kwargs)(inp)
    model = keras.Model(inp, x)
    """
    result = lint(body)
    assert outputs(result) == [["(None, 16)"]]
    assert result.analysis is not None
    assert str(result.analysis.models[0].inputs[0].shape) == "(None, 9, 3)"


def test_dict_pop_of_a_missing_key_without_default_forgets_the_dict() -> None:
    body = """
    kwargs = dict(units=16)
    kwargs.pop("missing")
    inp = keras.Input((9, 3))
    model = keras.Model(inp, layers.LSTM(**kwargs)(inp))
    """
    result = lint(body)
    assert findings(result) == []
    assert outputs(result) == [["(unknown)"]]


# ----------------------------------------------------------------------------- pytest strings
def test_a_string_parametrization_rides_along_instead_of_unknown() -> None:
    body = """
    import pytest

    @pytest.mark.parametrize("spec", ["layers.LSTM(5)", "layers.GRU(4)", "layers.SimpleRNN(3)"])
    @pytest.mark.parametrize("a", [1, 2])
    @pytest.mark.parametrize("b", [1, 2])
    @pytest.mark.parametrize("c", [1, 2])
    @pytest.mark.parametrize("d", [1, 2])
    @pytest.mark.parametrize("e", [1, 2])
    def test_it(spec, a, b, c, d, e):
        inp = keras.Input((10, a + b + c + d + e))
        out = eval(spec)(inp)
        model = keras.Model(inp, out)
    """
    result = lint(body)
    widths = {shapes[0] for shapes in outputs(result)}
    assert {"(None, 5)", "(None, 4)", "(None, 3)"} <= widths


def test_eval_in_a_followed_module_is_shown_at_the_importing_call(tmp_path: Path) -> None:
    from lstmlint.api import lint_file

    (tmp_path / "helper.py").write_text(
        "import keras\nfrom keras import layers\n\n\ndef block(x, spec):\n"
        "    x = eval(spec)(x)\n    return layers.LSTM(3)(x)\n"
    )
    main = tmp_path / "main.py"
    main.write_text(
        'import keras\nfrom helper import block\n\ninp = keras.Input((10, 4))\nmodel = keras.Model(inp, block(inp, "layers.LSTM(8)"))\n'
    )
    result = lint_file(str(main), Options(isolated=True, keras_version="3"))
    assert result.internal_error is None, result.internal_error
    assert findings(result) == [(5, "LST101")]
