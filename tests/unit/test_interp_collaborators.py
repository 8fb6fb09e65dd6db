"""The interpreter is built from collaborators: one dispatch table, library overlays registered in
one dict, Python evaluation that knows no library, one findings sink, statement facts computed
once per node, and branches judged "reads a shape" on the condition itself (fast tier)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import libcst as cst

from lstmlint.interp import Context, analyze
from lstmlint.interp.names import NameIndex, fast_text
from lstmlint.interp.overlays import OVERLAYS, Overlay
from lstmlint.interp.values import Scope

INTERP = Path(__file__).resolve().parents[2] / "lstmlint" / "interp"
# the modules that evaluate Python: none of them may know a library
PYTHON_ONLY = ("evaluator", "flow", "functions", "classes", "pybuiltins", "names", "values")
LIBRARY_PACKAGES = ("lstmlint.graph", "lstmlint.layers", "lstmlint.interp.overlays", "lstmlint.codes",
                    "lstmlint.findings")


def analysis(code: str) -> Context:
    ctx = Context(cst.parse_module(textwrap.dedent(code)))
    ctx.run()
    return ctx


def codes(code: str) -> list[str]:
    return [str(f.problem.code) for f in analyze(cst.parse_module(textwrap.dedent(code))).findings]


def test_python_evaluation_imports_no_library_knowledge() -> None:
    for name in PYTHON_ONLY:
        tree = ast.parse((INTERP / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(LIBRARY_PACKAGES), (name, node.module)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith(LIBRARY_PACKAGES), (name, alias.name)
                    assert alias.name.split(".")[0] not in ("keras", "tensorflow", "numpy"), (name, alias.name)


def test_no_mixins_and_no_getattr_dispatch() -> None:
    for path in INTERP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "Mixin" not in text, path
        assert 'getattr(self, f"' not in text, path


def test_overlays_are_registered_in_one_dict() -> None:
    assert {"keras", "numpy", "keras_ops", "tf", "sklearn"} <= set(OVERLAYS)
    assert next(iter(OVERLAYS)) == "keras"          # asked first: `keras.*` names win
    assert all(issubclass(cls, Overlay) for cls in OVERLAYS.values())
    ctx = Context(cst.parse_module(""))
    assert [type(o) for o in ctx.overlays.all] == list(OVERLAYS.values())


def test_one_dispatch_table_covers_statements_and_expressions() -> None:
    table = Context(cst.parse_module("")).evaluator.table
    for kind in (cst.If, cst.For, cst.While, cst.Try, cst.With, cst.FunctionDef, cst.ClassDef,
                 cst.SimpleStatementLine, cst.Assign, cst.Return, cst.Name, cst.Call, cst.ListComp):
        assert kind in table, kind


def test_unknown_statement_is_forgotten_not_followed() -> None:
    ctx = analysis("""
        import keras
        x = keras.Input((5, 3))
        match x:
            case _:
                x = 1
    """)
    assert any("`match` statement not followed" in why for _, why in ctx.result.lost)
    assert ctx.globals["x"].shape.dims is None      # forgotten: unknown, never wrong


def test_names_index_walks_each_node_once() -> None:
    module = cst.parse_module(textwrap.dedent("""
        for i in data:
            a, (b, *c) = f(i)
            def g(q):
                inner = 1
            import os.path
            total += [k for k in i]
            del d
    """))
    loop = module.body[0]
    index = NameIndex()
    assert index.assigned(loop) == {"i", "a", "b", "c", "g", "os", "total", "d"}
    assert "inner" not in index.assigned(loop) and "k" not in index.assigned(loop)
    assert {"data", "f", "path", "q", "inner"} <= index.mentioned(loop)
    first = index.assigned(loop)
    assert index.assigned(loop) is first            # the same frozenset: no second walk
    assert index.mentioned(loop) is index.mentioned(loop)
    assert len(index._cache) == 1


def test_fast_text_matches_the_source() -> None:
    for text in ("x", "x.shape", "self.layers.dense", "42"):
        node = cst.parse_expression(text)
        assert fast_text(node) == cst.Module([]).code_for_node(node) == text
    for text in ("x . shape", "(x).shape", "f(x)", "x[1]"):
        assert fast_text(cst.parse_expression(text)) is None


def test_source_text_of_symbolic_sizes() -> None:
    ctx = analysis("""
        import keras
        from keras import layers
        inp = keras.Input((X.shape[1], 8))
    """)
    assert str(ctx.globals["inp"].shape) == "(None, X.shape[1], 8)"


BRANCH = """
    import sys
    import keras
    from keras import layers
    mode = sys.argv[1]
    units = int(sys.argv[2])
    inp = keras.Input((5,))
    if {test}:
        y = layers.LSTM(4)(inp)
"""


def test_branch_reading_a_shape_drops_its_findings() -> None:
    for test in ("inp.shape[-1] == units", "len(inp.shape) == units", "inp.ndim == units",
                 "isinstance(mode, list)", "input_shape is None", "inp is not None and mode"):
        assert codes(BRANCH.format(test=test)) == [], test


def test_branch_is_judged_on_the_condition_not_its_text() -> None:
    # the word "shape" in a string, "rank" inside another word: the test reads no shape
    for test in ('mode == "shape"', "mode == 'ndim'", "franklin", "units > 3"):
        assert codes(BRANCH.format(test=test)) == ["LST101"], test


def test_findings_go_through_the_sink_with_their_call_context() -> None:
    ctx = analysis("""
        import keras
        from keras import layers
        def block(x):
            return layers.LSTM(4)(x)
        out = block(keras.Input((5,)))
    """)
    (finding,) = ctx.result.findings
    assert [type(n).__name__ for n in finding.context] == ["Call"]
    mark = ctx.sink.mark()
    ctx.sink.drop_since(mark - 1)
    assert ctx.result.findings == []


def test_scope_lookup_follows_parents() -> None:
    outer = Scope()
    outer["a"] = 1
    inner = Scope(parent=outer)
    assert inner.lookup("a") == 1


def test_a_size_read_from_a_shape_at_an_unknown_axis_still_reads_a_shape() -> None:
    # the pattern of keras.applications' mobilenet_v2/v3: the residual `Add` runs only when the
    # widths agree, which the analysis cannot decide: its side may be dead, so it stays quiet
    code = """
        import keras
        from keras import layers
        def block(x, filters, axis):
            infilters = x.shape[axis]
            y = layers.Dense(filters)(x)
            if infilters == filters:
                return layers.Add()([x, y])
            return y
        out = block(keras.Input((5, 8)), 4, get_axis())
    """
    assert codes(code) == []
    assert codes(code.replace("if infilters == filters:", "if get_axis():")) == ["LST110"]


def test_a_shape_given_by_an_unknown_value_has_an_unknown_rank() -> None:
    ctx = analysis("""
        import keras
        from keras import layers
        shape = helper()
        x = keras.Input(shape=shape)
        y = layers.LSTM(4)(x)
        model = keras.Sequential([layers.Dense(4, input_dim=n_features)])
    """)
    assert ctx.result.findings == []
    assert ctx.globals["x"].shape.dims is None
    assert str(ctx.globals["model"].model.inputs[0].shape) == "(None, n_features)"
